package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/anditms/tms/internal/backup"
	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/sqlite"
)

// errProduction: production data is backed up by the database and the bucket themselves.
var errProduction = errors.New("production data lives in PostgreSQL and S3: use RDS snapshots, pg_dump/pg_restore and bucket versioning (see docs/RUNBOOK.md)")

func runBackup(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "backup", "backup --to FILE")
	to := fs.String("to", "", "archive to write (must not exist): the database, the documents and a manifest with checksums")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		return usageError{"--to FILE is required"}
	}
	if !env.cfg.Embedded() {
		return errProduction
	}
	s, err := sqlite.Open(ctx, env.cfg.SQLitePath())
	if err != nil {
		return err
	}
	defer s.Close()
	docs, err := blob.NewLocal(env.cfg.DocumentsDir())
	if err != nil {
		return err
	}
	out, err := os.OpenFile(*to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	sum, err := backup.Create(ctx, out, s, docs)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*to)
		return err
	}
	fmt.Fprintf(env.stdout, "backed up %s and %d documents (%d bytes) to %s\n", env.cfg.SQLitePath(), sum.Documents, sum.Bytes, *to)
	for _, key := range sum.Missing {
		fmt.Fprintf(env.stdout, "  not in the backup: %s was already missing from document storage\n", key)
	}
	return nil
}

func runRestore(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "restore", "restore --from FILE   (into an empty DATA_DIR)")
	from := fs.String("from", "", "archive written by tms backup")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		return usageError{"--from FILE is required"}
	}
	if !env.cfg.Embedded() {
		return errProduction
	}
	in, err := os.Open(*from)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer in.Close()
	sum, err := backup.Restore(ctx, in, env.cfg.DataDir)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "restored %s and %d documents (%d bytes) into %s, checked against the manifest; `tms docs verify` checks them against the database\n",
		env.cfg.SQLitePath(), sum.Documents, sum.Bytes, env.cfg.DataDir)
	return nil
}
