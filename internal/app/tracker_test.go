package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// trackerDevices creates an active device on a truck, and one that needs a path secret.
func trackerDevices(t *testing.T, store tms.Store) {
	t.Helper()
	ctx := context.Background()
	truck := tms.Truck{UnitNumber: "LEAN-1"}
	if err := store.CreateTruck(ctx, &truck); err != nil {
		t.Fatal(err)
	}
	for _, d := range []tms.Device{{UniqueID: "lean-1", TruckID: &truck.ID, Active: true}, {UniqueID: "lean-2", Secret: "s3cret-path", Active: true}} {
		if err := store.CreateDevice(ctx, &d); err != nil {
			t.Fatal(err)
		}
	}
}

func fixQuery(id string, n int) string {
	return fmt.Sprintf("id=%s&lat=32.7767&lon=-96.797&timestamp=%d&speed=20", id, time.Now().Add(-time.Hour).Unix()+int64(n))
}

// The OsmAnd routes take the tracker chain: a browser session cookie and a cross-origin,
// state-changing request change nothing there, while the API keeps its session and
// cross-origin checks.
func TestTrackerRoutesSkipSessionAndCrossOriginChecks(t *testing.T) {
	eachBackend(t, func(t *testing.T, srv *apitest.Server) {
		trackerDevices(t, srv.App.Store)
		u, pw := apitest.CreateUser(t, srv.App.Store, "lean@example.com", tms.RoleAdmin)
		c := srv.NewClient(t).Login(u.Email, pw) // carries the session cookie from here on
		crossSite := []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}

		n := 0
		for _, route := range []struct{ path, device string }{{"/osmand", "lean-1"}, {"/osmand/s3cret-path", "lean-2"}} {
			for _, method := range []string{"POST", "PUT", "DELETE", "GET"} {
				n++
				p := route.path + "?" + fixQuery(route.device, n)
				r := c.Do(method, p, nil, crossSite...).Want(http.StatusOK)
				if r.Header.Get("X-Request-Id") == "" || r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Content-Security-Policy") == "" {
					t.Errorf("%s %s: headers %v, want a request id and the security headers", method, p, r.Header)
				}
				if v := r.Header.Values("Vary"); len(v) != 0 {
					t.Errorf("%s %s: Vary %v, want none (no session middleware)", method, p, v)
				}
			}
		}
		srv.NewClient(t).Do("POST", "/osmand?"+fixQuery("lean-1", 10), nil, crossSite...).Want(http.StatusOK) // no cookie at all
		if p := c.Do("POST", "/osmand?id=lean-1&lat=x&lon=-96.797", nil, crossSite...).Want(http.StatusBadRequest).Problem(); p["request_id"] == "" {
			t.Errorf("refused fix: problem %v, want a request id", p)
		}
		c.Do("POST", "/osmand/wrong-secret?"+fixQuery("lean-2", 12), nil, crossSite...).Want(http.StatusBadRequest)

		// Everything else keeps the whole chain.
		c.Do("POST", "/api/v1/tokens", map[string]string{"name": "evil"}, crossSite...).Want(http.StatusForbidden)
		srv.NewClient(t).Do("GET", "/api/v1/me", nil).Want(http.StatusUnauthorized)
		c.Do("GET", "/api/v1/me", nil).Want(http.StatusOK)
		if v := c.Do("GET", "/api/v1/me", nil).Header.Values("Vary"); !strings.Contains(strings.Join(v, ","), "Cookie") {
			t.Errorf("API response Vary %v, want Cookie (session middleware)", v)
		}
	})
}

// logLevels records the level and route of every access-log line.
type logLevels struct {
	mu    sync.Mutex
	lines []map[string]any
	buf   bytes.Buffer
}

func (l *logLevels) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var m map[string]any
	if err := json.Unmarshal(p, &m); err == nil && m["msg"] == "request" {
		l.lines = append(l.lines, m)
	}
	return len(p), nil
}

func (l *logLevels) take() []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	lines := l.lines
	l.lines = nil
	return lines
}

// A successful tracker request logs its access line at debug; a refused one, and every
// other route, at info.
func TestTrackerAccessLogLevel(t *testing.T) {
	srv := apitest.Start(t, apitest.DefaultConfig(t), testenv.SQLite(t))
	trackerDevices(t, srv.App.Store)
	logs := &logLevels{}
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(prev) })
	h := srv.App.Handler()

	for _, tc := range []struct {
		method, path string
		status       int
		level, route string
	}{
		{"POST", "/osmand?" + fixQuery("lean-1", 1), http.StatusOK, "DEBUG", "/osmand"},
		{"GET", "/osmand/s3cret-path?" + fixQuery("lean-2", 2), http.StatusOK, "DEBUG", "/osmand/{secret}"},
		{"POST", "/osmand?id=lean-1&lat=x", http.StatusBadRequest, "INFO", "/osmand"},
		{"GET", "/health", http.StatusOK, "INFO", "GET /health"},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(tc.method, tc.path, nil))
		if w.Code != tc.status {
			t.Fatalf("%s %s: status %d, want %d: %s", tc.method, tc.path, w.Code, tc.status, w.Body)
		}
		lines := logs.take()
		if len(lines) != 1 || lines[0]["level"] != tc.level || lines[0]["route"] != tc.route || lines[0]["request_id"] == "" {
			t.Errorf("%s %s: access log %v, want one line at %s for route %s with a request id", tc.method, tc.path, lines, tc.level, tc.route)
		}
	}

	// At the default level (info) the successful tracker request writes no line at all.
	slog.SetDefault(slog.New(slog.NewJSONHandler(logs, nil)))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/osmand?"+fixQuery("lean-1", 3), nil))
	if lines := logs.take(); w.Code != http.StatusOK || len(lines) != 0 {
		t.Errorf("status %d, access log %v at info level, want 200 and no line", w.Code, lines)
	}
}
