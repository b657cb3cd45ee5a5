package faults

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/app"
	"github.com/anditms/tms/internal/config"
	"github.com/anditms/tms/internal/faultproxy"
	"github.com/anditms/tms/internal/s3/s3test"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// rig is one instance in production mode whose dependencies all go through fault proxies.
type rig struct {
	pg, redis, s3 *faultproxy.Proxy
	app           *app.App
	url           string
	bucket        string
	s3Endpoint    string
	bearer        *apitest.Client // an API token, no cookie
	browser       *apitest.Client // a logged-in session cookie
	truck         tms.Truck
}

func start(t *testing.T) *rig {
	t.Helper()
	if !testing.Verbose() {
		slog.SetDefault(slog.New(slog.DiscardHandler))
	}
	pgURL := testenv.PostgresURL(t)
	redisURL := testenv.Require(t, "TMS_TEST_REDIS_URL")
	if redisURL == "" {
		t.Skip("TMS_TEST_REDIS_URL not set")
	}
	endpoint, bucket := s3test.Bucket(t)
	r := &rig{pg: proxy(t, hostOf(t, pgURL)), redis: proxy(t, hostOf(t, redisURL)), bucket: bucket, s3Endpoint: endpoint}
	r.s3 = proxy(t, hostOf(t, endpoint))
	cfg, err := config.Load(func(k string) string {
		return map[string]string{
			"DATABASE_URL": withHost(t, pgURL, r.pg.Addr()), "REDIS_URL": withHost(t, redisURL, r.redis.Addr()),
			"S3_BUCKET": bucket, "S3_ENDPOINT": "http://" + r.s3.Addr(), "AWS_REGION": os.Getenv("AWS_REGION"),
			"DATA_DIR": t.TempDir(),
		}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	r.app, err = app.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r.app.Handler())
	t.Cleanup(func() {
		srv.Close()
		r.app.Close()
	})
	r.url = srv.URL
	r.login(t)
	return r
}

// login makes the browser and bearer clients and a truck with a tracker.
func (r *rig) login(t *testing.T) {
	u, pw := apitest.CreateUser(t, r.app.Store, "ops@example.com", tms.RoleAdmin)
	r.browser = apitest.NewClient(t, r.url).Login(u.Email, pw)
	var tok struct{ Token string }
	r.browser.Do("POST", "/api/v1/tokens", map[string]string{"name": "faults"}).Want(http.StatusCreated).JSON(&tok)
	r.bearer = apitest.NewClient(t, r.url)
	r.bearer.Header.Set("Authorization", "Bearer "+tok.Token)
	ctx := context.Background()
	r.truck = tms.Truck{UnitNumber: "F-1"}
	if err := r.app.Store.CreateTruck(ctx, &r.truck); err != nil {
		t.Fatal(err)
	}
	if err := r.app.Store.CreateDevice(ctx, &tms.Device{UniqueID: "f-1", TruckID: &r.truck.ID, Active: true}); err != nil {
		t.Fatal(err)
	}
}

func proxy(t *testing.T, target string) *faultproxy.Proxy {
	t.Helper()
	p, err := faultproxy.Start(target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

func hostOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		t.Fatalf("%q is not a URL with a host", raw)
	}
	return u.Host
}

func withHost(t *testing.T, raw, host string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = host
	return u.String()
}

func restore(t *testing.T, p *faultproxy.Proxy) {
	t.Helper()
	if err := p.Restore(); err != nil {
		t.Fatalf("restore the proxy: %v", err)
	}
}

// answer is one request's outcome.
type answer struct {
	status  int
	header  http.Header
	body    string
	elapsed time.Duration
}

// get sends one GET with c's headers and cookies, bounded by a client timeout far above the
// limits tested, so a hang fails the test instead of stalling it.
func get(t *testing.T, c *apitest.Client, base, path string) answer {
	t.Helper()
	return send(t, c, mustRequest(t, "GET", base+path, nil))
}

func send(t *testing.T, c *apitest.Client, req *http.Request) answer {
	t.Helper()
	for k, v := range c.Header {
		req.Header[k] = v
	}
	hc := *c.HTTP
	hc.Timeout = 30 * time.Second
	began := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v after %v", req.Method, req.URL.Path, err, time.Since(began))
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, string(b), time.Since(began)}
}

func mustRequest(t *testing.T, method, target string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// wantUnavailable checks a fast 503 with Retry-After in the expected media type.
func wantUnavailable(t *testing.T, what string, a answer, limit time.Duration, contentType string) {
	t.Helper()
	if a.status != http.StatusServiceUnavailable || a.header.Get("Retry-After") == "" || a.header.Get("Content-Type") != contentType {
		t.Errorf("%s: %d, Retry-After %q, %s after %v; want 503 with Retry-After as %s; body %.300s",
			what, a.status, a.header.Get("Retry-After"), a.header.Get("Content-Type"), a.elapsed, contentType, a.body)
	}
	if a.elapsed > limit {
		t.Errorf("%s: answered after %v, want at most %v", what, a.elapsed, limit)
	}
	t.Logf("%s: %d in %v", what, a.status, a.elapsed.Round(time.Millisecond))
}

// recovers polls path until it answers 200, for at most 15 s: no restart is needed.
func recovers(t *testing.T, what string, c *apitest.Client, base, path string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		a := get(t, c, base, path)
		if a.status == http.StatusOK {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: GET %s still %d 15 s after the dependency came back: %.300s", what, path, a.status, a.body)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

const (
	problemJSON = "application/problem+json"
	html        = "text/html; charset=utf-8"
)
