// Package ui is the server-rendered web UI: html/template pages with htmx for partial updates,
// templates and static files embedded in the binary. One file per page or action; routes.go
// is the route table, templates.go parses every template once at start.
package ui

import (
	"html/template"
	"net/http"

	"github.com/alexedwards/scs/v2"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/edi"
	"github.com/anditms/tms/internal/geocode"
	"github.com/anditms/tms/internal/search"
	"github.com/anditms/tms/internal/share"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
	"github.com/anditms/tms/internal/webhooks"
)

// Deps is what the UI works with. Documents and Tracking may be nil: the pages then leave
// out paperwork, and maps show no live positions.
type Deps struct {
	Store     tms.Store
	Sessions  *scs.SessionManager
	Login     auth.Login
	Dispatch  *dispatch.Service
	Documents *documents.Service
	Tracking  *tracking.Service
	Billing   *billing.Service
	EDI       *edi.Service
	// TileURL is the map tile template ({z}/{x}/{y}) map pages draw from.
	TileURL string
	// Demo is the demo data set (nil: no banner, no removal).
	Demo DemoData
	// Geocoder locates facility addresses; nil means geocode.Offline.
	Geocoder geocode.Geocoder
	// Share makes and answers the customer tracking links (nil: no links).
	Share *share.Service
	// Webhooks manages the outbound webhook subscriptions.
	Webhooks *webhooks.Service
}

// UI serves the HTML pages.
type UI struct {
	store     tms.Store
	sessions  *scs.SessionManager
	login     auth.Login
	dispatch  *dispatch.Service
	documents *documents.Service
	tracking  *tracking.Service
	billing   *billing.Service
	edi       *edi.Service
	webhooks  *webhooks.Service
	search    *search.Service
	share     *share.Service
	geocoder  geocode.Geocoder
	tileURL   string
	demo      DemoData
	assets    *assets
	views     map[string]*template.Template
}

// New parses the templates and hashes the static files; it fails when a template is missing
// or references a template or one of our own assets that does not exist.
func New(d Deps) (*UI, error) {
	a, err := newAssets(staticFiles, "static")
	if err != nil {
		return nil, err
	}
	views, err := parseViews(templateFS, a)
	if err != nil {
		return nil, err
	}
	if d.Geocoder == nil {
		d.Geocoder = geocode.Offline{}
	}
	return &UI{store: d.Store, sessions: d.Sessions, login: d.Login, dispatch: d.Dispatch, documents: d.Documents,
		tracking: d.Tracking, billing: d.Billing, tileURL: d.TileURL, demo: d.Demo, edi: d.EDI, search: &search.Service{Store: d.Store}, assets: a, views: views,
		geocoder: d.Geocoder, share: d.Share, webhooks: d.Webhooks}, nil
}

// Register adds every UI route to mux, each behind the CSRF check, its role check and the
// HTML error boundary.
func (u *UI) Register(mux *http.ServeMux) {
	for _, rt := range u.routes() {
		mux.Handle(rt.pattern, u.serve(rt))
	}
	mux.Handle("/", u.boundary(u.notFound)) // every path no other route claims
}
