package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/api"
	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/webhooks"
)

// principal is one way of calling: anonymous, or a role by session cookie or by API token.
type principal struct {
	name   string
	role   tms.Role // "" = anonymous
	client *apitest.Client
}

// authzWorld is a server holding records of a driver other than the calling one, so the
// driver-own rule has something to refuse.
type authzWorld struct {
	srv    *apitest.Server
	f      storetest.Fixtures
	ids    map[string]string // path segment before a parameter -> a foreign record's id
	stop   string
	people []principal
}

// newAuthzWorld builds the records and a principal for anonymous and every role (session,
// then token), in the order the walk uses: writers last, so their writes do not remove a
// record an earlier check needs.
func newAuthzWorld(t *testing.T, s tms.Store) authzWorld {
	srv := apitest.Start(t, apitest.DefaultConfig(t), s)
	w := authzWorld{srv: srv, f: storetest.NewFixtures(t, s)}
	ctx := tms.WithActor(context.Background(), tms.Actor{Role: tms.RoleAdmin, Email: "setup@example.com", Source: tms.SourceUser})
	l := w.f.Load(w.f.MondayMorning)
	l.Status, l.DriverID, l.TruckID = tms.StatusDispatched, &w.f.Driver2.ID, &w.f.Truck.ID
	if err := s.CreateLoad(ctx, &l); err != nil {
		t.Fatal(err)
	}
	hook, err := srv.App.Webhooks.Create(ctx, webhooks.Input{URL: "https://127.0.0.1:9/hook", Events: []string{tms.WebhookDocumentAdded}})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := srv.App.Documents.Upload(ctx, tms.Owner{Kind: tms.OwnerLoad, ID: l.ID}, tms.DocPOD, "pod.png", bytes.NewReader(podPNG(t)))
	if err != nil {
		t.Fatal(err)
	}
	st := tms.Settlement{DriverID: w.f.Driver2.ID, PeriodStart: tms.DateOf(w.f.MondayMorning), PeriodEnd: tms.DateOf(w.f.MondayMorning.Add(6 * 24 * time.Hour)), Status: tms.SettlementApproved}
	if err := s.CreateSettlement(ctx, &st); err != nil {
		t.Fatal(err)
	}
	admin, _ := apitest.CreateUser(t, s, "owner@authz.example.com", tms.RoleAdmin)
	spare := tms.APIToken{UserID: admin.ID, Name: "spare", Prefix: "tms_spare0", Hash: auth.HashToken("spare")}
	if err := s.CreateToken(ctx, &spare); err != nil {
		t.Fatal(err)
	}
	delivery, err := s.ListWebhookDeliveries(ctx, tms.WebhookDeliveryFilter{SubscriptionID: hook.ID})
	if err != nil || len(delivery.Items) != 1 {
		t.Fatalf("the document's webhook delivery: %v, %v", delivery.Items, err)
	}
	id := func(n int64) string { return fmt.Sprint(n) }
	w.ids = map[string]string{"webhooks": id(hook.ID), "webhook-deliveries": id(delivery.Items[0].ID), "loads": id(l.ID), "documents": id(doc.ID), "settlements": id(st.ID), "drivers": id(w.f.Driver2.ID),
		"trucks": id(w.f.Truck.ID), "trailers": id(w.f.Trailer.ID), "customers": id(w.f.Customer.ID), "tokens": id(spare.ID), "facilities": id(w.f.Shipper.ID)}
	w.stop = id(l.Stops[0].ID)
	w.people = []principal{{name: "anonymous", client: srv.NewClient(t)}}
	for _, role := range []tms.Role{tms.RoleViewer, tms.RoleBilling, tms.RoleDriver, tms.RoleDispatcher, tms.RoleAdmin} {
		w.people = append(w.people, w.principals(t, role)...)
	}
	return w
}

