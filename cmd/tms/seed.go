package main

import (
	"context"
	"time"

	"github.com/anditms/tms/internal/app"
	"github.com/anditms/tms/internal/seed"
	"github.com/anditms/tms/internal/tms"
)

// runSeed loads the demo data set once and prints what it made with the demo logins.
func runSeed(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "seed", "seed --demo")
	demo := fs.Bool("demo", false, "load the demo data set: customers, fleet, 40 loads, invoices, driver settlements and demo logins (a second run changes nothing)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*demo {
		return usageError{"say: seed --demo"}
	}
	a, err := app.Open(ctx, env.cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = tms.WithActor(ctx, tms.Actor{Email: "cli-seed", Role: tms.RoleAdmin, Source: tms.SourceAPI})
	sum, err := seed.Demo(ctx, a.Store, a.Dispatch, a.Documents, a.Billing, time.Now())
	if err != nil {
		return err
	}
	sum.Print(env.stdout)
	return nil
}
