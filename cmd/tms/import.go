package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/anditms/tms/internal/app"
	"github.com/anditms/tms/internal/csvio"
	"github.com/anditms/tms/internal/tms"
)

var kindList = func() string {
	names := make([]string, len(csvio.Kinds))
	for i, k := range csvio.Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}()

// runImport imports a CSV file, drawing a progress bar on a terminal, and prints a report of
// every bad row. It fails when the file had bad rows and nothing was imported.
func runImport(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "import", "import KIND FILE.csv [--dry-run] [--skip-invalid]   (KIND: "+kindList+"; see docs/CSV.md)")
	dryRun := fs.Bool("dry-run", false, "check every row and report; write nothing")
	skip := fs.Bool("skip-invalid", false, "import the good rows even when some rows are bad")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError{"say: import KIND FILE.csv [--dry-run] [--skip-invalid] (KIND: " + kindList + ")"}
	}
	kind, err := kindArg(pos[0])
	if err != nil {
		return err
	}
	f, err := os.Open(pos[1])
	if err != nil {
		return err
	}
	defer f.Close()
	a, err := app.Open(ctx, env.cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = tms.WithActor(ctx, tms.Actor{Email: "cli-import", Source: tms.SourceAPI})
	opts := csvio.Options{DryRun: *dryRun, SkipInvalid: *skip}
	rep, err := csvio.ImportFile(ctx, csvio.Deps{Store: a.Store, Dispatch: a.Dispatch}, kind, f, opts, progress(env.stderr, "importing "+string(kind)))
	printReport(env.stdout, rep)
	if err == nil && rep.Refused() {
		err = errors.New("nothing was imported")
	}
	return err
}

// runExport writes every record of a kind as CSV to standard output or a file.
func runExport(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "export", "export KIND [--out FILE]   (KIND: "+kindList+")")
	out := fs.String("out", "", "write to `FILE` instead of standard output")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"say: export KIND [--out FILE] (KIND: " + kindList + ")"}
	}
	kind, err := kindArg(pos[0])
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, env.cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if *out == "" {
		return csvio.Export(ctx, a.Store, kind, env.stdout)
	}
	return exportFile(ctx, a, kind, *out)
}

// exportFile writes the export to path, removing the file when it fails half way.
func exportFile(ctx context.Context, a *app.App, kind csvio.Kind, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = csvio.Export(ctx, a.Store, kind, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

func kindArg(s string) (csvio.Kind, error) {
	kind, err := csvio.ParseKind(s)
	if err != nil {
		return kind, usageError{tms.ErrorMessage(err)}
	}
	return kind, nil
}

// parseInterspersed parses flags before, between and after the positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
}

// progress draws a bar on w when it is a terminal; elsewhere there is only the report.
func progress(w io.Writer, what string) func(done, total int) {
	if f, ok := w.(*os.File); !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	var bar *progressbar.ProgressBar
	return func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(what),
				progressbar.OptionShowCount(), progressbar.OptionThrottle(65*time.Millisecond),
				progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }))
		}
		_ = bar.Set(done)
	}
}

// printReport writes a summary line and every problem, one per line.
func printReport(w io.Writer, rep csvio.Report) {
	switch {
	case rep.Refused():
		fmt.Fprintf(w, "%s: nothing imported from %d rows; the problems:\n", rep.Kind, rep.Total)
	case rep.DryRun:
		fmt.Fprintf(w, "%s: dry run: %d of %d rows would be imported, %d skipped\n", rep.Kind, rep.Imported, rep.Total, rep.Skipped)
	default:
		fmt.Fprintf(w, "%s: imported %d of %d rows, %d skipped\n", rep.Kind, rep.Imported, rep.Total, rep.Skipped)
	}
	for _, e := range rep.Errors {
		fmt.Fprintln(w, "  "+e.String())
	}
}
