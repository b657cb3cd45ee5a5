package storetest

import (
	"testing"

	"github.com/anditms/tms/internal/tms"
)

// testDriverLogins: a driver has at most one login, only a driver-role user is linked, and
// the driver record names its login.
func testDriverLogins(t *testing.T, newStore NewStore) {
	s := newStore(t)
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	dana := mustCreateUser(t, s, "dana@example.com", tms.RoleDriver)
	link := func(u tms.User, driverID int64) error {
		_, err := s.UpdateUser(ctx, u.ID, func(u *tms.User) error { u.DriverID = &driverID; return nil })
		return err
	}
	if err := link(dana, f.Driver.ID); err != nil {
		t.Fatal(err)
	}
	if d, _ := s.Driver(ctx, f.Driver.ID); d.UserID == nil || *d.UserID != dana.ID {
		t.Errorf("driver user = %v, want %d", d.UserID, dana.ID)
	}

	other := tms.User{Email: "other@example.com", Role: tms.RoleDriver, Active: true, PasswordHash: "hash", DriverID: &f.Driver.ID}
	err := s.CreateUser(ctx, &other)
	wantCode(t, err, tms.CodeConflict)
	if e := err.(*tms.Error); e.Fields["driver_id"] != "already has a login (dana@example.com)" {
		t.Errorf("second login for a driver: fields %v", e.Fields)
	}
	if _, err := s.UserByEmail(ctx, "other@example.com"); tms.ErrorCode(err) != tms.CodeNotFound {
		t.Errorf("the refused user was stored: %v", err)
	}
	viewer := mustCreateUser(t, s, "viewer@example.com", tms.RoleViewer)
	err = link(viewer, f.Driver2.ID)
	wantCode(t, err, tms.CodeInvalid)
	if e := err.(*tms.Error); e.Fields["driver_id"] == "" {
		t.Errorf("linking a viewer: fields %v", e.Fields)
	}
	wantCode(t, link(dana, 99999), tms.CodeInvalid)

	if err := link(dana, f.Driver2.ID); err != nil {
		t.Fatal(err)
	}
	first, _ := s.Driver(ctx, f.Driver.ID)
	second, _ := s.Driver(ctx, f.Driver2.ID)
	if first.UserID != nil || second.UserID == nil || *second.UserID != dana.ID {
		t.Errorf("after relinking: driver 1 user %v, driver 2 user %v; want none and %d", first.UserID, second.UserID, dana.ID)
	}
}
