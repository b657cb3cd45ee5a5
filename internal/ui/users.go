package ui

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/tms"
)

type usersData struct {
	Users   []tms.User
	Pager   Pager
	Form    Form // the new-user form
	Roles   []string
	Created *createdUser // shown once, right after creating
}

type createdUser struct{ Email, Password string }

func newUserForm() Form { return newForm(url.Values{"role": {string(tms.RoleDispatcher)}}) }

func (u *UI) usersPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderUsers(w, r, http.StatusOK, usersData{Form: newUserForm()})
}

func (u *UI) renderUsers(w http.ResponseWriter, r *http.Request, status int, d usersData) error {
	p, err := pageRequest(r)
	if err != nil {
		return err
	}
	page, err := u.store.ListUsers(r.Context(), p)
	if err != nil {
		return err
	}
	d.Users, d.Pager, d.Roles = page.Items, newPager(r.URL, page.Total, page.Limit, page.Offset), roleNames()
	return u.render(w, r, status, viewUsers, "Users", d)
}

// createUser adds an account with a generated password, shown on this response only.
func (u *UI) createUser(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(r)
	if err != nil {
		return err
	}
	usr, password, err := u.addUser(r.Context(), f)
	if status, ok := f.Fail(err); ok {
		return u.renderUsers(w, r, status, usersData{Form: f})
	}
	if err != nil {
		return err
	}
	return u.renderUsers(w, r, http.StatusCreated, usersData{Form: newUserForm(), Created: &createdUser{usr.Email, password}})
}

func (u *UI) addUser(ctx context.Context, f Form) (tms.User, string, error) {
	usr, password, err := auth.NewUser(f.Get("email"), strings.TrimSpace(f.Get("name")), tms.Role(f.Get("role")), "")
	if err != nil {
		return usr, "", err
	}
	return usr, password, u.store.CreateUser(ctx, &usr)
}

func roleNames() []string {
	names := make([]string, len(tms.Roles))
	for i, role := range tms.Roles {
		names[i] = string(role)
	}
	return names
}
