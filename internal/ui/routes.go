package ui

import (
	"slices"
	"strings"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/tms"
)

// route is one line of the route table: the pattern, the action it does (the authorization
// table says who may) and the handler.
type route struct {
	pattern string
	action  authz.Action
	handler Handler
}

// routes is the route table, grouped by page. Drivers reach only /driver and their own
// account; everything else under the office roles answers them 403. Office staff read;
// dispatchers and admins write; billing edits charges and files paperwork.
func (u *UI) routes() []route {
	return slices.Concat([]route{
		{"GET /static/{path...}", authz.Public, u.static},

		{"GET /login", authz.Public, u.loginPage},
		{"POST /login", authz.Public, u.loginSubmit},
		{"POST /logout", authz.Account, u.logout},
		{"GET /account", authz.Account, u.accountPage},
		{"POST /account/password", authz.Account, u.changePassword},
		{"POST /account/tokens/{id}/revoke", authz.Account, u.revokeOwnToken},

		{"GET /{$}", authz.Account, u.dashboard},
		{"GET /dispatch", authz.OfficeRead, u.boardPage},
		{"GET /fleet", authz.OfficeRead, u.fleetPage},

		{"GET /loads", authz.OfficeRead, u.loadsPage},
		{"GET /loads.csv", authz.OfficeRead, u.loadsCSV},
		{"GET /search", searchAction, u.searchPage},
		{"GET /loads/new", authz.Dispatch, u.newLoadPage},
		{"POST /loads/new", authz.Dispatch, u.createLoad},
		{"GET /loads/{id}", authz.OfficeRead, u.loadPage},
		{"GET /loads/{id}/edit", authz.Dispatch, u.editLoadPage},
		{"POST /loads/{id}/edit", authz.Dispatch, u.updateLoad},
		{"POST /loads/{id}/charges", authz.Rating, u.saveCharges},
		{"GET /loads/{id}/assign", authz.Dispatch, u.assignFormPage}, // the board card's form, fetched on open
		{"POST /loads/{id}/assign", authz.Dispatch, u.assignLoad},
		{"POST /loads/{id}/unassign", authz.Dispatch, u.unassignLoad},
		{"POST /loads/{id}/status", authz.Dispatch, u.changeStatus},
		{"POST /loads/{id}/deliver", authz.Dispatch, u.deliverLoad},
		{"GET /drivers/{id}/login", authz.DriverLogins, u.driverLoginPage},
		{"POST /drivers/{id}/login", authz.DriverLogins, u.createDriverLogin},
		{"POST /drivers/{id}/login/link", authz.DriverLogins, u.linkDriverLogin},
		{"POST /loads/{id}/stops/{stop}/arrive", authz.StopEvents, u.officeStop(true)},
		{"POST /loads/{id}/stops/{stop}/depart", authz.StopEvents, u.officeStop(false)},
		{"POST /loads/{id}/documents", authz.DocumentsUpload, u.uploadLoadDocument},
		{"POST /loads/{id}/checkcall", authz.StopEvents, u.officeCheckCall},
		{"POST /loads/{id}/bol", authz.Dispatch, u.generateBOL}, // as POST /api/v1/loads/{id}/bol
		{"POST /loads/{id}/tracking-links", authz.TrackingLinks, u.createTrackingLink},
		{"POST /tracking-links/{id}/revoke", authz.TrackingLinks, u.revokeTrackingLink},
		{"GET /t/{token}", authz.Public, u.trackingPage},
		{"GET /t/{token}/documents/{doc}", authz.Public, u.trackingDocument},
		{"GET /facilities/search", authz.Dispatch, u.facilitySearch},
		{"POST /facilities/lookup", authz.Dispatch, u.lookupFacility},

		{"GET /driver", authz.DriverApp, u.driverPage},
		{"POST /driver/loads/{id}/stops/{stop}/arrive", authz.DriverApp, u.driverStop(true)},
		{"POST /driver/loads/{id}/stops/{stop}/depart", authz.DriverApp, u.driverStop(false)},
		{"POST /driver/loads/{id}/documents", authz.DriverApp, u.driverUpload},
		{"POST /driver/loads/{id}/checkcall", authz.DriverApp, u.driverCheckCall},

		{"GET /admin/users", authz.Administer, u.usersPage},
		{"POST /admin/users", authz.Administer, u.createUser},
		{"GET /admin/users/{id}", authz.Administer, u.editUserPage},
		{"POST /admin/users/{id}", authz.Administer, u.updateUser},
		{"GET /admin/tokens", authz.Administer, u.tokensPage},
		{"POST /admin/tokens", authz.Administer, u.createToken},
		{"POST /admin/tokens/{id}/revoke", authz.Administer, u.revokeToken},
		{"GET /admin/audit", authz.Administer, u.auditPage},
		{"GET /admin/demo", authz.Administer, u.demoPage},
		{"POST /admin/demo/remove", authz.Administer, u.removeDemo},
	}, u.masterRoutes(), u.receivableRoutes(), u.payrollRoutes(), u.ediRoutes(), u.mailRoutes(), u.webhookRoutes())
}

