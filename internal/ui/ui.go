// Package ui is the server-rendered web UI: html/template pages with htmx for partial updates,
// templates and static files embedded in the binary. One file per page or action; routes.go
// is the route table, templates.go parses every template once at start.
package ui

import (
	"html/template"
	"net/http"

	"github.com/alexedwards/scs/v2"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/tms"
)

// Config is what the UI takes from the application's configuration.
type Config struct {
	// TileURL is the map tile template ({z}/{x}/{y}) map pages draw from.
	TileURL string
}

// UI serves the HTML pages.
type UI struct {
	cfg      Config
	store    tms.Store
	sessions *scs.SessionManager
	login    auth.Login
	assets   *assets
	views    map[string]*template.Template
}

// New parses the templates and hashes the static files; it fails when a template is missing
// or references a template or one of our own assets that does not exist.
func New(cfg Config, store tms.Store, sessions *scs.SessionManager, login auth.Login) (*UI, error) {
	a, err := newAssets(staticFiles, "static")
	if err != nil {
		return nil, err
	}
	views, err := parseViews(templateFS, a)
	if err != nil {
		return nil, err
	}
	return &UI{cfg: cfg, store: store, sessions: sessions, login: login, assets: a, views: views}, nil
}

// Register adds every UI route to mux, each behind the CSRF check, its role check and the
// HTML error boundary.
func (u *UI) Register(mux *http.ServeMux) {
	for _, rt := range u.routes() {
		mux.Handle(rt.pattern, u.serve(rt))
	}
	mux.Handle("/", u.boundary(u.notFound)) // every path no other route claims
}
