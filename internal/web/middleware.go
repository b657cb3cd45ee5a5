package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// recorder remembers the status and size a handler wrote.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// Flush lets streaming handlers (server-sent events) flush through the recorder.
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

type routeKey struct{}

// RecordRoute wraps the mux and reports the matched pattern to Observe. Middleware between
// them copies the request, so the pattern travels back through a holder in the context.
func RecordRoute(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if holder, ok := r.Context().Value(routeKey{}).(*string); ok {
			if r.Pattern != "" {
				*holder = r.Pattern
			}
		}
	})
}

// Observe logs each request once and records its metrics by route pattern.
func Observe(m *Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		route := "unmatched"
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), routeKey{}, &route)))
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		elapsed := time.Since(start)
		m.observe(r.Method, route, rec.status, elapsed)
		slog.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", RequestID(r.Context())), slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.String("route", route), slog.Int("status", rec.status),
			slog.Int("bytes", rec.bytes), slog.Duration("duration", elapsed), slog.String("remote", ClientIP(r)))
	})
}

// Recover turns a panic into a 500 problem with the request ID, logging the stack once.
func Recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.ErrorContext(r.Context(), "panic", "request_id", RequestID(r.Context()), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				WriteProblem(w, r, tms.Errorf(tms.CodeInternal, "internal error"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// SecureHeaders sets the headers every response carries. The CSP allows only our own
// scripts and styles (no inline), map tiles from tileOrigin, and images from data: URLs.
func SecureHeaders(tileOrigin string, hsts bool, next http.Handler) http.Handler {
	csp := "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: " + tileOrigin +
		"; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", "geolocation=(self), camera=(self), microphone=()")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// LimitBody caps request bodies at n bytes. Paths under the exempt prefixes, or matching an
// exempt path.Match pattern with a "*" ("/api/v1/loads/*/documents"), are upload routes that
// set their own, larger limit.
func LimitBody(n int64, next http.Handler, exempt ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if slices.ContainsFunc(exempt, func(p string) bool { return exempted(r.URL.Path, p) }) {
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > n {
			WriteProblem(w, r, tms.Errorf(tms.CodeInvalid, "request body is larger than %d bytes", n))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}

// exempted reports whether urlPath is under the prefix p, or matches p when p is a pattern.
func exempted(urlPath, p string) bool {
	if strings.Contains(p, "*") {
		ok, _ := path.Match(p, urlPath)
		return ok
	}
	return strings.HasPrefix(urlPath, p)
}
