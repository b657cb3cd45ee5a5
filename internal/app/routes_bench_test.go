package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
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
// cpu-ns/op is the CPU time of the whole test process (server and client) per request: unlike
// ns/op it holds when other work shares the machine; resp-bytes is the size of the response. The health route is the baseline of the middleware alone; me_cookie and me_token show what
// identifying the caller costs.
func BenchmarkRoutes(b *testing.B) {
	for _, f := range testenv.Factories(b) {
		b.Run(f.Name, func(b *testing.B) {
			e := startBench(b, f)
			id := e.firstLoad(b)
			runRoutes(b, e, []benchRoute{
				{"health", "/health", false, false},
				{"me_cookie", "/api/v1/me", true, false},
				{"me_token", "/api/v1/me", false, false},
				{"load_list", "/api/v1/loads?status=booked,dispatched,in_transit&limit=50", false, false},
				{"load_detail", fmt.Sprintf("/api/v1/loads/%d", id), false, false},
				{"nearest", "/api/v1/trucks/nearest?lat=32.78&lon=-96.8&limit=10", false, false},
				{"billing_queue", "/api/v1/billing/queue", false, false},
				{"dashboard", "/", true, false},
				{"board", "/dispatch", true, false},
				{"load_page", fmt.Sprintf("/loads/%d", id), true, false},
				{"assign_form", fmt.Sprintf("/loads/%d/assign", e.activeLoad(b)), true, true}, // a board card's, fetched on open
			})
		})
	}
}

// BenchmarkBusyPages measures the dashboard and the dispatch board with 300 active loads
// (the demo data's active loads copied until there are that many), the issue #16 bound:
//
//	go test -run '^$' -bench BenchmarkBusyPages -benchtime 20x ./internal/app/
func BenchmarkBusyPages(b *testing.B) {
	const active = 300
	for _, f := range testenv.Factories(b) {
		b.Run(f.Name, func(b *testing.B) {
			e := startBench(b, f)
			addActiveLoads(b, e.srv.App.Store, active)
			runRoutes(b, e, []benchRoute{{"dashboard", "/", true, false}, {"board", "/dispatch", true, false},
				{"assign_form", fmt.Sprintf("/loads/%d/assign", e.activeLoad(b)), true, true}})
		})
	}
}

// benchEnv is a server with the demo data and an admin signed in by cookie and by token.
type benchEnv struct {
	srv    *apitest.Server
	client *apitest.Client
	token  string
}

type benchRoute struct {
	name, path string
	cookie     bool // sign in by session cookie, else by API token
	htmx       bool // ask as htmx does (HX-Request), for a fragment
}

func startBench(b *testing.B, f testenv.Factory) benchEnv {
	srv := apitest.Start(b, apitest.DefaultConfig(b), f.Open(b))
	if _, err := seed.Demo(benchCtx, srv.App.Store, srv.App.Dispatch, srv.App.Documents, srv.App.Billing, time.Now()); err != nil {
		b.Fatal(err)
	}
	_, pw := apitest.CreateUser(b, srv.App.Store, "bench@example.com", tms.RoleAdmin)
	c := srv.NewClient(b).Login("bench@example.com", pw)
	var tok struct{ Token string }
	c.Do("POST", "/api/v1/tokens", map[string]string{"name": "bench"}).Want(201).JSON(&tok)
	return benchEnv{srv: srv, client: c, token: tok.Token}
}

var benchCtx = tms.WithActor(context.Background(), tms.Actor{Email: "bench", Role: tms.RoleAdmin})

func (e benchEnv) firstLoad(b *testing.B) int64 {
	loads, err := e.srv.App.Store.ListLoads(benchCtx, tms.LoadFilter{Page: tms.PageRequest{Limit: 1}})
	if err != nil || len(loads.Items) == 0 {
		b.Fatalf("demo loads: %v", err)
	}
	return loads.Items[0].ID
}

// activeLoad is a booked demo load: one the board offers to assign.
func (e benchEnv) activeLoad(b *testing.B) int64 {
	loads, err := e.srv.App.Store.ListLoads(benchCtx, tms.LoadFilter{Statuses: []tms.LoadStatus{tms.StatusBooked}, Page: tms.PageRequest{Limit: 1}})
	if err != nil || len(loads.Items) == 0 {
		b.Fatalf("demo booked loads: %v", err)
	}
	return loads.Items[0].ID
}

// runRoutes measures each route as a sub-benchmark, reporting the process CPU per request.
func runRoutes(b *testing.B, e benchEnv, routes []benchRoute) {
	for _, rt := range routes {
		b.Run(rt.name, func(b *testing.B) {
			req, _ := http.NewRequest("GET", e.srv.URL+rt.path, nil)
			if rt.htmx {
				req.Header.Set("HX-Request", "true")
			}
			if rt.cookie {
				addCookies(req, e.client)
			} else {
				req.Header.Set("Authorization", "Bearer "+e.token)
			}
			cpu, size := testenv.ProcessCPU(), int64(0)
			for b.Loop() {
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				size, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("GET %s: status %d, want 200", rt.path, resp.StatusCode)
				}
			}
			b.ReportMetric(float64(testenv.ProcessCPU()-cpu)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(size), "resp-bytes")
		})
	}
}

// addActiveLoads copies the demo's booked, dispatched and in-transit loads (stops and
// assignments included) until there are n of them.
func addActiveLoads(b *testing.B, s tms.Store, n int) {
	moving := []tms.LoadStatus{tms.StatusBooked, tms.StatusDispatched, tms.StatusInTransit}
	page, err := s.ListLoads(benchCtx, tms.LoadFilter{Statuses: moving, Page: tms.PageRequest{Limit: tms.MaxPageSize}})
	if err != nil || len(page.Items) == 0 {
		b.Fatalf("demo active loads: %v", err)
	}
	for i := len(page.Items); i < n; i++ {
		l := page.Items[i%len(page.Items)]
		l.Meta = tms.Meta{}
		l.Stops = slices.Clone(l.Stops)
		for j := range l.Stops {
			l.Stops[j].ID = 0
		}
		if err := s.CreateLoad(benchCtx, &l); err != nil {
			b.Fatalf("copy load: %v", err)
		}
	}
}

// addCookies copies the client's session cookies onto req.
func addCookies(req *http.Request, c *apitest.Client) {
	for _, ck := range c.HTTP.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
}
