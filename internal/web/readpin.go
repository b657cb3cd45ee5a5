package web

import (
	"context"
	"net/http"
	"slices"
)

// PinReads gives each GET and HEAD request, except the streams, the context pin makes of its
// own: the store then reads what its cached answers depend on once per request instead of once
// per read (sqlstore's PinDataVersion). Other methods write, and streams live on: they read the
// current version every time. Streams match as in LimitBody.
func PinReads(pin func(context.Context) context.Context, streams []string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
			!slices.ContainsFunc(streams, func(p string) bool { return exempted(r.URL.Path, p) }) {
			r = r.WithContext(pin(r.Context()))
		}
		next.ServeHTTP(w, r)
	})
}
