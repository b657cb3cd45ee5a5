package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

type pinned struct{}

// TestPinReadsOnlyPinsReadsThatEnd: GET and HEAD requests are pinned; writes and the event
// stream are not.
func TestPinReadsOnlyPinsReadsThatEnd(t *testing.T) {
	pin := func(ctx context.Context) context.Context { return context.WithValue(ctx, pinned{}, true) }
	var got bool
	h := PinReads(pin, []string{"/api/v1/stream"}, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		got = r.Context().Value(pinned{}) != nil
	}))
	for _, c := range []struct {
		method, path string
		want         bool
	}{
		{"GET", "/dispatch", true}, {"HEAD", "/api/v1/loads", true}, {"POST", "/api/v1/loads", false},
		{"PUT", "/api/v1/loads/1", false}, {"GET", "/api/v1/stream", false},
	} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(c.method, c.path, nil))
		if got != c.want {
			t.Errorf("%s %s pinned = %v, want %v", c.method, c.path, got, c.want)
		}
	}
}
