package main

import (
	"context"
	"fmt"

	"github.com/anditms/tms/internal/app"
	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/tms"
)

func runUser(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return usageError{"say: user create --email E --role R [--name N]"}
	}
	fs := newFlags(env, "user create", "user create --email E --role admin|dispatcher|billing|driver|viewer [--name N]")
	email := fs.String("email", "", "login email (required)")
	role := fs.String("role", "", "admin, dispatcher, billing, driver or viewer (required)")
	name := fs.String("name", "", "display name")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *email == "" || *role == "" {
		return usageError{"--email and --role are required"}
	}
	a, err := app.Open(ctx, env.cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	u, password, err := auth.NewUser(*email, *name, tms.Role(*role), "")
	if err != nil {
		return err
	}
	ctx = tms.WithActor(ctx, tms.Actor{Email: "cli", Source: tms.SourceUser})
	if err := a.Store.CreateUser(ctx, &u); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "created %s (%s)\npassword: %s\nThis password is shown once; change it after logging in.\n", u.Email, u.Role, password)
	return nil
}
