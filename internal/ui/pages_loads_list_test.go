package ui_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

// TestLoadsPageAndSearch: the Loads page filters, sorts and pages; its CSV carries the same
// filters; a bad filter is a 400 that names the field; the search page groups what it finds.
func TestLoadsPageAndSearch(t *testing.T) {
	srv, email, pw := start(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "test", Role: tms.RoleAdmin})
	first, second := f.Load(f.MondayMorning), f.Load(f.MondayMorning.AddDate(0, 0, 3))
	second.References.PO, second.Status = "PO-SECOND", tms.StatusDelivered
	for _, l := range []*tms.Load{&first, &second} {
		if err := srv.App.Store.CreateLoad(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	p := newPage(t, srv)
	p.login(email, pw)

	r := p.get("/loads?status=delivered&q=po-second").Want(http.StatusOK)
	contains(t, r, second.Number, `value="delivered" checked`, `href="/loads.csv?q=po-second&amp;status=delivered"`)
	if strings.Contains(string(r.Body), first.Number) {
		t.Errorf("the delivered filter lists booked load %s", first.Number)
	}
	r = p.get("/loads?sort=-window_end").Want(http.StatusOK)
	if i, j := strings.Index(string(r.Body), second.Number), strings.Index(string(r.Body), first.Number); i < 0 || j < i {
		t.Errorf("sorted by delivery, newest first: %s at %d, %s at %d", second.Number, i, first.Number, j)
	}
	contains(t, r, `aria-sort="descending"`, `href="/loads?sort=window_end"`)

	r = p.get("/loads.csv?pickup_from=2026-12-08").Want(http.StatusOK)
	if rows := strings.Split(strings.TrimSpace(string(r.Body)), "\n"); len(rows) != 2 || !strings.Contains(rows[1], second.Number) {
		t.Errorf("CSV of loads picked up from 2026-12-08 = %q, want %s only", r.Body, second.Number)
	}
	r = p.get("/loads?pickup_to=soon&status=lost").Want(http.StatusBadRequest)
	contains(t, r, "pickup_to must be a date", "status unknown status lost")
	p.get("/loads.csv?driver_id=x").Want(http.StatusBadRequest)
	contains(t, p.get("/loads?sort=secret").Want(http.StatusBadRequest), "cannot be sorted by")

	r = p.get("/search?q=acme").Want(http.StatusOK)
	contains(t, r, `id="found-customers"`, `href="/customers/`, `value="acme"`)
	r = p.get("/search?q=PO-SEC").Want(http.StatusOK)
	contains(t, r, `id="found-loads"`, second.Number)
	contains(t, p.get("/search?q=a").Want(http.StatusOK), "Type at least 2 characters")
}
