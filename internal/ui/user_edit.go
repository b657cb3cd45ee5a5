package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

type userEditData struct {
	User  tms.User
	Form  Form
	Roles []string
}

func (u *UI) editUserPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	usr, err := u.store.User(r.Context(), id)
	if err != nil {
		return err
	}
	f := newForm(url.Values{"name": {usr.Name}, "role": {string(usr.Role)}, "version": {strconv.Itoa(usr.Version)}})
	if usr.Active {
		f.Values.Set("active", "on")
	}
	return u.renderUserEdit(w, r, http.StatusOK, usr, f)
}

func (u *UI) renderUserEdit(w http.ResponseWriter, r *http.Request, status int, usr tms.User, f Form) error {
	return u.render(w, r, status, viewUserEdit, "Edit "+usr.Email, userEditData{User: usr, Form: f, Roles: roleNames()})
}

// updateUser saves name, role and the active flag, refusing a write based on a stale page.
func (u *UI) updateUser(w http.ResponseWriter, r *http.Request) error {
	id, f, err := pathForm(r)
	if err != nil {
		return err
	}
	me, _ := web.CurrentUser(r.Context())
	usr, err := u.store.UpdateUser(r.Context(), id, func(usr *tms.User) error {
		before := *usr
		if err := applyUserForm(f, me, usr); err != nil {
			return err
		}
		return auth.KeepAnAdmin(r.Context(), u.store, before, *usr)
	})
	if status, ok := f.Fail(err); ok {
		current, err := u.store.User(r.Context(), id)
		if err != nil {
			return err
		}
		return u.renderUserEdit(w, r, status, current, f)
	}
	if err != nil {
		return err
	}
	u.flash(r, "Saved "+usr.Email+".")
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}

func applyUserForm(f Form, me tms.User, usr *tms.User) error {
	if f.Get("version") != strconv.Itoa(usr.Version) {
		return &tms.Error{Code: tms.CodeConflict,
			Message: "someone changed this user after you opened the page; reload it and apply your change again",
			Detail:  map[string]any{"current_version": usr.Version}}
	}
	usr.Name, usr.Role, usr.Active = strings.TrimSpace(f.Get("name")), tms.Role(f.Get("role")), f.Checked("active")
	self := usr.ID == me.ID
	v := tms.Validation{}
	v.Check(!self || usr.Role == tms.RoleAdmin, "role", "you cannot take away your own admin role")
	v.Check(!self || usr.Active, "active", "you cannot deactivate your own account")
	return v.Err()
}
