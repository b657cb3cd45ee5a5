package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/ui"
)

var uiParam = regexp.MustCompile(`\{[a-z_.]+\}`)

// TestUIRouteAuthorization walks every UI route and form as anonymous and as each role, on both
// engines: a caller the authorization table refuses is sent to the login page (anonymous) or
// gets 403; no answer is a 5xx.
func TestUIRouteAuthorization(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			srv := apitest.Start(t, apitest.DefaultConfig(t), store)
			fx := storetest.NewFixtures(t, store)
			pages, err := ui.New(ui.Deps{Store: store, Sessions: srv.App.Sessions})
			if err != nil {
				t.Fatal(err)
			}
			callers := map[tms.Role]*page{"": newPage(t, srv)}
			for _, role := range tms.Roles {
				u, pw := apitest.CreateUser(t, store, string(role)+"@walk.example.com", role)
				if role == tms.RoleDriver {
					if _, err := store.UpdateUser(context.Background(), u.ID, func(u *tms.User) error { u.DriverID = &fx.Driver.ID; return nil }); err != nil {
						t.Fatal(err)
					}
				}
				p := newPage(t, srv)
				p.login(u.Email, pw)
				p.get("/account").Want(http.StatusOK) // its CSRF token
				callers[role] = p
			}
			for _, rt := range pages.RouteActions() {
				method, pattern, _ := strings.Cut(rt.Pattern, " ")
				if strings.HasSuffix(pattern, "/logout") || strings.HasPrefix(pattern, "/static/") {
					continue
				}
				path := uiParam.ReplaceAllString(strings.TrimSuffix(pattern, "{$}"), "999999")
				for role, p := range callers {
					var got int
					if method == http.MethodGet {
						got = p.get(path).Status
					} else {
						got = p.post(path, url.Values{}).Status
					}
					checkUI(t, fmt.Sprintf("%s %s as %q", method, path, role), rt.Action, role, got)
				}
			}
		})
	}
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
