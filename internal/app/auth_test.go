package app_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// eachBackend runs fn against a server over every configured store.
func eachBackend(t *testing.T, fn func(t *testing.T, srv *apitest.Server)) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			srv := apitest.Start(t, apitest.DefaultConfig(t), f.Open(t))
			fn(t, srv)
		})
	}
}

func TestUnauthenticatedIsProblem401(t *testing.T) {
	eachBackend(t, func(t *testing.T, srv *apitest.Server) {
		p := srv.NewClient(t).Do("GET", "/api/v1/me", nil).Want(http.StatusUnauthorized).Problem()
		if p["code"] != "unauthorized" || p["request_id"] == "" {
			t.Errorf("problem = %v, want code unauthorized and a request id", p)
		}
	})
}

func TestRoleChecks(t *testing.T) {
	eachBackend(t, func(t *testing.T, srv *apitest.Server) {
		store := srv.App.Store
		admin, adminPW := apitest.CreateUser(t, store, "admin@example.com", tms.RoleAdmin)
		viewer, viewerPW := apitest.CreateUser(t, store, "viewer@example.com", tms.RoleViewer)
		newUser := map[string]string{"email": "new@example.com", "role": "dispatcher"}

		v := srv.NewClient(t).Login(viewer.Email, viewerPW)
		p := v.Do("POST", "/api/v1/users", newUser).Want(http.StatusForbidden).Problem()
		if p["code"] != "forbidden" {
			t.Errorf("viewer creating a user: code %v, want forbidden", p["code"])
		}
		v.Do("GET", "/api/v1/audit", nil).Want(http.StatusForbidden)

		a := srv.NewClient(t).Login(admin.Email, adminPW)
		var created struct {
			ID                int64  `json:"id"`
			GeneratedPassword string `json:"generated_password"`
		}
		a.Do("POST", "/api/v1/users", newUser).Want(http.StatusCreated).JSON(&created)
		if created.GeneratedPassword == "" {
			t.Fatal("no generated password returned")
		}
		srv.NewClient(t).Login("new@example.com", created.GeneratedPassword)
		a.Do("POST", "/api/v1/users", newUser).Want(http.StatusConflict)

		var audit tms.Page[tms.AuditEntry]
		a.Do("GET", fmt.Sprintf("/api/v1/audit?entity=user&id=%d", created.ID), nil).Want(http.StatusOK).JSON(&audit)
		if audit.Total != 1 || audit.Items[0].ActorEmail != admin.Email || audit.Items[0].Action != "create" {
			t.Errorf("audit = %+v, want one create by %s", audit.Items, admin.Email)
		}
	})
}

// TestLoginThrottling: past the free failures an address is answered 429 with Retry-After
// (auth's tests walk the whole backoff on a test clock), and the owner logging in from
// another address is not slowed.
func TestLoginThrottling(t *testing.T) {
	eachBackend(t, func(t *testing.T, srv *apitest.Server) {
		u, pw := apitest.CreateUser(t, srv.App.Store, "d@example.com", tms.RoleDispatcher)
		c := srv.NewClient(t)
		wrong := map[string]string{"email": u.Email, "password": "wrong-password"}
		for range auth.AccountBackoff.Free + 1 {
			c.Do("POST", "/api/v1/auth/login", wrong).Want(http.StatusUnauthorized)
		}
		r := apitest.UntilThrottled(t, func() *apitest.Response { return c.Do("POST", "/api/v1/auth/login", wrong) })
		secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
		extra, _ := r.Problem()["extra"].(map[string]any)
		if err != nil || secs <= 0 || secs > 15*60 || extra["retry_after_seconds"] != float64(secs) {
			t.Errorf("Retry-After = %q, problem %v; want the same seconds, at most 15 minutes", r.Header.Get("Retry-After"), r.Problem())
		}
		right := map[string]string{"email": u.Email, "password": pw}
		srv.NewClient(t).Do("POST", "/api/v1/auth/login", right, "X-Forwarded-For", "198.51.100.7").Want(http.StatusOK)
	})
}

func TestSessionLifecycleAndTokens(t *testing.T) {
	eachBackend(t, func(t *testing.T, srv *apitest.Server) {
		u, pw := apitest.CreateUser(t, srv.App.Store, "ops@example.com", tms.RoleDispatcher)
		c := srv.NewClient(t).Login(u.Email, pw)
		var me tms.User
		c.Do("GET", "/api/v1/me", nil).Want(http.StatusOK).JSON(&me)
		if me.Email != u.Email || me.PasswordHash != "" {
			t.Errorf("me = %+v", me)
		}
		var tok struct {
			ID    int64  `json:"id"`
			Token string `json:"token"`
		}
		c.Do("POST", "/api/v1/tokens", map[string]string{"name": "EDI"}).Want(http.StatusCreated).JSON(&tok)

		bearer := srv.NewClient(t)
		bearer.Header.Set("Authorization", "Bearer "+tok.Token)
		bearer.Do("GET", "/api/v1/me", nil).Want(http.StatusOK)
		c.Do("DELETE", fmt.Sprintf("/api/v1/tokens/%d", tok.ID), nil).Want(http.StatusNoContent)
		bearer.Do("GET", "/api/v1/me", nil).Want(http.StatusUnauthorized)

		c.Do("POST", "/api/v1/me/password", map[string]string{"current_password": "nope", "new_password": "a-new-long-password"}).Want(http.StatusBadRequest)
		c.Do("POST", "/api/v1/me/password", map[string]string{"current_password": pw, "new_password": "a-new-long-password"}).Want(http.StatusOK)
		c.Do("POST", "/api/v1/auth/logout", nil).Want(http.StatusNoContent)
		c.Do("GET", "/api/v1/me", nil).Want(http.StatusUnauthorized)
		srv.NewClient(t).Login(u.Email, "a-new-long-password")
	})
}

