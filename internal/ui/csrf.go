package ui

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
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

// loginCSRFCookie carries the login form's token before there is a session (none is stored
// for a visitor): the form sends the same value back (double submit), the cookie is HttpOnly
// and SameSite=Strict, and cross-origin posts are refused before any token is compared.
const loginCSRFCookie = "tms_login_csrf"

// ensureLoginCSRF gives a visitor the login token cookie (and the request, so the page shows it).
func (u *UI) ensureLoginCSRF(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(loginCSRFCookie); err == nil && len(c.Value) >= 32 {
		return
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	c := &http.Cookie{Name: loginCSRFCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/login",
		HttpOnly: true, Secure: u.sessions.Cookie.Secure, SameSite: http.SameSiteStrictMode}
	http.SetCookie(w, c)
	r.AddCookie(c)
}

// loginCSRF is the visitor's login token ("" = none).
func loginCSRF(r *http.Request) string {
	if c, err := r.Cookie(loginCSRFCookie); err == nil {
		return c.Value
	}
	return ""
}

var crossOrigin = http.NewCrossOriginProtection()

// checkFormText refuses a query or form whose text no column stores the same way on both
// engines (NUL, invalid UTF-8) with 400, before any handler reads it.
func checkFormText(next Handler) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := r.ParseForm(); err != nil {
			return tms.Errorf(tms.CodeInvalid, "the form could not be read")
		}
		for _, vs := range r.Form {
			for _, v := range vs {
				if err := web.CheckText([]byte(v)); err != nil {
					return err
				}
			}
		}
		return next(w, r)
	}
}

// checkCSRF refuses a cross-origin unsafe request, and one whose token does not match the
// session's (a visitor's: the login cookie's).
func (u *UI) checkCSRF(next Handler) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(w, r)
		}
		if err := crossOrigin.Check(r); err != nil {
			return tms.Errorf(tms.CodeForbidden, "this form did not come from this site")
		}
		want := u.sessions.GetString(r.Context(), csrfSessionKey)
		if _, in := web.CurrentUser(r.Context()); !in {
			want = loginCSRF(r)
		}
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
