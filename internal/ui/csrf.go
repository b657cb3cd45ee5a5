package ui

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"

	"github.com/anditms/tms/internal/tms"
)

// CSRF: every session holds one random token; every form sends it back in csrfField and
// htmx sends it in csrfHeader (app.js copies it from <meta name="csrf-token">).
const (
	csrfSessionKey = "csrf_token"
	csrfField      = "csrf_token"
	csrfHeader     = "X-CSRF-Token"
)

// csrfToken returns the session's token, creating one on first use.
func (u *UI) csrfToken(ctx context.Context) string {
	tok := u.sessions.GetString(ctx, csrfSessionKey)
	if tok == "" {
		tok = u.renewCSRF(ctx)
	}
	return tok
}

// renewCSRF puts a fresh token into the session (at login, with the new session token).
func (u *UI) renewCSRF(ctx context.Context) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	u.sessions.Put(ctx, csrfSessionKey, tok)
	return tok
}

// checkCSRF refuses an unsafe request whose token does not match the session's.
func (u *UI) checkCSRF(next Handler) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(w, r)
		}
		want := u.sessions.GetString(r.Context(), csrfSessionKey)
		got := r.Header.Get(csrfHeader)
		if got == "" {
			got = r.PostFormValue(csrfField)
		}
		if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			return tms.Errorf(tms.CodeForbidden, "this form has expired or did not come from this site; reload the page and try again")
		}
		return next(w, r)
	}
}
