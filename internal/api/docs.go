package api

import (
	"html/template"
	"net/http"
	"strings"
)

var docsPage = template.Must(template.New("docs").Funcs(template.FuncMap{
	"method": func(p string) string { m, _, _ := strings.Cut(p, " "); return m },
	"path":   func(p string) string { _, path, _ := strings.Cut(p, " "); return path },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Andi TMS API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>
<h1>Andi TMS API</h1>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
Authenticate with the session cookie from <code>POST /api/v1/auth/login</code> or
<code>Authorization: Bearer &lt;token&gt;</code>. Errors are <code>application/problem+json</code>.</p>
<table>
<thead><tr><th scope="col">Method</th><th scope="col">Path</th><th scope="col">What it does</th><th scope="col">Roles</th></tr></thead>
<tbody>{{range .}}<tr><td>{{method .Pattern}}</td><td><code>{{path .Pattern}}</code></td><td>{{.Doc.Summary}}</td><td>{{.Action.Describe}}</td></tr>
{{end}}</tbody></table></main></body></html>`))

func (a *API) serveDocs(w http.ResponseWriter, _ *http.Request) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return docsPage.Execute(w, a.sortedRoutes())
}
