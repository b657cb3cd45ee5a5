package ui

import (
	"net/http"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

type dashboardData struct {
	IsAdmin   bool
	UserCount int // admins only
}

// dashboard is the office landing page; drivers have their own and are sent there.
func (u *UI) dashboard(w http.ResponseWriter, r *http.Request) error {
	me, _ := web.CurrentUser(r.Context())
	if me.Role == tms.RoleDriver {
		http.Redirect(w, r, homeFor(me.Role), http.StatusSeeOther)
		return nil
	}
	d := dashboardData{IsAdmin: me.Role == tms.RoleAdmin}
	if d.IsAdmin {
		n, err := u.store.CountUsers(r.Context())
		if err != nil {
			return err
		}
		d.UserCount = n
	}
	return u.render(w, r, http.StatusOK, viewDashboard, "Dashboard", d)
}
