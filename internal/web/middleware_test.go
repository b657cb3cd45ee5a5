package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Observe finds the route and request ID whether or not WithRequestID runs before it, and
// ObserveQuietly logs a 2xx answer at debug and any other at info.
func TestObserveLevelsAndRoute(t *testing.T) {
	var buf bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(prev) })
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ok/{x}", func(http.ResponseWriter, *http.Request) {})
	mux.HandleFunc("GET /bad", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadRequest) })
	m := NewMetrics()

	for _, tc := range []struct {
		name string
		h    http.Handler
		path string
		want string
	}{
		{"Observe", Observe(m, RecordRoute(mux)), "/ok/1", `level=INFO msg=request request_id="" method=GET path=/ok/1 route="GET /ok/{x}" status=200`},
		{"Observe with ID", WithRequestID(Observe(m, RecordRoute(mux))), "/ok/1", `level=INFO msg=request request_id=abc method=GET path=/ok/1 route="GET /ok/{x}" status=200`},
		{"ObserveQuietly 2xx", WithRequestID(ObserveQuietly(m, RecordRoute(mux))), "/ok/2", `level=DEBUG msg=request request_id=abc method=GET path=/ok/2 route="GET /ok/{x}" status=200`},
		{"ObserveQuietly 4xx", WithRequestID(ObserveQuietly(m, RecordRoute(mux))), "/bad", `level=INFO msg=request request_id=abc method=GET path=/bad route="GET /bad" status=400`},
		{"unmatched", WithRequestID(ObserveQuietly(m, RecordRoute(mux))), "/nowhere", `level=INFO msg=request request_id=abc method=GET path=/nowhere route=unmatched status=404`},
	} {
		buf.Reset()
		r := httptest.NewRequest("GET", tc.path, nil)
		r.Header.Set("X-Request-ID", "abc")
		w := httptest.NewRecorder()
		tc.h.ServeHTTP(w, r)
		if got := buf.String(); !strings.Contains(got, tc.want) {
			t.Errorf("%s: log %q, want it to contain %q", tc.name, got, tc.want)
		}
	}
}
