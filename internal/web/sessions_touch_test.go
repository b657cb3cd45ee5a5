package web_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/scs/goredisstore"
	"github.com/alexedwards/scs/v2"
	goredis "github.com/redis/go-redis/v9"

	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// TestSessionWrittenAtMostOnceAMinute: authenticated requests within a minute of the last
// write do not write the session store (SQLite, PostgreSQL, Redis); the first request a minute
// later writes it once, with the expiry moved to that time + 4 h (never past the 12 h end);
// a session idle for 4 h is gone.
func TestSessionWrittenAtMostOnceAMinute(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			s := f.Open(t)
			h := newSessionHarness(t, s, s.Sessions())
			h.checkTouches(t)
			h.checkIdleExpiry(t, s.(interface{ SetClock(func() time.Time) }))
			h.checkLifetimeEnd(t)
		})
	}
	t.Run("redis", func(t *testing.T) {
		redisURL := testenv.Require(t, "TMS_TEST_REDIS_URL")
		if redisURL == "" {
			t.Skip("TMS_TEST_REDIS_URL not set")
		}
		opts, err := goredis.ParseURL(redisURL)
		if err != nil {
			t.Fatal(err)
		}
		rdb := goredis.NewClient(opts)
		t.Cleanup(func() { rdb.Close() })
		prefix := "tms:test-touch:" + randomHex(t) + ":"
		h := newSessionHarness(t, testenv.SQLite(t), goredisstore.NewWithPrefix(rdb, prefix))
		h.checkTouches(t)
		ttl, err := rdb.PTTL(context.Background(), prefix+h.token(t)).Result()
		if want := time.Until(h.store.expiry()); err != nil || ttl < want-time.Minute || ttl > want+time.Second {
			t.Errorf("Redis TTL = %v, %v; want the committed expiry, %v from now", ttl, err, want)
		}
		h.checkLifetimeEnd(t)
	})
}

// sessionHarness serves Identify behind LoadAndSave over a counting session store, with a
// clock the test moves.
type sessionHarness struct {
	srv    *httptest.Server
	client *http.Client
	store  *countingStore
	start  time.Time
	mu     sync.Mutex
	now    time.Time
}

func newSessionHarness(t *testing.T, users tms.Store, store scs.CtxStore) *sessionHarness {
	ctx := context.Background()
	u := tms.User{Email: "touch@example.com", Role: tms.RoleDispatcher, Active: true, PasswordHash: "hash"}
	if err := users.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	h := &sessionHarness{store: &countingStore{CtxStore: store}, start: time.Now(), now: time.Now()}
	sessions := web.NewSessions(h.store, false)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		if err := web.StartSession(r.Context(), sessions, u); err != nil {
			t.Error(err)
		}
	})
	mux.HandleFunc("GET /me", func(w http.ResponseWriter, r *http.Request) {
		if _, ok := web.CurrentUser(r.Context()); !ok {
			w.WriteHeader(http.StatusUnauthorized)
		}
	})
	h.srv = httptest.NewServer(sessions.LoadAndSave(web.Identify{Users: users, Sessions: sessions, Now: h.clock}.Wrap(mux)))
	t.Cleanup(h.srv.Close)
	jar, _ := cookiejar.New(nil)
	h.client = &http.Client{Jar: jar}
	if status := h.get(t, "POST", "/login"); status != http.StatusOK {
		t.Fatalf("login: status %d", status)
	}
	return h
}

func (h *sessionHarness) clock() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.now
}

func (h *sessionHarness) advance(d time.Duration) time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.now = h.now.Add(d)
	return h.now
}

func (h *sessionHarness) get(t *testing.T, method, path string) int {
	t.Helper()
	req, _ := http.NewRequest(method, h.srv.URL+path, nil)
	resp, err := h.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// requests sends n authenticated requests and returns how many session writes they caused.
func (h *sessionHarness) requests(t *testing.T, n int) int64 {
	t.Helper()
	before := h.store.commits()
	for range n {
		if status := h.get(t, "GET", "/me"); status != http.StatusOK {
			t.Fatalf("GET /me: status %d, want 200", status)
		}
	}
	return h.store.commits() - before
}

// checkTouches: no write within a minute of the login, one write with a request after it.
func (h *sessionHarness) checkTouches(t *testing.T) {
	t.Helper()
	if n := h.requests(t, 20); n != 0 {
		t.Errorf("20 requests right after login wrote the session %d times, want 0", n)
	}
	h.advance(59 * time.Second)
	if n := h.requests(t, 20); n != 0 {
		t.Errorf("20 requests 59 s after login wrote the session %d times, want 0", n)
	}
	touched := h.advance(2 * time.Second)
	if n := h.requests(t, 20); n != 1 {
		t.Errorf("20 requests 61 s after login wrote the session %d times, want 1", n)
	}
	if want := touched.Add(web.SessionIdleTimeout).Unix(); h.store.expiry().Unix() != want {
		t.Errorf("expiry after the touch = %v, want the touch + 4 h (%v)", h.store.expiry(), time.Unix(want, 0))
	}
}

// checkIdleExpiry: the session lives until its expiry in the store and is gone after it.
func (h *sessionHarness) checkIdleExpiry(t *testing.T, db interface{ SetClock(func() time.Time) }) {
	t.Helper()
	expiry := h.store.expiry()
	defer db.SetClock(time.Now)
	db.SetClock(func() time.Time { return expiry.Add(-time.Minute) })
	if status := h.get(t, "GET", "/me"); status != http.StatusOK {
		t.Errorf("a session idle for 3 h 59 min answered %d, want 200", status)
	}
	db.SetClock(func() time.Time { return expiry.Add(time.Second) })
	if status := h.get(t, "GET", "/me"); status != http.StatusUnauthorized {
		t.Errorf("a session idle for 4 h answered %d, want 401", status)
	}
}

// checkLifetimeEnd: a touch never moves the expiry past 12 h after the login.
func (h *sessionHarness) checkLifetimeEnd(t *testing.T) {
	t.Helper()
	h.advance(9 * time.Hour)
	if n := h.requests(t, 5); n != 1 {
		t.Errorf("5 requests 9 h after login wrote the session %d times, want 1", n)
	}
	if end := h.start.Add(web.SessionLifetime); h.store.expiry().Sub(end).Abs() > 5*time.Second {
		t.Errorf("expiry 9 h after login = %v, want the session's end %v (12 h after login)", h.store.expiry(), end)
	}
}

func (h *sessionHarness) token(t *testing.T) string {
	t.Helper()
	u, _ := url.Parse(h.srv.URL)
	for _, c := range h.client.Jar.Cookies(u) {
		if c.Name == "tms_session" {
			return c.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// countingStore counts the writes to a session store and keeps the last expiry written.
type countingStore struct {
	scs.CtxStore
	mu     sync.Mutex
	n      int64
	latest time.Time
}

func (c *countingStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	c.mu.Lock()
	c.n, c.latest = c.n+1, expiry
	c.mu.Unlock()
	return c.CtxStore.CommitCtx(ctx, token, b, expiry)
}

func (c *countingStore) Commit(token string, b []byte, expiry time.Time) error {
	return c.CommitCtx(context.Background(), token, b, expiry)
}

func (c *countingStore) commits() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func (c *countingStore) expiry() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.latest
}

func randomHex(t *testing.T) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
