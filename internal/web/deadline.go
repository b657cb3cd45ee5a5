package web

import (
	"context"
	"net/http"
	"slices"
	"time"
)

// Deadlines bound how long a request may wait on the database, Redis or S3: a dependency that
// stops answering fails the request at its deadline (503 through the error boundary) instead of
// holding it until the load balancer gives up.
type Deadlines struct {
	// Default bounds every request not listed below.
	Default time.Duration
	// Long bounds the LongPaths: uploads and imports, whose bodies take a while to arrive.
	Long      time.Duration
	LongPaths []string
	// Streams are the event streams, which run until the client leaves or the server stops.
	Streams []string
}

// Wrap returns next with each request's context bounded by its deadline. Paths match as in
// LimitBody: a prefix, or a path.Match pattern when they hold a "*".
func (d Deadlines) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := d.of(r.URL.Path)
		if limit <= 0 {
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), limit)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// of is the deadline of urlPath; 0 means none.
func (d Deadlines) of(urlPath string) time.Duration {
	matches := func(p string) bool { return exempted(urlPath, p) }
	switch {
	case slices.ContainsFunc(d.Streams, matches):
		return 0
	case slices.ContainsFunc(d.LongPaths, matches):
		return d.Long
	}
	return d.Default
}
