package storetest

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/anditms/tms/internal/tms"
)

func testAudit(t *testing.T, newStore NewStore) {
	s := newStore(t)
	admin := mustCreateUser(t, s, "admin@example.com", tms.RoleAdmin)
	u := tms.User{Email: "c@example.com", Role: tms.RoleViewer, Active: true, PasswordHash: "h"}
	if err := s.CreateUser(ctxAs(admin.ID), &u); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateUser(ctxAs(admin.ID), u.ID, func(u *tms.User) error { u.Name = "Carol"; return nil }); err != nil {
		t.Fatal(err)
	}
	page, err := s.ListAudit(ctxAs(admin.ID), tms.AuditFilter{Entity: "user", EntityID: strconv.FormatInt(u.ID, 10)})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 2 || len(page.Items) != 2 {
		t.Fatalf("audit for user %d: total %d, want 2 (create, update)", u.ID, page.Total)
	}
	upd, create := page.Items[0], page.Items[1]
	if upd.Action != "update" || create.Action != "create" {
		t.Errorf("actions = %s, %s; want update then create (newest first)", upd.Action, create.Action)
	}
	if upd.ActorID == nil || *upd.ActorID != admin.ID || upd.ActorEmail != "tester@example.com" || upd.RequestID != "req-1" {
		t.Errorf("actor = %v %q %q, want admin id %d, tester email, req-1", upd.ActorID, upd.ActorEmail, upd.RequestID, admin.ID)
	}
	var before, after tms.User
	if err := json.Unmarshal(upd.Before, &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(upd.After, &after); err != nil {
		t.Fatal(err)
	}
	if before.Name != "" || after.Name != "Carol" || create.Before != nil {
		t.Errorf("before/after names = %q/%q, create.Before = %s; want \"\"/Carol and none", before.Name, after.Name, create.Before)
	}
	if string(upd.After) == "" || json.Valid(upd.After) == false {
		t.Errorf("after is not JSON: %s", upd.After)
	}
	all, err := s.ListAudit(ctxAs(admin.ID), tms.AuditFilter{Page: tms.PageRequest{Limit: 1}})
	if err != nil || all.Total != 3 || len(all.Items) != 1 {
		t.Errorf("unfiltered audit = total %d, %d items, %v; want 3 total, 1 item", all.Total, len(all.Items), err)
	}
}
