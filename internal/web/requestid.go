package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
)

// requestKey holds the request's *requestInfo in its context.
type requestKey struct{}

// requestInfo is what the outer middleware learn about a request: WithRequestID sets the ID,
// RecordRoute the matched pattern for Observe. One value per request, so the request is
// copied once for both.
type requestInfo struct {
	id    string
	route string
}

// RequestID returns the request's ID ("" outside a request).
func RequestID(ctx context.Context) string {
	if info, ok := ctx.Value(requestKey{}).(*requestInfo); ok {
		return info.id
	}
	return ""
}

// requestIDHeader is X-Request-ID in its canonical form, so Get and Set need not allocate one.
const requestIDHeader = "X-Request-Id"

// WithRequestID honours a sane incoming X-Request-ID (the ALB or a client may set one) or
// makes a new one, and echoes it in the response.
func WithRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(requestIDHeader)
		if !saneRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(requestIDHeader, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestKey{}, &requestInfo{id: id})))
	})
}

func saneRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range id {
		if c < '!' || c > '~' {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	var s [24]byte
	hex.Encode(s[:], b[:])
	return string(s[:])
}