// principals logs a new user of role in and gives it an API token too.
func (w authzWorld) principals(t *testing.T, role tms.Role) []principal {
	var driver int64
	if role == tms.RoleDriver {
		driver = w.f.Driver.ID
	}
	email := string(role) + "@authz.example.com"
	session := login(t, w.srv, email, role, driver)
	u, err := w.srv.App.Store.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	secret, prefix, hash := auth.NewToken()
	if err := w.srv.App.Store.CreateToken(context.Background(), &tms.APIToken{UserID: u.ID, Name: "walk", Prefix: prefix, Hash: hash}); err != nil {
		t.Fatal(err)
	}
	token := w.srv.NewClient(t)
	token.Header.Set("Authorization", "Bearer "+secret)
	return []principal{{string(role) + " session", role, session}, {string(role) + " token", role, token}}
}

var param = regexp.MustCompile(`([a-z_]+)/\{([a-z_]+)\}`)

// path fills a route's parameters with the foreign records' ids.
func (w authzWorld) path(pattern string) (string, bool) {
	owned := false
	p := param.ReplaceAllStringFunc(pattern, func(m string) string {
		seg, name, _ := strings.Cut(m, "/")
		switch name {
		case "{stop}":
			return seg + "/" + w.stop
		case "{code}":
			return seg + "/detention"
		case "{kind}":
			return seg + "/loads"
		case "{file}":
			return seg + "/loads.csv"
		}
		if v, ok := w.ids[seg]; ok {
			owned = true
			return seg + "/" + v
		}
		return seg + "/1"
	})
	return p, owned
}

// TestRouteTableAuthorization walks every API operation as anonymous and as every role by
// session and by token, and compares the answer with the authorization table: a caller the
// table refuses gets 401 or 403 (a driver on another driver's record 403 or 404), and no
// call answers 5xx.
func TestRouteTableAuthorization(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			w := newAuthzWorld(t, f.Open(t))
			routes := (&api.API{Store: w.srv.App.Store}).Routes()
			// logging out ends the session the later routes need
			slices.SortStableFunc(routes, func(a, b api.Route) int { return boolInt(isLogout(a)) - boolInt(isLogout(b)) })
			checked := 0
			for _, p := range w.people {
				for _, rt := range routes {
					w.check(t, p, rt)
					checked++
				}
			}
			t.Logf("%d calls over %d operations", checked, len(routes))
		})
	}
}

func isLogout(rt api.Route) bool { return strings.HasSuffix(rt.Pattern, "/logout") }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (w authzWorld) check(t *testing.T, p principal, rt api.Route) {
	t.Helper()
	method, pattern, _ := strings.Cut(rt.Pattern, " ")
	path, foreign := w.path(pattern)
	got := statusOf(t, p.client, method, path)
	rule := authz.RuleOf(rt.Action)
	switch {
	case got >= 500:
		t.Errorf("%s %s as %s: status %d", method, path, p.name, got)
	case p.role == "" && !rt.Action.IsPublic():
		if got != http.StatusUnauthorized {
			t.Errorf("%s %s as %s: status %d, want 401 (%s)", method, path, p.name, got, rt.Action.Describe())
		}
	case p.role != "" && !rt.Action.Allows(p.role):
		if got != http.StatusForbidden {
			t.Errorf("%s %s as %s: status %d, want 403 (%s)", method, path, p.name, got, rt.Action.Describe())
		}
	case p.role == tms.RoleDriver && rule.DriverOwn && foreign && method == http.MethodGet:
		if got != http.StatusForbidden && got != http.StatusNotFound {
			t.Errorf("%s %s as %s on another driver's record: status %d, want 403 or 404", method, path, p.name, got)
		}
	case p.role == tms.RoleDriver && rule.DriverOwn && foreign && got < 400:
		t.Errorf("%s %s as %s on another driver's record: status %d, want a refusal", method, path, p.name, got)
	}
}

// statusOf sends an empty JSON object to a write, nothing to a read, and reads only the status
// (the event stream never ends by itself).
func statusOf(t *testing.T, c *apitest.Client, method, path string) int {
	t.Helper()
	var body io.Reader
	if method != http.MethodGet && method != http.MethodDelete {
		body = strings.NewReader("{}")
	}
	req, err := http.NewRequest(method, c.Base()+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = c.Header.Clone()
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
