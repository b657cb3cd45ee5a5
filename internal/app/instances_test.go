package app_test

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/apitest"
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
