package ui

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/tms"
)

// driverLoginCard is the driver page's word on the driver's login.
type driverLoginCard struct {
	DriverID int64
	Email    string // "" = none
}

func (u *UI) driverLoginCard(ctx context.Context, d *tms.Driver) (any, error) {
	if d.ID == 0 {
		return nil, nil
	}
	card := driverLoginCard{DriverID: d.ID}
	if d.UserID != nil {
		usr, err := u.store.User(ctx, *d.UserID)
		if err != nil {
			return nil, err
		}
		card.Email = usr.Email
	}
	return card, nil
}

// driverLoginData is the page that creates a login for a driver or links an existing one.
type driverLoginData struct {
	Driver  tms.Driver
	Login   string   // the current login's email, "" = none
	Create  Form     // email of a new login
	Link    Form     // user_id of an existing driver-role login
	Users   []option // driver-role logins not linked to another driver
	Created *createdUser
}

func (u *UI) driverLoginPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderDriverLogin(w, r, http.StatusOK, driverLoginData{})
}

// LinkControl is the choice of login to link.
func (d driverLoginData) LinkControl() Control {
	return control("l-", "user_id", "Driver login", "").choose("Choose a login", d.Users).required().from(d.Link)
}

// renderDriverLogin shows the page for the path's driver with d's forms (blank ones filled).
func (u *UI) renderDriverLogin(w http.ResponseWriter, r *http.Request, status int, d driverLoginData) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if d.Driver, err = u.store.Driver(r.Context(), id); err != nil {
		return err
	}
	if d.Create.Values == nil {
		d.Create = newForm(url.Values{"email": {d.Driver.Email}})
	}
	if d.Link.Values == nil {
		d.Link = newForm(nil)
	}
	if d.Login, d.Users, err = u.driverLogins(r.Context(), d.Driver); err != nil {
		return err
	}
	return u.render(w, r, status, viewDriverLogin, "Login for "+d.Driver.Name, d)
}

// driverLogins is the driver's current login and the driver-role logins free to link.
func (u *UI) driverLogins(ctx context.Context, d tms.Driver) (string, []option, error) {
	users, err := u.store.ListUsers(ctx, tms.PageRequest{Limit: tms.MaxPageSize})
	if err != nil {
		return "", nil, err
	}
	current, free := "", []option{}
	for _, usr := range users.Items {
		switch {
		case usr.DriverID != nil && *usr.DriverID == d.ID:
			current = usr.Email
		case usr.Role == tms.RoleDriver && usr.DriverID == nil:
			free = append(free, idOption(usr.ID, usr.Email))
		}
	}
	return current, free, nil
}

// createDriverLogin adds a driver-role login for the driver with a generated password,
// shown on this response only.
func (u *UI) createDriverLogin(w http.ResponseWriter, r *http.Request) error {
	id, f, err := pathForm(r)
	if err != nil {
		return err
	}
	d, err := u.store.Driver(r.Context(), id)
	if err != nil {
		return err
	}
	usr, password, err := auth.NewUser(f.Get("email"), d.Name, tms.RoleDriver, "")
	if err == nil {
		usr.DriverID = &d.ID
		err = u.store.CreateUser(r.Context(), &usr)
	}
	if status, ok := f.Fail(err); ok {
		return u.renderDriverLogin(w, r, status, driverLoginData{Create: f})
	}
	if err != nil {
		return err
	}
	return u.renderDriverLogin(w, r, http.StatusCreated, driverLoginData{Created: &createdUser{usr.Email, password}})
}

// linkDriverLogin links an existing driver-role login to the driver; the store refuses a
// driver that has a login already and a user of another role.
func (u *UI) linkDriverLogin(w http.ResponseWriter, r *http.Request) error {
	id, f, err := pathForm(r)
	if err != nil {
		return err
	}
	v := tms.Validation{}
	userID, perr := strconv.ParseInt(strings.TrimSpace(f.Get("user_id")), 10, 64)
	v.Check(perr == nil && userID > 0, "user_id", "choose a login")
	err = v.Err()
	var usr tms.User
	if err == nil {
		usr, err = u.store.UpdateUser(r.Context(), userID, func(usr *tms.User) error { usr.DriverID = &id; return nil })
	}
	if status, ok := f.Fail(renameField(err, "driver_id", "user_id")); ok {
		return u.renderDriverLogin(w, r, status, driverLoginData{Link: f})
	}
	if err != nil {
		return err
	}
	u.flash(r, "Linked "+usr.Email+".")
	http.Redirect(w, r, "/drivers/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// renameField shows a store's field error on the form field that chose it.
func renameField(err error, from, to string) error {
	if e, ok := err.(*tms.Error); ok && e.Fields[from] != "" {
		return &tms.Error{Code: e.Code, Message: e.Message, Fields: map[string]string{to: e.Fields[from]}}
	}
	return err
}
