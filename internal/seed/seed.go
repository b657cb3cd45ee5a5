// Package seed loads the demo data set: a believable small carrier with customers and their
// distribution centers in real US cities, drivers, trucks and trailers, and loads in every
// status booked and moved through dispatch, their invoices, payments and the drivers' pay
// statements made through billing, plus demo logins for each office role and a driver.
// `tms seed --demo` and the embedded first run use it.
package seed

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// Login is a demo account with its generated password.
type Login struct {
	Email    string
	Role     tms.Role
	Password string
}

// Summary says what Demo created; AlreadySeeded means it found the demo data and did nothing.
// Documents counts the BOLs and PODs filed; each sent invoice files its PDF besides.
type Summary struct {
	AlreadySeeded                                                      bool
	Customers, Facilities, Drivers, Trucks, Trailers, Loads, Documents int
	Invoices, Payments, Settlements, DieselWeeks                       int
	Logins                                                             []Login
}

// Print writes the counts on one line and each demo login on its own. Passwords appear only
// here, for the caller to show once.
func (s Summary) Print(w io.Writer) {
	if s.AlreadySeeded {
		fmt.Fprintln(w, "Demo data is already loaded; nothing changed.")
		return
	}
	fmt.Fprintf(w, "Demo data loaded: %d customers, %d facilities, %d drivers, %d trucks, %d trailers, %d loads, %d documents.\n",
		s.Customers, s.Facilities, s.Drivers, s.Trucks, s.Trailers, s.Loads, s.Documents)
	fmt.Fprintf(w, "Billing: %d invoices, %d payments, %d driver settlements, %d weeks of diesel prices.\n",
		s.Invoices, s.Payments, s.Settlements, s.DieselWeeks)
	for _, l := range s.Logins {
		fmt.Fprintf(w, "  demo %-11s %s  %s\n", l.Role, l.Email, l.Password)
	}
}

// Demo creates the demo data set once, with times relative to now. Loads are booked and moved
// through svc so their events and miles are real, and their BOLs and PODs filed through docs.
// Every truck carries a tracker (DevicePrefix + unit number) and every delivered load the GPS
// history of its stops.
// Delivered loads planned invoiced or paid are then invoiced, sent and paid through bill
// (whose gate needs those PODs), and every driver is settled for a week. Before any load,
// the carrier's letterhead, diesel prices, fuel schedules and rate defaults are stored. It
// runs as the actor of ctx, who must be allowed to upload documents and send invoices (admin
// or billing). The demo customer named first marks the data as loaded: a second call finds it
// and returns Summary{AlreadySeeded: true}.
func Demo(ctx context.Context, s tms.Store, svc *dispatch.Service, docs Paperwork, bill *billing.Service, now time.Time) (Summary, error) {
	seeded, err := Loaded(ctx, s)
	if err != nil || seeded {
		return Summary{AlreadySeeded: seeded}, err
	}
	f, err := newFleet(ctx, s, now)
	if err != nil {
		return Summary{}, err
	}
	if err := addBillingSetup(ctx, s, bill, f, now); err != nil {
		return Summary{}, err
	}
	b := &loadBooker{svc: svc, docs: docs, sched: &scheduler{f: f, busy: map[string][]span{}}}
	loads, err := b.addLoads(ctx, now)
	if err != nil {
		return Summary{}, err
	}
	if err := addTracks(ctx, s, f, b.booked); err != nil {
		return Summary{}, err
	}
	sum := Summary{Customers: len(f.customers), Facilities: len(f.facilities), Drivers: len(f.drivers),
		Trucks: len(f.trucks), Trailers: len(f.trailers), Loads: loads, Documents: b.documents, DieselWeeks: len(dieselMills)}
	inv, err := addInvoices(ctx, s, bill, b.booked, now)
	sum.Invoices, sum.Payments = inv.invoices, inv.payments
	if err != nil {
		return sum, err
	}
	if sum.Settlements, err = addSettlements(ctx, s, bill, f, b.booked, now); err != nil {
		return sum, err
	}
	sum.Logins, err = addUsers(ctx, s, f.drivers[0])
	return sum, err
}

// Loaded reports whether the demo data set is in the store: whether its first shipper is.
func Loaded(ctx context.Context, s tms.PageReadStore) (bool, error) {
	return s.CustomerNamed(ctx, shippers[0].name)
}

// addUsers creates a dispatcher, a billing clerk, a viewer and a driver account linked to d.
func addUsers(ctx context.Context, s tms.Store, d tms.Driver) ([]Login, error) {
	var logins []Login
	for _, role := range demoRoles {
		name := "Demo " + string(role)
		if role == tms.RoleDriver {
			name = d.Name
		}
		u, login, err := addUser(ctx, s, role, name)
		if err == nil && role == tms.RoleDriver {
			err = linkDriver(ctx, s, u, d)
		}
		if err != nil {
			return nil, err
		}
		logins = append(logins, login)
	}
	return logins, nil
}

// demoRoles have a demo login each.
var demoRoles = []tms.Role{tms.RoleDispatcher, tms.RoleBilling, tms.RoleViewer, tms.RoleDriver}

// demoEmail is the demo login of a role.
func demoEmail(role tms.Role) string { return string(role) + "@andi-tms.local" }

// addUser creates the demo login of role with a generated password.
func addUser(ctx context.Context, s tms.Store, role tms.Role, name string) (tms.User, Login, error) {
	u, password, err := auth.NewUser(demoEmail(role), name, role, "")
	if err == nil {
		err = s.CreateUser(ctx, &u)
	}
	if err != nil {
		return u, Login{}, fmt.Errorf("demo user %s: %w", role, err)
	}
	return u, Login{u.Email, role, password}, nil
}

// linkDriver ties the driver account and the driver record to each other.
func linkDriver(ctx context.Context, s tms.Store, u tms.User, d tms.Driver) error {
	if _, err := s.UpdateUser(ctx, u.ID, func(u *tms.User) error { u.DriverID = &d.ID; return nil }); err != nil {
		return fmt.Errorf("link demo driver user: %w", err)
	}
	_, err := s.UpdateDriver(ctx, d.ID, func(d *tms.Driver) error { d.UserID = &u.ID; return nil })
	return err
}
