package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// TestLoginFormStoresNoSession: an anonymous visit to the login page writes no session to
// Redis and sets no session cookie; the form still posts with its cookie token, a NUL in it
// is a 400, and a post without the token is refused.
func TestLoginFormStoresNoSession(t *testing.T) {
	redisURL := testenv.Require(t, "TMS_TEST_REDIS_URL")
	if redisURL == "" {
		t.Skip("needs TMS_TEST_REDIS_URL")
	}
	cfg := apitest.DefaultConfig(t)
	cfg.RedisURL = redisURL
	srv := apitest.Start(t, cfg, testenv.SQLite(t))
	opts, err := goredis.ParseURL(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	rdb := goredis.NewClient(opts)
	defer rdb.Close()
	sessions := func() int {
		keys, err := rdb.Keys(context.Background(), "tms:session:*").Result()
		if err != nil {
			t.Fatal(err)
		}
		return len(keys)
	}
	before := sessions()
	p := newPage(t, srv)
	for range 5 {
		r := p.get("/login").Want(http.StatusOK)
		for _, c := range r.Header.Values("Set-Cookie") {
			if len(c) > 11 && c[:11] == "tms_session" {
				t.Errorf("GET /login set %s", c)
			}
		}
	}
	if got := sessions(); got != before {
		t.Errorf("sessions in Redis after anonymous GET /login: %d, want %d", got, before)
	}
	p.post("/login", url.Values{"email": {"a\x00@example.com"}, "password": {"x"}}).Want(http.StatusBadRequest)
	p.postRaw("/login", url.Values{"email": {"a@example.com"}, "password": {"x"}}).Want(http.StatusForbidden)
	p.post("/login", url.Values{"email": {"nobody@example.com"}, "password": {"wrong"}}).Want(http.StatusUnauthorized)
}

// TestLoginFormRefusesNUL: a NUL in the login form is a 400 on both engines (PostgreSQL cannot
// store or compare it), never a 5xx, and the right login still works afterwards.
func TestLoginFormRefusesNUL(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			srv := apitest.Start(t, apitest.DefaultConfig(t), f.Open(t))
			u, pw := apitest.CreateUser(t, srv.App.Store, "owner@example.com", tms.RoleViewer)
			p := newPage(t, srv)
			p.get("/login").Want(http.StatusOK)
			for _, form := range []url.Values{{"email": {"owner@example.com\x00"}, "password": {pw}}, {"email": {u.Email}, "password": {"pw\x00"}}} {
				p.post("/login", form).Want(http.StatusBadRequest)
			}
			p.login(u.Email, pw)
		})
	}
}
