package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/seed"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// BenchmarkRoutes measures the routes of the issue #16 mix over the demo data, through the
// whole server (middleware, identity, store, rendering), on every configured backend:
//
//	go test -run '^$' -bench BenchmarkRoutes -benchtime 200x ./internal/app/
//
// The health route is the baseline of the middleware alone; me_cookie and me_token show what
// identifying the caller costs.
func BenchmarkRoutes(b *testing.B) {
	for _, f := range testenv.Factories(b) {
		b.Run(f.Name, func(b *testing.B) {
			srv := apitest.Start(b, apitest.DefaultConfig(b), f.Open(b))
			ctx := tms.WithActor(context.Background(), tms.Actor{Email: "bench", Role: tms.RoleAdmin})
			if _, err := seed.Demo(ctx, srv.App.Store, srv.App.Dispatch, srv.App.Documents, srv.App.Billing, time.Now()); err != nil {
				b.Fatal(err)
			}
			_, pw := apitest.CreateUser(b, srv.App.Store, "bench@example.com", tms.RoleAdmin)
			c := srv.NewClient(b).Login("bench@example.com", pw)
			var tok struct{ Token string }
			c.Do("POST", "/api/v1/tokens", map[string]string{"name": "bench"}).Want(201).JSON(&tok)
			loads, err := srv.App.Store.ListLoads(ctx, tms.LoadFilter{Page: tms.PageRequest{Limit: 1}})
			if err != nil || len(loads.Items) == 0 {
				b.Fatalf("demo loads: %v", err)
			}
			id := loads.Items[0].ID
			routes := []struct {
				name, path string
				cookie     bool
			}{
				{"health", "/health", false},
				{"me_cookie", "/api/v1/me", true},
				{"me_token", "/api/v1/me", false},
				{"load_list", "/api/v1/loads?status=booked,dispatched,in_transit&limit=50", false},
				{"load_detail", fmt.Sprintf("/api/v1/loads/%d", id), false},
				{"nearest", "/api/v1/trucks/nearest?lat=32.78&lon=-96.8&limit=10", false},
				{"billing_queue", "/api/v1/billing/queue", false},
				{"dashboard", "/", true},
				{"board", "/dispatch", true},
				{"load_page", fmt.Sprintf("/loads/%d", id), true},
			}
			for _, rt := range routes {
				b.Run(rt.name, func(b *testing.B) {
					req, _ := http.NewRequest("GET", srv.URL+rt.path, nil)
					if rt.cookie {
						addCookies(req, c)
					} else {
						req.Header.Set("Authorization", "Bearer "+tok.Token)
					}
					for b.Loop() {
						resp, err := http.DefaultClient.Do(req)
						if err != nil {
							b.Fatal(err)
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != http.StatusOK {
							b.Fatalf("GET %s: status %d, want 200", rt.path, resp.StatusCode)
						}
					}
				})
			}
		})
	}
}

// addCookies copies the client's session cookies onto req.
func addCookies(req *http.Request, c *apitest.Client) {
	for _, ck := range c.HTTP.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
}
