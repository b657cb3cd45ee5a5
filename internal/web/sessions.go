package web

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/alexedwards/scs/v2"

	"github.com/anditms/tms/internal/tms"
)

// SessionsUnavailable is what a browser is told while the session store (Redis) is down.
const SessionsUnavailable = "sessions are unavailable right now (the session store does not answer): " +
	"try again in a few minutes; API tokens and GPS trackers keep working"

// ErrorWriter renders an error met in middleware, before any route's own boundary.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, err error)

// PageOrProblem writes problem+json under /api/ and page (the UI's error page) elsewhere.
func PageOrProblem(page ErrorWriter) ErrorWriter {
	return func(w http.ResponseWriter, r *http.Request, err error) {
		if page == nil || strings.HasPrefix(r.URL.Path, "/api/") {
			WriteProblem(w, r, err)
			return
		}
		page(w, r, err)
	}
}

// OnSessionError makes the session store's failures a 503 saying sessions are unavailable,
// written by fail. A cookie-less GET whose new anonymous session (the login page's form
// token) cannot be saved is served without it.
func OnSessionError(s *scs.SessionManager, fail ErrorWriter) {
	s.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		if _, noCookie := r.Cookie(s.Cookie.Name); noCookie != nil && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			slog.WarnContext(r.Context(), "session not saved", "err", err, "request_id", RequestID(r.Context()), "path", r.URL.Path)
			return
		}
		if ctx, lerr := s.Load(r.Context(), ""); lerr == nil { // a fresh session, never saved: the error page may read it
			r = r.WithContext(ctx)
		}
		fail(w, r, tms.Unavailable(SessionsUnavailable, err))
	}
}
