// Command tms is Andi TMS: one binary that serves the JSON API, the web UI and the GPS
// ingest, and carries the operator's tools (migrate, users, seed, backup, healthcheck).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/anditms/tms/internal/config"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *environment, args []string) error
}

// environment is what every command receives: the configuration and the output streams.
type environment struct {
	cfg    config.Config
	stdout io.Writer
	stderr io.Writer
}

func commands() []command {
	return []command{
		{"serve", "run the HTTP server (the default)", runServe},
		{"migrate", "apply database migrations: migrate up | migrate status", runMigrate},
		{"user", "manage users: user create --email E --role R", runUser},
		{"seed", "load the demo data set once: seed --demo", runSeed},
		{"import", "import a CSV file: import KIND FILE.csv [--dry-run] [--skip-invalid]", runImport},
		{"export", "write every record of a kind as CSV: export KIND [--out FILE]", runExport},
		{"docs", "check document storage against the database: docs verify", runDocs},
		{"simulate", "drive simulated trucks against the GPS ingest: simulate --trucks N | --loads --token T", runSimulate},
		{"backup", "archive the embedded database and documents: backup --to FILE", runBackup},
		{"restore", "restore a backup archive into an empty DATA_DIR: restore --from FILE", runRestore},
		{"healthcheck", "exit 0 if this host's /health answers 200 (container HEALTHCHECK)", runHealthcheck},
		{"version", "print the version", runVersion},
	}
}

// usageError makes main print the command's usage and exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
		printUsage(stdout)
		return 0
	}
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	cmd, ok := findCommand(name)
	if !ok {
		fmt.Fprintf(stderr, "tms: unknown command %q\n\n", name)
		printUsage(stderr)
		return 2
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "tms: configuration: %v\n", err)
		return 2
	}
	slog.SetDefault(newLogger(cfg, stderr))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	err = cmd.run(ctx, &environment{cfg: cfg, stdout: stdout, stderr: stderr}, args)
	return exitCode(err, name, stderr)
}

func exitCode(err error, name string, stderr io.Writer) int {
	var ue usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "tms %s: %s\n", name, ue.msg)
		return 2
	}
	fmt.Fprintf(stderr, "tms %s: %v\n", name, err)
	return 1
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Andi TMS — usage: tms [command] [flags]   (tms command --help for its flags)")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nConfiguration comes from the environment; see README.md.")
}

// newLogger logs text in dev and JSON (for CloudWatch) elsewhere.
func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Env == config.EnvDev {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// newFlags returns a flag set whose errors and help go to env.stderr.
func newFlags(env *environment, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stderr, "usage: tms %s\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

func runVersion(_ context.Context, env *environment, _ []string) error {
	fmt.Fprintln(env.stdout, "tms", version)
	return nil
}
