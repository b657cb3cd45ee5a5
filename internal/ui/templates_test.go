package ui

import (
	"bytes"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/alexedwards/scs/v2"
	"golang.org/x/net/html"

	"github.com/anditms/tms/internal/api"
	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/testenv"
)

func newTestUI(t *testing.T) *UI {
	t.Helper()
	u, err := New(Deps{Store: testenv.SQLite(t), Sessions: scs.New(), Login: auth.Login{}})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return u
}

func TestEveryTemplateFileIsParsed(t *testing.T) {
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if !slices.Contains(baseFiles, f) && !slices.Contains(viewNames, name) {
			t.Errorf("%s is neither a base file nor listed in viewNames", f)
		}
	}
}

func TestParseViewsRejectsBrokenReferences(t *testing.T) {
	a := &assets{hashes: map[string]string{"app.css": "abc"}}
	base := fstest.MapFS{
		"templates/layout.html":   {Data: []byte(`{{define "layout"}}{{template "content" .}}{{end}}`)},
		"templates/partials.html": {Data: []byte(`{{define "csrf"}}{{end}}`)},
	}
	cases := []struct {
		name, view, wantErr string
	}{
		{"fine", `{{define "content"}}{{template "csrf" .}}<link href="{{asset "app.css"}}">{{end}}`, ""},
		{"missing template", `{{define "content"}}{{if .}}{{template "nope" .}}{{end}}{{end}}`, `undefined template "nope"`},
		{"missing asset", `{{define "content"}}{{with .}}{{asset "gone.css"}}{{end}}{{end}}`, `missing asset "gone.css"`},
		{"missing vendor file", `{{define "content"}}{{asset "vendor/leaflet.js"}}{{end}}`, `missing asset "vendor/leaflet.js"`},
		{"missing file", "", "pattern matches no files"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range base {
				fsys[k] = v
			}
			if tc.view != "" {
				for _, name := range viewNames {
					fsys["templates/"+name+".html"] = &fstest.MapFile{Data: []byte(tc.view)}
				}
			}
			_, err := parseViews(fsys, a)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("parseViews error = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

// TestLinksResolve reads every template as HTML and checks that each local href, action,
// src, hx-* URL and data-stream address is served by a registered route (the catch-all 404
// does not count): a UI route, or an API route (CSV exports, document downloads, the event
// stream the live pages read). Template actions inside a URL ("/admin/users/{{.ID}}")
// stand for one path segment.
func TestLinksResolve(t *testing.T) {
	mux := http.NewServeMux()
	u := newTestUI(t)
	u.Register(mux)
	(&api.API{Store: u.store}).Register(mux)
	files, _ := fs.Glob(templateFS, "templates/*.html")
	checked := 0
	for _, f := range files {
		src, err := fs.ReadFile(templateFS, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range links(src) {
			checked++
			if !routed(mux, l.method, l.url) {
				t.Errorf("%s: %s %s matches no route", f, l.method, l.url)
			}
		}
	}
	for _, it := range navItems {
		if !routed(mux, http.MethodGet, it.Path) {
			t.Errorf("navigation link %s matches no route", it.Path)
		}
	}
	if checked < 10 {
		t.Errorf("checked only %d links: is the scan broken?", checked)
	}
}

type link struct{ method, url string }

var action = regexp.MustCompile(`{{.*?}}`)

// links returns the local URLs an HTML template links to, with the method that follows them.
func links(src []byte) []link {
	z := html.NewTokenizer(bytes.NewReader(action.ReplaceAll(src, []byte("1"))))
	var out []link
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		method := http.MethodGet
		if tok.Data == "form" && strings.EqualFold(attr(tok, "method"), "post") {
			method = http.MethodPost
		}
		for _, a := range tok.Attr {
			m, ok := linkAttrs[a.Key]
			if !ok || !strings.HasPrefix(a.Val, "/") || strings.HasPrefix(a.Val, "//") {
				continue
			}
			if m == "" {
				m = method
			}
			out = append(out, link{m, a.Val})
		}
	}
	return out
}

// linkAttrs maps URL attributes to the method they use ("" = the form's method).
var linkAttrs = map[string]string{
	"href": http.MethodGet, "src": http.MethodGet, "action": "",
	"hx-get": http.MethodGet, "hx-post": http.MethodPost, "hx-put": http.MethodPut,
	"hx-patch": http.MethodPatch, "hx-delete": http.MethodDelete, "data-stream": http.MethodGet,
}

func attr(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func routed(mux *http.ServeMux, method, target string) bool {
	req := httptest.NewRequest(method, target, nil)
	_, pattern := mux.Handler(req)
	return pattern != "" && pattern != "/"
}

func TestAssets(t *testing.T) {
	a, err := newAssets(staticFiles, "static")
	if err != nil {
		t.Fatal(err)
	}
	if got := a.url("app.css"); !regexp.MustCompile(`^/static/app\.css\?v=[0-9a-f]{12}$`).MatchString(got) {
		t.Errorf(`url("app.css") = %q, want /static/app.css?v=<hash>`, got)
	}
	for _, name := range []string{"vendor/htmx.min.js", "vendor/leaflet.js", "vendor/leaflet.css", "vendor/images/marker-icon.png"} {
		if a.url(name) == "" {
			t.Errorf("%s is not embedded: the committed front-end libraries are missing", name)
		}
	}
	if got := a.url("vendor/not-installed.js"); got != "" {
		t.Errorf("url of a missing file = %q, want empty", got)
	}
}

func TestStaticCaching(t *testing.T) {
	u := newTestUI(t)
	mux := http.NewServeMux()
	u.Register(mux)
	cases := []struct {
		target, wantCache string
		wantStatus        int
	}{
		{u.assets.url("app.css"), "public, max-age=31536000, immutable", http.StatusOK},
		{"/static/app.css?v=stale", "no-cache", http.StatusOK},
		{"/static/app.css", "no-cache", http.StatusOK},
		{"/static/nope.css", "no-store", http.StatusNotFound},
	}
	for _, tc := range cases {
		rec := httptest.NewRecorder()
		u.sessions.LoadAndSave(mux).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.target, nil))
		if rec.Code != tc.wantStatus || rec.Header().Get("Cache-Control") != tc.wantCache {
			t.Errorf("GET %s: %d %q, want %d %q", tc.target, rec.Code, rec.Header().Get("Cache-Control"), tc.wantStatus, tc.wantCache)
		}
	}
}

func TestLocalPath(t *testing.T) {
	cases := map[string]string{
		"/admin/users?x=1":      "/admin/users?x=1",
		"":                      "",
		"https://evil.example/": "",
		"//evil.example":        "",
		`/\evil.example`:        "",
		"/\t/evil.example":      "",
		"admin":                 "",
	}
	for in, want := range cases {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSentence(t *testing.T) {
	for in, want := range map[string]string{"": "", "must be set": "Must be set.", "Done.": "Done.", "why?": "Why?"} {
		if got := sentence(in); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
}
