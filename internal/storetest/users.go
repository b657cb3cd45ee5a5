package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/tms"
)

func testUsers(t *testing.T, newStore NewStore) {
	s := newStore(t)
	ctx := ctxAs(0)
	u := mustCreateUser(t, s, "Ann@Example.com", tms.RoleDispatcher)
	if u.ID == 0 || u.Version != 1 || u.Email != "ann@example.com" {
		t.Fatalf("created user = %+v, want id set, version 1, lower-case email", u)
	}
	got, err := s.UserByEmail(ctx, " ANN@example.com ")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(u, got); diff != "" {
		t.Errorf("UserByEmail differs from created (-want +got):\n%s", diff)
	}
	byID, err := s.User(ctx, u.ID)
	if err != nil || byID.Email != u.Email {
		t.Errorf("User(%d) = %+v, %v; want %s", u.ID, byID, err, u.Email)
	}

	dup := tms.User{Email: "ann@example.com", Role: tms.RoleViewer, PasswordHash: "x"}
	wantCode(t, s.CreateUser(ctx, &dup), tms.CodeConflict)
	bad := tms.User{Email: "not-an-email", Role: "boss"}
	err = s.CreateUser(ctx, &bad)
	wantCode(t, err, tms.CodeInvalid)
	if e := err.(*tms.Error); e.Fields["email"] == "" || e.Fields["role"] == "" {
		t.Errorf("field errors = %v, want email and role", e.Fields)
	}

	_, err = s.User(ctx, 9999)
	wantCode(t, err, tms.CodeNotFound)
	_, err = s.UserByEmail(ctx, "nobody@example.com")
	wantCode(t, err, tms.CodeNotFound)

	updated, err := s.UpdateUser(ctx, u.ID, func(u *tms.User) error { u.Role = tms.RoleBilling; u.Active = false; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if updated.Role != tms.RoleBilling || updated.Active || updated.Version != 2 {
		t.Errorf("updated = %+v, want billing, inactive, version 2", updated)
	}
	_, err = s.UpdateUser(ctx, u.ID, func(u *tms.User) error { return tms.Errorf(tms.CodeConflict, "stop") })
	wantCode(t, err, tms.CodeConflict)
	_, err = s.UpdateUser(ctx, 424242, func(*tms.User) error { return nil })
	wantCode(t, err, tms.CodeNotFound)

	mustCreateUser(t, s, "bob@example.com", tms.RoleViewer)
	page, err := s.ListUsers(ctx, tms.PageRequest{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 2 || len(page.Items) != 1 || page.Items[0].Email != "ann@example.com" {
		t.Errorf("ListUsers(limit 1) = total %d items %+v, want total 2 and ann first", page.Total, page.Items)
	}
	if n, err := s.CountUsers(ctx); err != nil || n != 2 {
		t.Errorf("CountUsers = %d, %v; want 2", n, err)
	}
}
