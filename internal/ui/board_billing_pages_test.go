package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

// TestBoardLayout: the table view is remembered in a cookie; an unknown layout or sort is
// refused with the reason.
func TestBoardLayout(t *testing.T) {
	srv, email, pw := start(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	l := deliveredLoad(t, srv, f, time.Now().Add(-30*time.Hour).Truncate(time.Hour))
	p := newPage(t, srv)
	p.login(email, pw)

	r := p.get("/dispatch?view=table&sort=-revenue").Want(http.StatusOK)
	contains(t, r, `id="table-delivered"`, fmt.Sprintf(`id="row-%d"`, l.ID), `aria-sort="descending"`, `name="sort" value="-revenue"`)
	if c := r.Header.Get("Set-Cookie"); !strings.HasPrefix(c, "board_view=table;") || !strings.Contains(c, "HttpOnly") {
		t.Errorf("Set-Cookie = %q, want the table layout remembered", c)
	}
	contains(t, p.get("/dispatch").Want(http.StatusOK), `class="board-table"`)
	contains(t, p.get("/dispatch?view=cards").Want(http.StatusOK), `class="board-column"`)

	for _, q := range []string{"view=list", "sort=weight", "sort=-"} {
		r := p.get("/dispatch?" + q)
		if r.Status < 400 || r.Status >= 500 {
			t.Errorf("/dispatch?%s: status %d, want 4xx", q, r.Status)
		}
		contains(t, r, "The board layout is not valid")
	}
}

// TestOfficeCheckCallPage: a check call in the future is refused next to its form and
// records nothing; a driver cannot add one to another driver's load.
func TestOfficeCheckCallPage(t *testing.T) {
	srv, email, pw := start(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	l := deliveredLoad(t, srv, f, time.Now().Add(-30*time.Hour).Truncate(time.Hour))
	path := fmt.Sprintf("/loads/%d", l.ID)
	p := newPage(t, srv)
	p.login(email, pw)
	contains(t, p.get(path).Want(http.StatusOK), `action="/loads/`+fmt.Sprint(l.ID)+`/checkcall"`, "America/Chicago")

	future := time.Now().Add(3 * time.Hour).In(f.Shipper.Location()).Format("2006-01-02T15:04")
	r := p.post(path+"/checkcall", url.Values{"location": {"Waco, TX"}, "at": {future}, "return": {path}}).Want(http.StatusUnprocessableEntity)
	contains(t, r, `id="cc-at-error"`, "Cannot be in the future.", `value="Waco, TX"`)
	r = p.post(path+"/checkcall", url.Values{"location": {"Waco, TX"}, "at": {"noon"}}).Want(http.StatusUnprocessableEntity)
	contains(t, r, "Must be a date and time.")
	if n := checkCalls(t, srv, l.ID); n != 0 {
		t.Errorf("refused check calls recorded %d events", n)
	}
	p.post(path+"/checkcall", url.Values{"location": {"Waco, TX"}, "return": {path}}).Want(http.StatusSeeOther)
	if n := checkCalls(t, srv, l.ID); n != 1 {
		t.Errorf("%d check calls recorded, want 1", n)
	}

	d := billingPage(t, srv, "driver@example.com", tms.RoleDriver) // linked to no driver: owns no load
	d.get("/account").Want(http.StatusOK)
	d.post(path+"/checkcall", url.Values{"location": {"Waco, TX"}}).Want(http.StatusForbidden)
	billingPage(t, srv, "bea@example.com", tms.RoleBilling).post(path+"/checkcall", url.Values{"location": {"x"}}).Want(http.StatusForbidden)
}

func checkCalls(t *testing.T, srv *apitest.Server, loadID int64) int {
	t.Helper()
	events, err := srv.App.Store.LoadEvents(context.Background(), loadID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Type == tms.EventCheckCall {
			n++
		}
	}
	return n
}

// TestBillingNavigation: billing lands on its overview (also from /); rates, fuel and carrier
// settings are Billing tabs for accounting roles, not for dispatchers.
func TestBillingNavigation(t *testing.T) {
	srv, _, _ := start(t)
	u, pw := apitest.CreateUser(t, srv.App.Store, "bea@example.com", tms.RoleBilling)
	b := newPage(t, srv)
	if got := b.login(u.Email, pw); got != "/billing/overview" {
		t.Errorf("billing login lands on %q, want /billing/overview", got)
	}
	if got := b.get("/").Want(http.StatusSeeOther).Header.Get("Location"); got != "/billing/overview" {
		t.Errorf("billing on / is sent to %q", got)
	}
	r := b.get("/billing/overview").Want(http.StatusOK)
	contains(t, r, "Ready to bill", `href="/settings/rates"`, `href="/settings/fuel"`, `href="/settings/billing"`)
	contains(t, b.get("/settings/fuel").Want(http.StatusOK), `<a href="/billing" aria-current="page">Billing</a>`)

	d := billingPage(t, srv, "dan@example.com", tms.RoleDispatcher)
	r = d.get("/billing/overview").Want(http.StatusOK)
	if strings.Contains(string(r.Body), `href="/settings/rates"`) {
		t.Error("a dispatcher is offered the rates tab, which only accounting may open")
	}
}
