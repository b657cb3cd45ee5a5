package ui

import (
	"slices"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// Role sets used by the route table and the navigation.
var (
	public      []tms.Role
	everyone    = tms.Roles
	office      = []tms.Role{tms.RoleAdmin, tms.RoleDispatcher, tms.RoleBilling, tms.RoleViewer}
	dispatchers = []tms.Role{tms.RoleAdmin, tms.RoleDispatcher}
	billers     = []tms.Role{tms.RoleAdmin, tms.RoleDispatcher, tms.RoleBilling}
	accounting  = []tms.Role{tms.RoleAdmin, tms.RoleBilling}
	drivers     = []tms.Role{tms.RoleDriver}
	admins      = []tms.Role{tms.RoleAdmin}
)

// route is one line of the route table: the pattern, who may use it (nil = anyone) and the handler.
type route struct {
	pattern string
	roles   []tms.Role
	handler Handler
}

// routes is the route table, grouped by page. Drivers reach only /driver and their own
// account; everything else under the office roles answers them 403. Office staff read;
// dispatchers and admins write; billing edits charges and files paperwork.
func (u *UI) routes() []route {
	return slices.Concat([]route{
		{"GET /static/{path...}", public, u.static},

		{"GET /login", public, u.loginPage},
		{"POST /login", public, u.loginSubmit},
		{"POST /logout", everyone, u.logout},
		{"GET /account", everyone, u.accountPage},
		{"POST /account/password", everyone, u.changePassword},

		{"GET /{$}", everyone, u.dashboard},
		{"GET /dispatch", office, u.boardPage},
		{"GET /fleet", office, u.fleetPage},

		{"GET /loads/new", dispatchers, u.newLoadPage},
		{"POST /loads/new", dispatchers, u.createLoad},
		{"GET /loads/{id}", office, u.loadPage},
		{"GET /loads/{id}/edit", dispatchers, u.editLoadPage},
		{"POST /loads/{id}/edit", dispatchers, u.updateLoad},
		{"POST /loads/{id}/charges", billers, u.saveCharges},
		{"POST /loads/{id}/assign", dispatchers, u.assignLoad},
		{"POST /loads/{id}/unassign", dispatchers, u.unassignLoad},
		{"POST /loads/{id}/status", dispatchers, u.changeStatus},
		{"POST /loads/{id}/stops/{stop}/arrive", dispatchers, u.officeStop(true)},
		{"POST /loads/{id}/stops/{stop}/depart", dispatchers, u.officeStop(false)},
		{"POST /loads/{id}/documents", billers, u.uploadLoadDocument},
		{"GET /facilities/search", dispatchers, u.facilitySearch},

		{"GET /driver", drivers, u.driverPage},
		{"POST /driver/loads/{id}/stops/{stop}/arrive", drivers, u.driverStop(true)},
		{"POST /driver/loads/{id}/stops/{stop}/depart", drivers, u.driverStop(false)},
		{"POST /driver/loads/{id}/documents", drivers, u.driverUpload},
		{"POST /driver/loads/{id}/checkcall", drivers, u.driverCheckCall},

		{"GET /admin/users", admins, u.usersPage},
		{"POST /admin/users", admins, u.createUser},
		{"GET /admin/users/{id}", admins, u.editUserPage},
		{"POST /admin/users/{id}", admins, u.updateUser},
		{"GET /admin/tokens", admins, u.tokensPage},
		{"POST /admin/tokens", admins, u.createToken},
		{"POST /admin/tokens/{id}/revoke", admins, u.revokeToken},
		{"GET /admin/audit", admins, u.auditPage},
		{"GET /admin/demo", admins, u.demoPage},
		{"POST /admin/demo/remove", admins, u.removeDemo},
	}, u.masterRoutes(), u.receivableRoutes(), u.payrollRoutes(), u.ediRoutes())
}

// navItem is a link in the main navigation, shown to the roles that may follow it.
type navItem struct {
	Label    string
	Path     string
	Sections []string // path prefixes whose pages mark this link current; none = Path only
	Roles    []tms.Role
}

var navItems = []navItem{
	{"Dashboard", "/", nil, office},
	{"Dispatch", "/dispatch", []string{"/loads/"}, office},
	{"Fleet map", "/fleet", nil, office},
	{"Master data", "/customers", masterSections, office},
	{"Billing", "/billing", []string{"/billing/", "/invoices", "/receivables"}, billers},
	{"Settlements", "/settlements", []string{"/settlements/", "/settings/"}, accounting},
	{"Reports", "/reports", []string{"/reports/"}, office},
	{"EDI", "/edi/tenders", []string{"/edi/tenders", "/edi/files"}, office},
	{"My loads", "/driver", nil, drivers},
	{"Admin", "/admin/users", []string{"/admin/"}, admins},
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
			current := path == it.Path || slices.ContainsFunc(it.Sections, func(s string) bool { return strings.HasPrefix(path, s) })
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
