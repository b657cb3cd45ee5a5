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

// RecordRoute wraps the mux and reports the matched pattern to Observe. Middleware between
// them copies the request, so the pattern travels back through the request's info in the
// context.
func RecordRoute(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if info, ok := r.Context().Value(requestKey{}).(*requestInfo); ok && r.Pattern != "" {
			info.route = r.Pattern
		}
	})
}

// Observe logs each request once and records its metrics by route pattern.
func Observe(m *Metrics, next http.Handler) http.Handler {
	return observe(m, slog.LevelInfo, next)
}

// ObserveQuietly is Observe for high-volume machine traffic (GPS trackers): a 2xx answer is
// logged at debug, any other at info as Observe does. /metrics counts them all.
func ObserveQuietly(m *Metrics, next http.Handler) http.Handler {
	return observe(m, slog.LevelDebug, next)
}

// observe logs a 2xx answer at ok and any other at info.
func observe(m *Metrics, ok slog.Level, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		info, found := r.Context().Value(requestKey{}).(*requestInfo)
		if !found { // not behind WithRequestID
			info = &requestInfo{}
			r = r.WithContext(context.WithValue(r.Context(), requestKey{}, info))
		}
		info.route = "unmatched"
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		elapsed := time.Since(start)
		m.observe(r.Method, info.route, rec.status, elapsed)
		level := slog.LevelInfo
		if rec.status >= 200 && rec.status < 300 {
			level = ok
		}
		logger := slog.Default()
		if !logger.Enabled(r.Context(), level) {
			return
		}
		logger.LogAttrs(r.Context(), level, "request",
			slog.String("request_id", info.id), slog.String("method", r.Method),
			slog.String("path", RedactPath(r.URL.Path)), slog.String("route", info.route), slog.Int("status", rec.status),
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
	fixed := http.Header{}
	fixed.Set("Content-Security-Policy", csp)
	fixed.Set("X-Content-Type-Options", "nosniff")
	fixed.Set("X-Frame-Options", "DENY")
	fixed.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	fixed.Set("Permissions-Policy", "geolocation=(self), camera=(self), microphone=()")
	if hsts {
		fixed.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range fixed {
			h[k] = v[:1:1] // shared, never written: Set replaces it and Add appends to a copy (cap 1)
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
			WriteProblem(w, r, tms.Errorf(tms.CodeTooLarge, "request body is larger than %d bytes", n))
			return
		}
		if r.Body != http.NoBody { // nothing to limit
			r.Body = http.MaxBytesReader(w, r.Body, n)
		}
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

// RedactPath hides the device secret of an ingest path (/osmand/{secret}) from the logs.
func RedactPath(p string) string {
	if rest, ok := strings.CutPrefix(p, "/osmand/"); ok && rest != "" {
		return "/osmand/[redacted]"
	}
	return p
}
