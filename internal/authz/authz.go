// Package authz is the authorization table: for each action, the roles that may do it and
// the ownership rule that narrows it. The API routes, the UI routes and forms, the navigation
// and the OpenAPI document all read this one table; nothing else names the roles of a route.
package authz

import (
	"slices"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// Action is something a caller may be allowed to do.
type Action string

// The actions, one per kind of work.
const (
	Public          Action = "public"           // anyone, logged in or not
	Account         Action = "account"          // one's own session, password and API tokens
	TokensCreate    Action = "tokens.create"    // create an API token for oneself
	Administer      Action = "administer"       // users, everyone's tokens, the audit log, restoring documents
	Settings        Action = "settings"         // carrier settings and the accessorial catalog printed on invoices
	OfficeRead      Action = "office.read"      // boards, master data, invoices, reports
	LoadsRead       Action = "loads.read"       // loads, their events, ETAs, documents and the live stream
	Dispatch        Action = "dispatch"         // book and change loads, master data, devices, imports
	StopEvents      Action = "loads.stops"      // record arrivals, departures and check calls
	DocumentsUpload Action = "documents.upload" // file BOLs, PODs and the rest of the paperwork
	Rating          Action = "rating"           // charges, rating and the billing queue
	Accounting      Action = "accounting"       // invoices, payments, settlements, fuel and rate tables
	SettlementsRead Action = "settlements.read" // driver settlements and their statements
	DriverApp       Action = "driver.app"       // the driver's own pages
	DriverLogins    Action = "driver.logins"    // create or link a driver's login from the driver page
	TrackingLinks   Action = "tracking_links"   // share a load with its customer by a tracking link, list and revoke them
	Webhooks        Action = "webhooks"         // outbound webhook subscriptions and their delivery log
)

// Rule says who may do an action.
type Rule struct {
	Roles []tms.Role // nil: public
	// DriverOwn: a driver is admitted only to their own records (loads assigned to them,
	// their settlements); the handler asks Owns with the record's driver.
	DriverOwn bool
}

var (
	office      = []tms.Role{tms.RoleAdmin, tms.RoleDispatcher, tms.RoleBilling, tms.RoleViewer}
	dispatchers = []tms.Role{tms.RoleAdmin, tms.RoleDispatcher}
	admins      = []tms.Role{tms.RoleAdmin}
)

// table is the single place where roles are given to actions.
var table = map[Action]Rule{
	Public:          {},
	Account:         {Roles: tms.Roles},
	TokensCreate:    {Roles: office},
	Administer:      {Roles: admins},
	Settings:        {Roles: admins},
	OfficeRead:      {Roles: office},
	LoadsRead:       {Roles: tms.Roles, DriverOwn: true},
	Dispatch:        {Roles: dispatchers},
	StopEvents:      {Roles: []tms.Role{tms.RoleAdmin, tms.RoleDispatcher, tms.RoleDriver}, DriverOwn: true},
	DocumentsUpload: {Roles: []tms.Role{tms.RoleAdmin, tms.RoleDispatcher, tms.RoleBilling, tms.RoleDriver}, DriverOwn: true},
	Rating:          {Roles: []tms.Role{tms.RoleAdmin, tms.RoleDispatcher, tms.RoleBilling}},
	Accounting:      {Roles: []tms.Role{tms.RoleAdmin, tms.RoleBilling}},
	SettlementsRead: {Roles: []tms.Role{tms.RoleAdmin, tms.RoleBilling, tms.RoleDriver}, DriverOwn: true},
	DriverApp:       {Roles: []tms.Role{tms.RoleDriver}, DriverOwn: true},
	DriverLogins:    {Roles: dispatchers},
	TrackingLinks:   {Roles: dispatchers},
	Webhooks:        {Roles: admins},
}

// RuleOf returns the rule of action a; an action missing from the table is a programming
// error and panics when the routes are built.
func RuleOf(a Action) Rule {
	r, ok := table[a]
	if !ok {
		panic("authz: no rule for action " + string(a))
	}
	return r
}

// Actions lists every action of the table, sorted.
func Actions() []Action {
	as := make([]Action, 0, len(table))
	for a := range table {
		as = append(as, a)
	}
	slices.Sort(as)
	return as
}

// IsPublic reports whether a needs no login.
func (a Action) IsPublic() bool { return RuleOf(a).Roles == nil }

// Allows reports whether role may do a (on its own records, when the rule is DriverOwn).
func (a Action) Allows(role tms.Role) bool {
	r := RuleOf(a)
	return r.Roles == nil || slices.Contains(r.Roles, role)
}

// Check admits the authenticated actor to a, or says why not: 401 without a user, 403 for
// a role the table does not list.
func (a Action) Check(actor tms.Actor) error {
	if a.IsPublic() {
		return nil
	}
	if actor.UserID == 0 {
		return tms.Errorf(tms.CodeUnauthorized, "log in or send an API token")
	}
	if !a.Allows(actor.Role) {
		return tms.Errorf(tms.CodeForbidden, "the %s role may not do this", actor.Role)
	}
	return nil
}

// Owns reports whether actor may do a on a record belonging to driverID (0 = no driver):
// every admitted office role may, a driver only when the rule is DriverOwn and the record is theirs.
func (a Action) Owns(actor tms.Actor, driverID int64) bool {
	if actor.Role != tms.RoleDriver {
		return a.Allows(actor.Role)
	}
	return RuleOf(a).DriverOwn && actor.DriverID != 0 && actor.DriverID == driverID
}

// Describe is the rule in words, for the OpenAPI document and the API docs page.
func (a Action) Describe() string {
	r := RuleOf(a)
	if r.Roles == nil {
		return "public"
	}
	names := make([]string, len(r.Roles))
	for i, role := range r.Roles {
		names[i] = string(role)
		if role == tms.RoleDriver && r.DriverOwn {
			names[i] += " (own records)"
		}
	}
	return strings.Join(names, ", ")
}
