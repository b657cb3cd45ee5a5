package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// A dependency's failure, however wrapped, answers 503 unavailable with Retry-After; an
// application error keeps its status and any other internal error stays a 500.
func TestWriteProblemMapsDependencyFailures(t *testing.T) {
	cases := []struct {
		name       string
		err        error
		status     int
		retryAfter string
	}{
		{"refused", fmt.Errorf("postgres begin: %w", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}), 503, "5"},
		{"deadline", fmt.Errorf("s3: put k: %w", context.DeadlineExceeded), 503, "5"},
		{"cut", fmt.Errorf("redis: %w", io.ErrUnexpectedEOF), 503, "5"},
		{"wrapped internal", &tms.Error{Code: tms.CodeInternal, Message: "x", Err: syscall.ECONNRESET}, 503, "5"},
		{"sessions", tms.Unavailable(SessionsUnavailable, errors.New("down")), 503, "5"},
		{"not found", tms.NotFound("load", 7), 404, ""},
		{"conflict over a deadline", &tms.Error{Code: tms.CodeConflict, Message: "x", Err: context.DeadlineExceeded}, 409, ""},
		{"a bug", errors.New("nil map"), 500, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			WriteProblem(w, httptest.NewRequest("GET", "/api/v1/loads", nil), tc.err)
			if w.Code != tc.status || w.Header().Get("Retry-After") != tc.retryAfter {
				t.Errorf("got %d with Retry-After %q, want %d with %q", w.Code, w.Header().Get("Retry-After"), tc.status, tc.retryAfter)
			}
			if tc.status == 503 && !strings.Contains(w.Body.String(), `"code":"unavailable"`) {
				t.Errorf("body %s, want code unavailable", w.Body)
			}
		})
	}
}

func TestDeadlines(t *testing.T) {
	d := Deadlines{Default: time.Second, Long: time.Minute, LongPaths: []string{"/api/v1/loads/*/documents", "/api/v1/import/"}, Streams: []string{"/api/v1/stream"}}
	cases := map[string]time.Duration{
		"/api/v1/loads":              time.Second,
		"/api/v1/loads/7/documents":  time.Minute,
		"/api/v1/import/customers":   time.Minute,
		"/api/v1/stream":             0,
		"/api/v1/loads/7/documents/": time.Second,
	}
	for path, want := range cases {
		var got time.Duration
		d.Wrap(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			if dl, ok := r.Context().Deadline(); ok {
				got = time.Until(dl).Round(time.Second)
			}
		})).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
		if got != want {
			t.Errorf("%s: deadline in %v, want %v (0 = none)", path, got, want)
		}
	}
}

// Serve closes Stopping at SIGTERM, so a stream handler ends and the stop does not wait for it.
func TestServeEndsStreamsAtStop(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		<-Stopping(r.Context())
		fmt.Fprint(w, "retry: 1000\n\n")
	}))
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, 5*time.Second, map[net.Listener]*http.Server{ln: srv}) }()
	resp, err := http.Get("http://" + ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	stop()
	began := time.Now()
	body, _ := io.ReadAll(resp.Body)
	if err := <-served; err != nil || time.Since(began) > 2*time.Second {
		t.Errorf("Serve returned %v after %v, want nil at once", err, time.Since(began))
	}
	if string(body) != "retry: 1000\n\n" {
		t.Errorf("stream ended with %q, want the retry hint", body)
	}
}
