package api

import (
	"slices"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/tms"
)

// Routes is the route table, grouped by resource. Every /api/v1 route names its roles;
// only login is public.
func (a *API) Routes() []Route {
	return slices.Concat(a.accountRoutes(), a.masterRoutes(), a.loadRoutes(), a.trackingRoutes(), a.csvRoutes(), a.documentRoutes(),
		a.billingRoutes(), a.invoiceRoutes(), a.settlementRoutes(), a.ediRoutes(), a.geocodeRoutes(), a.mailRoutes(), a.trackingLinkRoutes(), a.webhookRoutes())
}

func (a *API) accountRoutes() []Route {
	return []Route{
		{"POST /api/v1/auth/login", authz.Public, a.login, Doc{Summary: "Log in and receive a session cookie", Tag: "auth", In: loginRequest{}, Out: tms.User{},
			Description: auth.ThrottlePolicy()}},
		{"POST /api/v1/auth/logout", authz.Account, a.logout, Doc{Summary: "End the session", Tag: "auth", Status: 204}},
		{"GET /api/v1/me", authz.Account, a.me, Doc{Summary: "The calling user", Tag: "auth", Out: tms.User{}}},
		{"POST /api/v1/me/password", authz.Account, a.changePassword, Doc{Summary: "Change the caller's password", Tag: "auth", In: passwordChange{}, Out: passwordChangedView{}}},

		{"GET /api/v1/users", authz.Administer, a.listUsers, Doc{Summary: "List users", Tag: "users", Out: tms.Page[tms.User]{}, Query: pageParams}},
		{"POST /api/v1/users", authz.Administer, a.createUser, Doc{Summary: "Create a user; a generated password is returned once", Tag: "users", In: userCreate{}, Out: createdUser{}, Status: 201}},
		{"GET /api/v1/users/{id}", authz.Administer, a.getUser, Doc{Summary: "Get a user", Tag: "users", Out: tms.User{}}},
		{"PATCH /api/v1/users/{id}", authz.Administer, a.updateUser, Doc{Summary: "Change a user's name, role, active flag, driver link or password", Tag: "users", In: userPatch{}, Out: tms.User{}}},

		{"GET /api/v1/tokens", authz.Account, a.listTokens, Doc{Summary: "List the caller's API tokens", Tag: "tokens", Out: []tms.APIToken{}}},
		{"POST /api/v1/tokens", authz.TokensCreate, a.createToken, Doc{Summary: "Create an API token; the secret is shown once", Tag: "tokens", In: tokenCreate{}, Out: createdToken{}, Status: 201}},
		{"DELETE /api/v1/tokens/{id}", authz.Account, a.revokeToken, Doc{Summary: "Revoke an API token (admins: anyone's)", Tag: "tokens", Status: 204}},

		{"GET /api/v1/audit", authz.Administer, a.listAudit, Doc{Summary: "Audit log, newest first", Tag: "audit", Out: tms.Page[tms.AuditEntry]{}, Query: append([]string{"entity", "id"}, pageParams...)}},
	}
}
