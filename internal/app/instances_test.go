package app_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/postgres"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// Two instances on one PostgreSQL and one Redis: a session made on A works on B, and
// readiness names Redis when it goes away while liveness stays up.
func TestInstancesShareSessionsThroughRedis(t *testing.T) {
	redisURL := requireInstances(t)
	store := testenv.Postgres(t)
	proxy := testenv.NewProxy(t, testenv.RedisAddr(t, redisURL))
	cfg := apitest.DefaultConfig(t)
	cfg.DatabaseURL = os.Getenv("TMS_TEST_POSTGRES_URL")
	cfg.RedisURL = strings.Replace(redisURL, testenv.RedisAddr(t, redisURL), proxy.Addr(), 1)
	a := apitest.Start(t, cfg, store)
	b := apitest.Start(t, cfg, store)

	u, pw := apitest.CreateUser(t, store, "shared@example.com", tms.RoleDispatcher)
	onA := a.NewClient(t).Login(u.Email, pw)
	onB := apitest.NewClient(t, b.URL)
	onB.HTTP.Jar = onA.HTTP.Jar // cookies are per host, not per port: B gets A's session cookie
	var me tms.User
	onB.Do("GET", "/api/v1/me", nil).Want(http.StatusOK).JSON(&me)
	if me.ID != u.ID {
		t.Fatalf("instance B sees user %d, want %d", me.ID, u.ID)
	}

	var ready struct {
		Status string            `json:"status"`
		Checks map[string]string `json:"checks"`
	}
	b.NewClient(t).Do("GET", "/health/ready", nil).Want(http.StatusOK).JSON(&ready)
	if ready.Checks["database"] != "ok" || ready.Checks["redis"] != "ok" {
		t.Fatalf("ready checks = %v, want database and redis ok", ready.Checks)
	}
	proxy.Stop()
	b.NewClient(t).Do("GET", "/health/ready", nil).Want(http.StatusServiceUnavailable).JSON(&ready)
	if !strings.HasPrefix(ready.Checks["redis"], "fail") || ready.Checks["database"] != "ok" || ready.Status != "fail" {
		t.Errorf("with Redis down: %+v, want redis failing and database ok", ready)
	}
	b.NewClient(t).Do("GET", "/health", nil).Want(http.StatusOK)
}

// requireInstances returns the Redis URL for tests of several instances on PostgreSQL and
// Redis; without both the test is skipped (a failure under CI=true).
func requireInstances(t *testing.T) string {
	t.Helper()
	redisURL := testenv.Require(t, "TMS_TEST_REDIS_URL")
	if redisURL == "" || testenv.Require(t, "TMS_TEST_POSTGRES_URL") == "" {
		t.Skip("needs TMS_TEST_POSTGRES_URL and TMS_TEST_REDIS_URL")
	}
	return redisURL
}

// Two instances on one PostgreSQL, each with its own read cache: what a dispatcher changes on
// A is what B answers at once — the load's detail, the status list, the dashboard — after B
// had answered (and kept) the same reads before the change.
func TestInstancesSeeEachOthersChanges(t *testing.T) {
	stores, a, b := startInstancesWithLoad(t, time.Now()) // its pickup is on the dashboard's today
	f, l := stores.fixtures, stores.load
	u, pw := apitest.CreateUser(t, stores.a, "instances@example.com", tms.RoleDispatcher)
	onA, onB := a.NewClient(t).Login(u.Email, pw), b.NewClient(t).Login(u.Email, pw)
	detail, booked := fmt.Sprintf("/api/v1/loads/%d", l.ID), "/api/v1/loads?status=booked"
	seen := func(step, wantStatus string, wantBooked int, wantOnDashboard string) {
		t.Helper()
		for range 2 { // the second answer is B's cached one
			var got tms.Load
			onB.Do("GET", detail, nil).Want(http.StatusOK).JSON(&got)
			var page tms.Page[tms.Load]
			onB.Do("GET", booked, nil).Want(http.StatusOK).JSON(&page)
			if string(got.Status) != wantStatus || len(page.Items) != wantBooked {
				t.Fatalf("%s: B answers status %s and %d booked loads, want %s and %d", step, got.Status, len(page.Items), wantStatus, wantBooked)
			}
			if body := onB.Do("GET", "/", nil).Want(http.StatusOK).Body; !strings.Contains(string(body), wantOnDashboard) {
				t.Fatalf("%s: B's dashboard does not show %q", step, wantOnDashboard)
			}
		}
	}
	seen("booked", "booked", 1, "Acme DC Dallas")

	onA.Do("POST", detail+"/assign", map[string]any{"driver_id": f.Driver.ID, "truck_id": f.Truck.ID,
		"trailer_id": f.Trailer.ID, "version": l.Version}).Want(http.StatusOK)
	if _, err := stores.a.UpdateFacility(context.Background(), f.Shipper.ID, func(fa *tms.Facility) error {
		fa.Name = "Acme DC Irving"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	seen("dispatched on A", "dispatched", 0, "Acme DC Irving")
}

// twoInstances are the stores of two instances on one PostgreSQL schema, the fixtures and a load
// made on A.
type twoInstances struct {
	a, b     *postgres.Store
	fixtures storetest.Fixtures
	load     tms.Load
}

// startInstancesWithLoad starts two servers on one PostgreSQL and Redis, each with its own store,
// with the fixtures and a load starting at start made through A's store.
func startInstancesWithLoad(t *testing.T, start time.Time) (twoInstances, *apitest.Server, *apitest.Server) {
	t.Helper()
	redisURL := requireInstances(t)
	stores := testenv.PostgresInstances(t, 2)
	cfg := apitest.DefaultConfig(t)
	cfg.RedisURL = redisURL
	in := twoInstances{a: stores[0], b: stores[1], fixtures: storetest.NewFixtures(t, stores[0])}
	in.load = in.fixtures.Load(start)
	if err := in.a.CreateLoad(context.Background(), &in.load); err != nil {
		t.Fatal(err)
	}
	return in, apitest.Start(t, cfg, in.a), apitest.Start(t, cfg, in.b)
}
