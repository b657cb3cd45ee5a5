package app

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/seed"
	"github.com/anditms/tms/internal/tms"
)

// FirstAdminEmail is the account the embedded first run creates.
const FirstAdminEmail = "admin@andi-tms.local"

// FirstRun prepares an empty installation. Embedded, it creates an admin and prints the login
// once, then loads the demo data and prints the demo logins (unless Config.Demo.Data is off).
// Production creates no account: it prints how to create the first admin.
func (a *App) FirstRun(ctx context.Context, out io.Writer, url string) error {
	n, err := a.Store.CountUsers(ctx)
	switch {
	case err != nil:
		return err
	case n > 0:
		fmt.Fprintf(out, "Andi TMS is running at %s\n", url)
		return nil
	case !a.Config.Embedded():
		fmt.Fprintf(out, "\nAndi TMS is running at %s with no users yet. Create the first admin with\n"+
			"  tms user create --email you@example.com --role admin\n"+
			"(it prints a password once); `tms seed --demo` loads the demo data set.\n\n", url)
		return nil
	}
	u, password, err := auth.NewUser(FirstAdminEmail, "Administrator", tms.RoleAdmin, "")
	if err != nil {
		return err
	}
	ctx = tms.WithActor(ctx, tms.Actor{Email: "first-run", Role: tms.RoleAdmin})
	if err := a.Store.CreateUser(ctx, &u); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nAndi TMS is running at %s\n  log in as %s\n  password  %s\n"+
		"This password is shown once: change it after logging in (POST /api/v1/me/password or the account page).\n\n",
		url, u.Email, password)
	if !a.Config.Demo.Data {
		fmt.Fprintln(out, "Started empty (TMS_DEMO=off); `tms seed --demo` loads the demo data set.")
		return nil
	}
	sum, err := seed.Demo(ctx, a.Store, a.Dispatch, a.Documents, a.Billing, time.Now())
	if err != nil {
		return fmt.Errorf("load the demo data: %w", err)
	}
	sum.Print(out)
	return nil
}