func TestStaleVersionAndBadInput(t *testing.T) {
	eachBackend(t, func(t *testing.T, srv *apitest.Server) {
		admin, pw := apitest.CreateUser(t, srv.App.Store, "root@example.com", tms.RoleAdmin)
		c := srv.NewClient(t).Login(admin.Email, pw)
		path := fmt.Sprintf("/api/v1/users/%d", admin.ID)
		c.Do("PATCH", path, map[string]any{"name": "Root", "version": 1}).Want(http.StatusOK)
		p := c.Do("PATCH", path, map[string]any{"name": "Stale"}, "If-Match", `"1"`).Want(http.StatusConflict).Problem()
		if extra, _ := p["extra"].(map[string]any); extra["current_version"] != float64(2) {
			t.Errorf("stale update problem = %v, want current_version 2", p)
		}
		cases := []struct {
			method, path string
			body         any
		}{
			{"PATCH", path, map[string]any{"nmae": "typo"}},
			{"PATCH", path, map[string]any{"role": 7}},
			{"POST", "/api/v1/users", map[string]any{"email": "bad", "role": "boss"}},
			{"GET", "/api/v1/users/abc", nil},
			{"GET", "/api/v1/users?limit=-1", nil},
		}
		for _, tc := range cases {
			p := c.Do(tc.method, tc.path, tc.body).Want(http.StatusBadRequest).Problem()
			if p["code"] != "invalid" {
				t.Errorf("%s %s: code %v, want invalid", tc.method, tc.path, p["code"])
			}
		}
	})
}

func TestCrossOriginWriteIsRefused(t *testing.T) {
	eachBackend(t, func(t *testing.T, srv *apitest.Server) {
		u, pw := apitest.CreateUser(t, srv.App.Store, "x@example.com", tms.RoleAdmin)
		c := srv.NewClient(t).Login(u.Email, pw)
		c.Do("POST", "/api/v1/tokens", map[string]string{"name": "evil"}, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example").
			Want(http.StatusForbidden)
		c.Do("POST", "/api/v1/tokens", map[string]string{"name": "fine"}, "Sec-Fetch-Site", "same-origin").Want(http.StatusCreated)
	})
}

func ctxAdmin() context.Context {
	return tms.WithActor(context.Background(), tms.Actor{Email: "test-admin", Role: tms.RoleAdmin})
}

// TestUserChangesReachSessionsAtOnce: an admin's change to a user on one instance holds on
// the user's very next request on another instance, for a session kept in the database
// (SQLite, PostgreSQL) and in Redis: a role change narrows what the session may do, and a
// deactivation ends it.
func TestUserChangesReachSessionsAtOnce(t *testing.T) {
	redisURL := testenv.Require(t, "TMS_TEST_REDIS_URL")
	for _, f := range testenv.Factories(t) {
		for _, sessions := range []string{"sql", "redis"} {
			t.Run(f.Name+"/"+sessions, func(t *testing.T) {
				cfg := apitest.DefaultConfig(t)
				if sessions == "redis" {
					if redisURL == "" {
						t.Skip("TMS_TEST_REDIS_URL not set")
					}
					cfg.RedisURL = redisURL
				}
				store := f.Open(t)
				checkUserChangesReachSessions(t, apitest.Start(t, cfg, store), apitest.Start(t, cfg, store))
			})
		}
	}
}

func checkUserChangesReachSessions(t *testing.T, adminSide, userSide *apitest.Server) {
	store := adminSide.App.Store
	admin, adminPW := apitest.CreateUser(t, store, "changes-admin@example.com", tms.RoleAdmin)
	u, pw := apitest.CreateUser(t, store, "changes-user@example.com", tms.RoleDispatcher)
	boss := adminSide.NewClient(t).Login(admin.Email, adminPW)
	user := userSide.NewClient(t).Login(u.Email, pw)
	customer := map[string]any{"name": "Changes Freight"}
	user.Do("POST", "/api/v1/customers", customer).Want(http.StatusCreated)

	var cur tms.User
	boss.Do("PATCH", fmt.Sprintf("/api/v1/users/%d", u.ID), map[string]any{"role": "viewer", "version": u.Version}).Want(http.StatusOK).JSON(&cur)
	var me tms.User
	user.Do("GET", "/api/v1/me", nil).Want(http.StatusOK).JSON(&me)
	if me.Role != tms.RoleViewer {
		t.Errorf("the next request after the role change sees role %q, want viewer", me.Role)
	}
	customer["name"] = "Changes Freight 2"
	user.Do("POST", "/api/v1/customers", customer).Want(http.StatusForbidden)

	boss.Do("PATCH", fmt.Sprintf("/api/v1/users/%d", u.ID), map[string]any{"active": false, "version": cur.Version}).Want(http.StatusOK)
	user.Do("GET", "/api/v1/me", nil).Want(http.StatusUnauthorized)
	user.Do("GET", "/api/v1/loads", nil).Want(http.StatusUnauthorized)
}
