package ui

import (
	"slices"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// Role sets used by the route table and the navigation.
var (
	public   []tms.Role
	everyone = tms.Roles
	office   = []tms.Role{tms.RoleAdmin, tms.RoleDispatcher, tms.RoleBilling, tms.RoleViewer}
	drivers  = []tms.Role{tms.RoleDriver}
	admins   = []tms.Role{tms.RoleAdmin}
)

// route is one line of the route table: the pattern, who may use it (nil = anyone) and the handler.
type route struct {
	pattern string
	roles   []tms.Role
	handler Handler
}

// routes is the route table, grouped by page. Drivers reach only /driver and their own
// account; everything else under the office roles answers them 403.
func (u *UI) routes() []route {
	return []route{
		{"GET /static/{path...}", public, u.static},

		{"GET /login", public, u.loginPage},
		{"POST /login", public, u.loginSubmit},
		{"POST /logout", everyone, u.logout},
		{"GET /account", everyone, u.accountPage},
		{"POST /account/password", everyone, u.changePassword},

		{"GET /{$}", everyone, u.dashboard},
		{"GET /driver", drivers, u.driverPage},

		{"GET /admin/users", admins, u.usersPage},
		{"POST /admin/users", admins, u.createUser},
		{"GET /admin/users/{id}", admins, u.editUserPage},
		{"POST /admin/users/{id}", admins, u.updateUser},
		{"GET /admin/tokens", admins, u.tokensPage},
		{"POST /admin/tokens", admins, u.createToken},
		{"POST /admin/tokens/{id}/revoke", admins, u.revokeToken},
		{"GET /admin/audit", admins, u.auditPage},
	}
}

// navItem is a link in the main navigation, shown to the roles that may follow it.
type navItem struct {
	Label   string
	Path    string
	Section string // a path prefix whose pages mark this link current; "" = Path only
	Roles   []tms.Role
}

var navItems = []navItem{
	{"Dashboard", "/", "", office},
	{"My loads", "/driver", "", drivers},
	{"Admin", "/admin/users", "/admin/", admins},
}

// navLink is a navigation link as the layout shows it.
type navLink struct {
	Label, Path string
	Current     bool
}

func navFor(role tms.Role, path string) []navLink {
	var links []navLink
	for _, it := range navItems {
		if slices.Contains(it.Roles, role) {
			current := path == it.Path || (it.Section != "" && strings.HasPrefix(path, it.Section))
			links = append(links, navLink{it.Label, it.Path, current})
		}
	}
	return links
}

// homeFor is where a role lands after logging in.
func homeFor(role tms.Role) string {
	if role == tms.RoleDriver {
		return "/driver"
	}
	return "/"
}
