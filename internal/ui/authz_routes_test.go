package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/ui"
)

var uiParam = regexp.MustCompile(`\{[a-z_.]+\}`)

// walkLoad is a load whose ids fill a route's {id} and {stop}.
type walkLoad struct{ id, stop string }

// uiCaller is anonymous ("") or a logged-in user of a role, with the page it browses on.
type uiCaller struct {
	role tms.Role
	page *page
}

// uiWalk is a server holding a load of the walking driver and a load of another driver.
type uiWalk struct {
	routes       []ui.RouteAction
	own, foreign walkLoad
	callers      []uiCaller
}

// TestUIRouteAuthorization walks every UI route and form as anonymous and as each role, on both
// engines: a caller the authorization table refuses is sent to the login page (anonymous) or
// gets 403; no answer is a 5xx. Routes of a load are walked with real loads: the driver on
// their own load is admitted wherever the table admits drivers, and refused (403 or 404) on
// another driver's load.
func TestUIRouteAuthorization(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			w := newUIWalk(t, f.Open(t))
			for _, c := range w.callers {
				for _, rt := range w.routes {
					w.check(t, c, rt)
				}
			}
		})
	}
}

// newUIWalk builds the loads and a caller for anonymous and every role, writers last so their
// writes (an unassigned load) come after the checks that need the records as built.
func newUIWalk(t *testing.T, store tms.Store) uiWalk {
	srv := apitest.Start(t, apitest.DefaultConfig(t), store)
	fx := storetest.NewFixtures(t, store)
	pages, err := ui.New(ui.Deps{Store: store, Sessions: srv.App.Sessions})
	if err != nil {
		t.Fatal(err)
	}
	w := uiWalk{routes: pages.RouteActions(),
		own:     dispatchedLoad(t, store, fx, fx.Driver.ID, fx.MondayMorning),
		foreign: dispatchedLoad(t, store, fx, fx.Driver2.ID, fx.MondayMorning.Add(48*time.Hour)),
		callers: []uiCaller{{"", newPage(t, srv)}}}
	for _, role := range []tms.Role{tms.RoleViewer, tms.RoleBilling, tms.RoleDriver, tms.RoleDispatcher, tms.RoleAdmin} {
		u, pw := apitest.CreateUser(t, store, string(role)+"@walk.example.com", role)
		if role == tms.RoleDriver {
			if _, err := store.UpdateUser(context.Background(), u.ID, func(u *tms.User) error { u.DriverID = &fx.Driver.ID; return nil }); err != nil {
				t.Fatal(err)
			}
		}
		p := newPage(t, srv)
		p.login(u.Email, pw)
		p.get("/account").Want(http.StatusOK) // its CSRF token
		w.callers = append(w.callers, uiCaller{role, p})
	}
	return w
}

// dispatchedLoad creates a load dispatched to driver and returns its id and first stop's id.
func dispatchedLoad(t *testing.T, store tms.Store, fx storetest.Fixtures, driver int64, start time.Time) walkLoad {
	ctx := tms.WithActor(context.Background(), tms.Actor{Role: tms.RoleAdmin, Email: "setup@example.com", Source: tms.SourceUser})
	l := fx.Load(start)
	l.Status, l.DriverID, l.TruckID = tms.StatusDispatched, &driver, &fx.Truck.ID
	if err := store.CreateLoad(ctx, &l); err != nil {
		t.Fatal(err)
	}
	return walkLoad{fmt.Sprint(l.ID), fmt.Sprint(l.Stops[0].ID)}
}

func (w uiWalk) check(t *testing.T, c uiCaller, rt ui.RouteAction) {
	t.Helper()
	method, pattern, _ := strings.Cut(rt.Pattern, " ")
	if strings.HasSuffix(pattern, "/logout") || strings.HasPrefix(pattern, "/static/") {
		return
	}
	if c.role == tms.RoleDriver && ofLoad(pattern) {
		w.checkDriverOwn(t, c.page, rt)
		return
	}
	path := fill(pattern, w.foreign)
	checkUI(t, fmt.Sprintf("%s %s as %q", method, path, c.role), rt.Action, c.role, send(c.page, method, pattern, path))
}

// checkDriverOwn calls a load's route as the driver on their own load and on another's.
func (w uiWalk) checkDriverOwn(t *testing.T, p *page, rt ui.RouteAction) {
	t.Helper()
	method, pattern, _ := strings.Cut(rt.Pattern, " ")
	for _, l := range []struct {
		whose string
		load  walkLoad
	}{{"their own load", w.own}, {"another driver's load", w.foreign}} {
		path := fill(pattern, l.load)
		call := fmt.Sprintf("%s %s as the driver on %s", method, path, l.whose)
		got := send(p, method, pattern, path)
		checkUI(t, call, rt.Action, tms.RoleDriver, got)
		refused := got == http.StatusForbidden || got == http.StatusNotFound || got == http.StatusUnauthorized
		switch {
		case !rt.Action.Allows(tms.RoleDriver):
		case l.load == w.own && refused:
			t.Errorf("%s: status %d, want admitted (%s)", call, got, rt.Action.Describe())
		case l.load == w.foreign && authz.RuleOf(rt.Action).DriverOwn && got != http.StatusForbidden && got != http.StatusNotFound:
			t.Errorf("%s: status %d, want 403 or 404", call, got)
		}
	}
}

// ofLoad reports whether a route acts on one load.
func ofLoad(pattern string) bool {
	return strings.HasPrefix(pattern, "/loads/{id}") || strings.HasPrefix(pattern, "/driver/loads/{id}")
}

// fill puts load's ids into a load's route, and an id that names no record anywhere else.
func fill(pattern string, load walkLoad) string {
	pattern = strings.TrimSuffix(pattern, "{$}")
	if ofLoad(pattern) {
		pattern = strings.NewReplacer("{id}", load.id, "{stop}", load.stop).Replace(pattern)
	}
	return uiParam.ReplaceAllString(pattern, "999999")
}

// send calls path with an empty form, or a one-page PDF where the route takes a document (so
// an upload is judged on who sends it, not refused for a missing file), and returns the status.
func send(p *page, method, pattern, path string) int {
	switch {
	case method == http.MethodGet:
		return p.get(path).Status
	case strings.HasSuffix(pattern, "/documents"):
		return p.Upload(path, map[string]string{"csrf_token": p.csrf, "type": "pod"}, "pod.pdf", []byte("%PDF-1.4\n%%EOF\n")).Status
	}
	return p.post(path, url.Values{}).Status
}

func checkUI(t *testing.T, call string, action authz.Action, role tms.Role, got int) {
	t.Helper()
	switch {
	case got >= 500:
		t.Errorf("%s: status %d", call, got)
	case role == "" && !action.IsPublic() && got != http.StatusSeeOther && got != http.StatusForbidden && got != http.StatusUnauthorized:
		t.Errorf("%s: status %d, want the login page or 403", call, got)
	case role != "" && !action.Allows(role) && got != http.StatusForbidden:
		t.Errorf("%s: status %d, want 403 (%s)", call, got, action.Describe())
	}
}