// navItem is a link in the main navigation, shown to the roles that may follow it.
type navItem struct {
	Label    string
	Path     string
	Sections []string     // path prefixes whose pages mark this link current; none = Path only
	Action   authz.Action // the link shows to the roles that may do it
}

var navItems = []navItem{
	{"Dashboard", "/", nil, authz.OfficeRead},
	{"Dispatch", "/dispatch", []string{"/loads/"}, authz.OfficeRead},
	{"Loads", "/loads", nil, authz.OfficeRead},
	{"Fleet map", "/fleet", nil, authz.OfficeRead},
	{"Master data", "/customers", masterSections, authz.OfficeRead},
	{"Billing", "/billing", []string{"/billing/", "/invoices", "/receivables", "/settings/billing", "/settings/rates", "/settings/fuel", "/outbox"}, authz.Rating},
	{"Settlements", "/settlements", []string{"/settlements/"}, authz.Accounting},
	{"Reports", "/reports", []string{"/reports/"}, authz.OfficeRead},
	{"EDI", "/edi/tenders", []string{"/edi/tenders", "/edi/files"}, authz.OfficeRead},
	{"My loads", "/driver", nil, authz.DriverApp},
	{"Admin", "/admin/users", []string{"/admin/", "/settings/webhooks"}, authz.Administer},
}

// navLink is a navigation link as the layout shows it.
type navLink struct {
	Label, Path string
	Current     bool
}

func navFor(role tms.Role, path string) []navLink { return linksFor(navItems, role, path) }

// linksFor lists the items role may follow, marking the one path is in.
func linksFor(items []navItem, role tms.Role, path string) []navLink {
	var links []navLink
	for _, it := range items {
		if it.Action.Allows(role) {
			current := path == it.Path || slices.ContainsFunc(it.Sections, func(s string) bool { return strings.HasPrefix(path, s) })
			links = append(links, navLink{it.Label, it.Path, current})
		}
	}
	return links
}

// homeFor is where a role lands after logging in: drivers on their loads, billing on its
// overview, the other office roles on the dashboard.
func homeFor(role tms.Role) string {
	switch role {
	case tms.RoleDriver:
		return "/driver"
	case tms.RoleBilling:
		return billingHome
	}
	return "/"
}

// RouteAction is a UI route's pattern and the action the authorization table judges it by.
type RouteAction struct {
	Pattern string
	Action  authz.Action
}

// RouteActions lists every UI route and form with its action, for the authorization walk.
func (u *UI) RouteActions() []RouteAction {
	rs := u.routes()
	out := make([]RouteAction, len(rs))
	for i, rt := range rs {
		out[i] = RouteAction{rt.pattern, rt.action}
	}
	return out
}
