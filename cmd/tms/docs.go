package main

import (
	"context"
	"fmt"
	"io"

	"github.com/anditms/tms/internal/app"
	"github.com/anditms/tms/internal/documents"
)

func runDocs(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		return usageError{"say: docs verify"}
	}
	fs := newFlags(env, "docs verify", "docs verify   (exit 1 when a problem is found)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := app.Open(ctx, env.cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	rep, err := a.Documents.Verify(ctx, progress(env.stderr, "verifying documents"))
	if err != nil {
		return err
	}
	printVerify(env.stdout, rep)
	if n := rep.Problems(); n > 0 {
		return fmt.Errorf("%d problem(s) found in document storage", n)
	}
	return nil
}

// printVerify writes a summary line and every problem, one per line.
func printVerify(w io.Writer, rep documents.Report) {
	fmt.Fprintf(w, "checked %d documents and %d stored objects: %d problems\n", rep.Documents, rep.Objects, rep.Problems())
	for _, d := range rep.Missing {
		fmt.Fprintf(w, "  missing object: document %d (%s %s, %s) has no object at %s\n", d.ID, d.Owner(), d.Type, d.Filename, d.StorageKey)
	}
	for _, m := range rep.Mismatches {
		fmt.Fprintf(w, "  checksum mismatch: document %d at %s is %d bytes with SHA-256 %s, the row says %d bytes with %s\n",
			m.Document.ID, m.Document.StorageKey, m.Size, m.SHA256, m.Document.Size, m.Document.SHA256)
	}
	for _, d := range rep.Abandoned {
		fmt.Fprintf(w, "  abandoned upload: document %d (%s %s, %s) pending since %s, never confirmed; tms serve purges these hourly\n",
			d.ID, d.Owner(), d.Type, d.Filename, d.UploadedAt.Format("2006-01-02 15:04:05 MST"))
	}
	for _, o := range rep.Orphans {
		fmt.Fprintf(w, "  object without a row: %s (%d bytes, stored %s)\n", o.Key, o.Size, o.ModTime.Format("2006-01-02 15:04:05 MST"))
	}
}
