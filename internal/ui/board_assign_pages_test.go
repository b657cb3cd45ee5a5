package ui_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

// TestBoardAssignFormOnOpen: a card's assign form comes from GET /loads/{id}/assign when
// htmx asks (the form alone, with the session's CSRF token, returning to a local board only);
// a browser without htmx goes to the load page's form; a viewer and billing are refused; a
// delivered load has no form, said in an error fragment.
func TestBoardAssignFormOnOpen(t *testing.T) {
	srv, email, pw := start(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	l, _ := bookTwo(t, srv, f)
	path := fmt.Sprintf("/loads/%d/assign", l.ID)
	p := newPage(t, srv)
	p.login(email, pw)
	contains(t, p.get("/dispatch").Want(http.StatusOK), fmt.Sprintf(`<p class="assign-load"><a href="/loads/%d#assign-title">Assign on the load page</a></p>`, l.ID))

	r := p.get(path+"?return=%2Fdispatch%3Fq%3DL-", "HX-Request", "true").Want(http.StatusOK)
	body := string(r.Body)
	if !strings.HasPrefix(body, fmt.Sprintf(`<form method="post" action="%s" class="stack" hx-post="%s"`, path, path)) || !strings.HasSuffix(body, "</form>") {
		t.Errorf("the fetched form is not the form alone:\n%s", body)
	}
	contains(t, r, `name="csrf_token" value="`+p.csrf+`"`, fmt.Sprintf(`name="version" value="%d"`, l.Version),
		`name="return" value="/dispatch?q=L-"`, "Dana Driver", "T-101", "V-201 (Dry van)", "Choose a driver")
	if got := r.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", got)
	}
	contains(t, p.get(path+"?return=https://evil.example.com/", "HX-Request", "true").Want(http.StatusOK), `name="return" value="/dispatch"`)

	if loc := p.get(path).Want(http.StatusSeeOther).Header.Get("Location"); loc != fmt.Sprintf("/loads/%d#assign-title", l.ID) {
		t.Errorf("without htmx: Location %q, want the load page's assign form", loc)
	}
	done := deliveredLoad(t, srv, f, time.Now().Add(-30*time.Hour).Truncate(time.Hour))
	r = p.get(fmt.Sprintf("/loads/%d/assign", done.ID), "HX-Request", "true").Want(http.StatusConflict)
	contains(t, r, `class="notice notice-error"`, done.Number+" is delivered and can no longer be assigned.")
	p.get("/loads/999999/assign", "HX-Request", "true").Want(http.StatusNotFound)

	for _, role := range []tms.Role{tms.RoleViewer, tms.RoleBilling} {
		b := billingPage(t, srv, string(role)+"@example.com", role)
		if strings.Contains(string(b.get("/dispatch").Want(http.StatusOK).Body), "/assign") {
			t.Errorf("the %s's board offers the assign form", role)
		}
		b.get(path, "HX-Request", "true").Want(http.StatusForbidden)
	}
}
