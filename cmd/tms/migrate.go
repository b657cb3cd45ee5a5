package main

import (
	"context"
	"fmt"

	"github.com/anditms/tms/internal/app"
)

func runMigrate(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "migrate", "migrate up|status")
	if err := fs.Parse(args); err != nil {
		return err
	}
	action := fs.Arg(0)
	if action != "up" && action != "status" {
		return usageError{"say up or status"}
	}
	store, m, err := app.OpenStore(ctx, env.cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	if action == "up" {
		n, err := m.Up(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "applied %d migration(s)\n", n)
		return nil
	}
	list, err := m.Status(ctx)
	if err != nil {
		return err
	}
	for _, s := range list {
		state := "pending"
		if s.Applied {
			state = "applied"
		}
		fmt.Fprintf(env.stdout, "%05d  %-8s %s\n", s.Version, state, s.Name)
	}
	return nil
}
