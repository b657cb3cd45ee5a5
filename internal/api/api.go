// Package api is the JSON API under /api/v1: the route table, the handlers and the OpenAPI
// document generated from that same table.
package api

import (
	"net/http"

	"github.com/alexedwards/scs/v2"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/edi"
	"github.com/anditms/tms/internal/geocode"
	"github.com/anditms/tms/internal/share"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
	"github.com/anditms/tms/internal/web"
	"github.com/anditms/tms/internal/webhooks"
)

// API holds what the handlers need.
type API struct {
	Store    tms.Store
	Dispatch *dispatch.Service
	Sessions *scs.SessionManager
	Login    auth.Login
	Tracking *tracking.Service
	// Documents stores and serves BOLs, PODs and the rest of the paperwork.
	Documents *documents.Service
	// Billing rates, invoices, collects and settles.
	Billing *billing.Service
	// EDI reads partners' X12 files and writes ours.
	EDI *edi.Service
	// Geocoder locates facility addresses; nil means geocode.Offline.
	Geocoder geocode.Geocoder
	// Share makes the customer tracking links.
	Share *share.Service
	// Webhooks manages the outbound webhook subscriptions.
	Webhooks *webhooks.Service
}

// Route is one line of the route table: the pattern, the action it does (the authorization
// table says who may), the handler, and what the OpenAPI document says about it.
type Route struct {
	Pattern string // "METHOD /path/{param}" as http.ServeMux reads it
	Action  authz.Action
	Handler web.Handler
	Doc     Doc
}

// Doc describes a route for the OpenAPI document.
type Doc struct {
	Summary string
	Tag     string
	In      any // request body example value (its type gives the schema); nil = none
	Out     any // success response value; nil = no body
	Status  int // success status; 0 = 200
	Query   []string
	// Upload is the request body's media type when it is not JSON: "multipart/form-data"
	// (a part named file) or "text/csv".
	Upload string
	// Produces is the success response's media type when it is not JSON ("text/csv",
	// "application/pdf").
	Produces string

	// Description says more than the summary (the OpenAPI description, after the roles).
	Description string
}

// Register adds every route to mux, each behind its role check.
func (a *API) Register(mux Mux) {
	for _, rt := range a.Routes() {
		h := rt.Handler
		if rt.Doc.Status == http.StatusCreated {
			h = web.Idempotent(a.Store, h)
		}
		if !rt.Action.IsPublic() {
			h = web.Require(rt.Action, h)
		}
		mux.Handle(rt.Pattern, h)
	}
	mux.Handle("GET /api/openapi.json", web.Handler(a.serveOpenAPI))
	mux.Handle("GET /api/docs", web.Handler(a.serveDocs))
}

// Mux is where routes are registered (an *http.ServeMux; tests record the patterns).
type Mux interface {
	Handle(pattern string, h http.Handler)
}
