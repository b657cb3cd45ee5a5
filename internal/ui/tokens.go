package ui

import (
	"context"
	"net/http"
	"strings"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

type tokensData struct {
	Tokens  []tms.APIToken
	Form    Form
	Created *createdToken // the secret, shown once right after creating
}

type createdToken struct{ Name, Secret string }

func (u *UI) tokensPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderTokens(w, r, http.StatusOK, tokensData{Form: newForm(nil)})
}

// renderTokens lists the caller's own tokens: a token acts as the user who created it.
func (u *UI) renderTokens(w http.ResponseWriter, r *http.Request, status int, d tokensData) error {
	me, _ := web.CurrentUser(r.Context())
	list, err := u.store.ListTokens(r.Context(), me.ID)
	if err != nil {
		return err
	}
	d.Tokens = list
	return u.render(w, r, status, viewTokens, "API tokens", d)
}

func (u *UI) createToken(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(r)
	if err != nil {
		return err
	}
	secret, err := u.addToken(r.Context(), strings.TrimSpace(f.Get("name")))
	if status, ok := f.Fail(err); ok {
		return u.renderTokens(w, r, status, tokensData{Form: f})
	}
	if err != nil {
		return err
	}
	return u.renderTokens(w, r, http.StatusCreated, tokensData{Form: newForm(nil), Created: &createdToken{f.Get("name"), secret}})
}

func (u *UI) addToken(ctx context.Context, name string) (string, error) {
	me, _ := web.CurrentUser(ctx)
	secret, prefix, hash := auth.NewToken()
	return secret, u.store.CreateToken(ctx, &tms.APIToken{UserID: me.ID, Name: name, Prefix: prefix, Hash: hash})
}

func (u *UI) revokeToken(w http.ResponseWriter, r *http.Request) error {
	return u.revokeTokenTo(w, r, "/admin/tokens")
}

// revokeTokenTo revokes one of the caller's tokens and goes back to page.
func (u *UI) revokeTokenTo(w http.ResponseWriter, r *http.Request, page string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	me, _ := web.CurrentUser(r.Context())
	if err := u.store.RevokeToken(r.Context(), id, me.ID); err != nil {
		return err
	}
	u.flash(r, "The token was revoked.")
	http.Redirect(w, r, page, http.StatusSeeOther)
	return nil
}
