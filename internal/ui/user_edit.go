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
	User    tms.User
	Form    Form
	Roles   []string
	Drivers []option // the driver a driver-role login belongs to
}

// DriverControl chooses the driver record of a driver-role login.
func (d userEditData) DriverControl() Control {
	return control("f-", "driver_id", "Driver", "").choose("No driver", d.Drivers).
		hint("Only a login with the driver role is linked; a driver has one login.").from(d.Form)
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
	setID(f.Values, "driver_id", usr.DriverID)
	if usr.Active {
		f.Values.Set("active", "on")
	}
	return u.renderUserEdit(w, r, http.StatusOK, usr, f)
}

func (u *UI) renderUserEdit(w http.ResponseWriter, r *http.Request, status int, usr tms.User, f Form) error {
	drivers, err := all(r.Context(), u.store.ListDrivers, "")
	if err != nil {
		return err
	}
	d := userEditData{User: usr, Form: f, Roles: roleNames()}
	for _, dr := range drivers {
		d.Drivers = append(d.Drivers, idOption(dr.ID, dr.Name))
	}
	return u.render(w, r, status, viewUserEdit, "Edit "+usr.Email, d)
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
	usr.DriverID = formID(f, "driver_id", false, v)
	v.Check(!self || usr.Role == tms.RoleAdmin, "role", "you cannot take away your own admin role")
	v.Check(!self || usr.Active, "active", "you cannot deactivate your own account")
	return v.Err()
}
