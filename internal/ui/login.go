package ui

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

type loginData struct {
	Form Form
	Next string // where to go after logging in; a local path or ""
}

func (u *UI) loginPage(w http.ResponseWriter, r *http.Request) error {
	next := localPath(r.URL.Query().Get("next"))
	if me, ok := web.CurrentUser(r.Context()); ok {
		http.Redirect(w, r, cmp.Or(next, homeFor(me.Role)), http.StatusSeeOther)
		return nil
	}
	u.ensureLoginCSRF(w, r)
	return u.render(w, r, http.StatusOK, viewLogin, "Log in", loginData{Form: newForm(nil), Next: next})
}

// loginSubmit checks the credentials through auth.Login, so the API's throttling applies.
func (u *UI) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	u.ensureLoginCSRF(w, r)
	f := newForm(url.Values{"email": {r.PostFormValue("email")}})
	next := localPath(r.PostFormValue("next"))
	me, err := u.login.Check(r.Context(), f.Get("email"), r.PostFormValue("password"), web.ClientIP(r))
	switch tms.ErrorCode(err) {
	case "":
	case tms.CodeUnauthorized:
		f.Message = "Wrong email or password."
		return u.render(w, r, http.StatusUnauthorized, viewLogin, "Log in", loginData{Form: f, Next: next})
	case tms.CodeRateLimited:
		secs, _ := retryAfter(err)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		f.Message = fmt.Sprintf("Too many attempts: retry in %d s.", secs)
		return u.render(w, r, http.StatusTooManyRequests, viewLogin, "Log in", loginData{Form: f, Next: next})
	default:
		return err
	}
	if err := u.startSession(r.Context(), me); err != nil {
		return err
	}
	http.Redirect(w, r, cmp.Or(next, homeFor(me.Role)), http.StatusSeeOther)
	return nil
}

// startSession gives the logged-in user a new session token and a new CSRF token.
func (u *UI) startSession(ctx context.Context, me tms.User) error {
	if err := web.StartSession(ctx, u.sessions, me); err != nil {
		return err
	}
	u.renewCSRF(ctx)
	return nil
}

func (u *UI) logout(w http.ResponseWriter, r *http.Request) error {
	if err := u.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// localPath returns s when it is a path on this site ("/loads?x=1") and "" otherwise, so a
// crafted next parameter cannot send the user elsewhere ("//evil", "/\evil", "https://...").
func localPath(s string) string {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.ContainsAny(s, `\`) {
		return ""
	}
	for _, c := range s {
		if c < 0x20 || c == 0x7f {
			return ""
		}
	}
	if p, err := url.Parse(s); err != nil || p.Scheme != "" || p.Host != "" {
		return ""
	}
	return s
}
