package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/anditms/tms/internal/sqlite"
)

func runBackup(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "backup", "backup --to FILE")
	to := fs.String("to", "", "file to write the copy to (must not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		return usageError{"--to FILE is required"}
	}
	if !env.cfg.Embedded() {
		return errors.New("production data lives in PostgreSQL: use RDS automated backups and snapshots, or pg_dump (see docs/RUNBOOK.md)")
	}
	s, err := sqlite.Open(ctx, env.cfg.SQLitePath())
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, *to); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "backed up %s to %s\n", env.cfg.SQLitePath(), *to)
	return nil
}
