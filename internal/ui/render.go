package ui

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// view is what every template gets: the layout reads the common fields, the page its Data.
type view struct {
	Title string
	Path  string    // the request path, for marking the current navigation link
	User  *tms.User // nil when nobody is logged in
	Home  string    // the user's landing page
	Nav   []navLink
	CSRF  string
	Flash string
	Warn  string // a warning for the next page, such as a credit limit exceeded at booking
	Demo  bool   // the demo data is loaded: the layout shows a banner to signed-in users
	// Search shows the global search box (the roles that may open /search); SearchText is
	// what was searched, on the results page.
	Search     bool
	SearchText string
	Data       any
}

const flashKey, warnKey = "flash", "flash_warning"

// flash keeps a one-line notice for the next page the user sees (after a redirect).
func (u *UI) flash(r *http.Request, msg string) { u.sessions.Put(r.Context(), flashKey, msg) }

// warn keeps warnings for the next page the user sees, shown apart from the notice.
func (u *UI) warn(r *http.Request, warnings ...string) {
	if len(warnings) > 0 {
		u.sessions.Put(r.Context(), warnKey, strings.Join(warnings, " "))
	}
}

// newView fills the common fields. A session CSRF token is made for signed-in users only; the
// login form's token lives in a cookie (ensureLoginCSRF), so no visitor creates a session.
func (u *UI) newView(r *http.Request, name, title string, data any) view {
	ctx := r.Context()
	v := view{Title: title, Path: r.URL.Path, Home: "/", Data: data, Flash: u.sessions.PopString(ctx, flashKey),
		Warn: u.sessions.PopString(ctx, warnKey)}
	if me, ok := web.CurrentUser(ctx); ok {
		v.User, v.Home, v.Nav = &me, homeFor(me.Role), navFor(me.Role, r.URL.Path)
		v.Demo = u.demoLoaded(ctx)
		v.Search = searchAction.Allows(me.Role)
		if r.URL.Path == "/search" {
			v.SearchText = r.URL.Query().Get("q")
		}
	}
	switch {
	case v.User != nil:
		v.CSRF = u.csrfToken(ctx)
	case name == viewLogin:
		v.CSRF = loginCSRF(r)
	}
	return v
}

// render executes a view inside the layout and writes it with status. The page is built in
// memory first, so a template error becomes an error page instead of half a page.
func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) error {
	return u.write(w, status, name, "layout", u.newView(r, name, title, data))
}

// renderFragment executes one named template of a view (an htmx partial) without the layout.
func (u *UI) renderFragment(w http.ResponseWriter, r *http.Request, status int, name, tmpl string, data any) error {
	return u.write(w, status, name, tmpl, u.newView(r, name, "", data))
}

func (u *UI) write(w http.ResponseWriter, status int, name, tmpl string, v view) error {
	t, ok := u.views[name]
	if !ok {
		return fmt.Errorf("ui: no view %q", name)
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	if err := t.ExecuteTemplate(buf, tmpl, v); err != nil {
		return fmt.Errorf("ui: render %s/%s: %w", name, tmpl, err)
	}
	writeHTML(w, status, buf.Bytes())
	return nil
}

// writeHTML sends a built page or fragment, never to be cached (pages are per user and change).
func writeHTML(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body) // a failed write means the client left: nothing to tell it
}

// pageBuffers keeps page buffers between requests: a busy board is hundreds of kilobytes,
// which a fresh buffer reached by growing and copying several times.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledPage bounds what the pool keeps, so one huge page does not pin its memory.
const maxPooledPage = 4 << 20

func putPageBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledPage {
		buf.Reset()
		pageBuffers.Put(buf)
	}
}
