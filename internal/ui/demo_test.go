package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/seed"
	"github.com/anditms/tms/internal/tms"
)

// seedDemo loads the demo data set into the server's store and returns its logins.
func seedDemo(t *testing.T, srv *apitest.Server) seed.Summary {
	t.Helper()
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "seed", Role: tms.RoleAdmin, Source: tms.SourceAPI})
	sum, err := seed.Demo(ctx, srv.App.Store, srv.App.Dispatch, srv.App.Documents, srv.App.Billing, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func demoLogin(t *testing.T, sum seed.Summary, role tms.Role) seed.Login {
	t.Helper()
	i := slices.IndexFunc(sum.Logins, func(l seed.Login) bool { return l.Role == role })
	if i < 0 {
		t.Fatalf("no demo %s login", role)
	}
	return sum.Logins[i]
}

// demoPages are the main pages over the demo data, with the load page of a load in transit.
func demoPages(t *testing.T, srv *apitest.Server) []string {
	t.Helper()
	loads, err := srv.App.Store.ListLoads(t.Context(), tms.LoadFilter{Statuses: []tms.LoadStatus{tms.StatusInTransit}})
	if err != nil || len(loads.Items) == 0 {
		t.Fatalf("demo loads in transit: %v, %v", loads.Total, err)
	}
	load := fmt.Sprintf("/loads/%d", loads.Items[0].ID)
	return []string{"/", "/dispatch", load, load + "/edit", "/loads/new", "/fleet", "/customers", "/facilities",
		"/facilities/1", "/drivers", "/trucks", "/trailers", "/devices", "/facilities/search?q=Dallas"}
}

// TestPagesRenderWithDemoData renders every main page over the demo data, the office's and
// the driver's. How fast the main ones render is measured by BenchmarkRoutes in internal/app, never
// judged in a test.
func TestPagesRenderWithDemoData(t *testing.T) {
	srv, email, pw := start(t)
	sum := seedDemo(t, srv)
	p := newPage(t, srv)
	p.login(email, pw)
	for _, path := range demoPages(t, srv) {
		p.get(path).Want(http.StatusOK)
	}
	d := newPage(t, srv)
	dl := demoLogin(t, sum, tms.RoleDriver)
	d.login(dl.Email, dl.Password)
	d.get("/driver").Want(http.StatusOK)
}

// While demo data exists every page carries the banner, with "Remove demo data" for admins
// only; removing it leaves no demo records or demo logins, and the admin logs in again.
func TestRemoveDemoDataFromTheBanner(t *testing.T) {
	srv, email, pw := start(t)
	sum := seedDemo(t, srv)
	const banner = "This installation holds the demo data set"

	d := newPage(t, srv)
	dispatcher := demoLogin(t, sum, tms.RoleDispatcher)
	d.login(dispatcher.Email, dispatcher.Password)
	r := d.get("/dispatch").Want(http.StatusOK)
	contains(t, r, banner)
	if strings.Contains(string(r.Body), `href="/admin/demo"`) {
		t.Error("a dispatcher is offered Remove demo data")
	}
	d.get("/admin/demo").Want(http.StatusForbidden)

	a := newPage(t, srv)
	a.login(email, pw)
	contains(t, a.get("/fleet").Want(http.StatusOK), banner, `<a href="/admin/demo">Remove demo data</a>`)
	contains(t, a.get("/admin/demo").Want(http.StatusOK), "everything recorded on it", "Every admin account stays")
	a.post("/admin/demo/remove", url.Values{}).Want(http.StatusSeeOther)

	r = a.get("/").Want(http.StatusOK)
	contains(t, r, "The demo data and the demo logins were removed.")
	if strings.Contains(string(r.Body), banner) {
		t.Error("the banner still shows after the demo data went")
	}
	customers, err := srv.App.Store.ListCustomers(t.Context(), tms.MasterFilter{})
	if err != nil || customers.Total != 0 {
		t.Errorf("%d customers after removal (%v), want 0", customers.Total, err)
	}
	users, err := srv.App.Store.ListUsers(t.Context(), tms.PageRequest{})
	if err != nil || len(users.Items) != 1 || users.Items[0].Email != email {
		t.Errorf("accounts after removal: %+v (%v), want the admin only", users.Items, err)
	}
	if got := newPage(t, srv).login(email, pw); got != "/" {
		t.Errorf("the admin's login after removal went to %q, want /", got)
	}
	contains(t, a.post("/admin/demo/remove", url.Values{}).Want(http.StatusConflict), "the demo data is not loaded")
}
