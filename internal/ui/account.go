package ui

import (
	"net/http"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

type accountData struct {
	Form      Form
	MinLength int
	Tokens    []tms.APIToken // the user's own, to revoke after a password change
}

func (u *UI) accountPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderAccount(w, r, http.StatusOK, newForm(nil))
}

func (u *UI) renderAccount(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	me, _ := web.CurrentUser(r.Context())
	tokens, err := u.store.ListTokens(r.Context(), me.ID)
	if err != nil {
		return err
	}
	return u.render(w, r, status, viewAccount, "Your account", accountData{Form: f, MinLength: auth.MinPasswordLength, Tokens: tokens})
}

// revokeOwnToken revokes one of the caller's own API tokens from the account page.
func (u *UI) revokeOwnToken(w http.ResponseWriter, r *http.Request) error {
	return u.revokeTokenTo(w, r, "/account")
}

// changePassword checks the current password, sets the new one and renews the session token.
func (u *UI) changePassword(w http.ResponseWriter, r *http.Request) error {
	me, _ := web.CurrentUser(r.Context())
	err := u.setPassword(r, me)
	f := newForm(nil)
	if status, ok := f.Fail(err, "password", "new_password"); ok {
		return u.renderAccount(w, r, status, f)
	}
	if err != nil {
		return err
	}
	me, err = u.store.User(r.Context(), me.ID)
	if err != nil {
		return err
	}
	if err := u.startSession(r.Context(), me); err != nil { // every other session has ended
		return err
	}
	u.flash(r, "Your password was changed. Your other sessions have ended; API tokens stay valid until you revoke them.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

func (u *UI) setPassword(r *http.Request, me tms.User) error {
	next := r.PostFormValue("new_password")
	v := tms.Validation{}
	v.Check(auth.CheckPassword(me.PasswordHash, r.PostFormValue("current_password")), "current_password", "is wrong")
	v.Check(next == r.PostFormValue("confirm_password"), "confirm_password", "does not match the new password")
	if err := v.Err(); err != nil {
		return err
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		return err
	}
	_, err = u.store.UpdateUser(r.Context(), me.ID, func(u *tms.User) error { u.PasswordHash = hash; return nil })
	return err
}
