package ui

import "strings"

// writeOptions writes the <option> elements of a select, every one whose value is selected
// marked selected. The markup and escaping are what html/template makes of
//
//	<option value="{{.Value}}"{{with .TZ}} data-tz="{{.}}"{{end}}{{if eq .Value $.Value}} selected{{end}}>{{.Label}}</option>
func writeOptions(m *markup, opts []option, selected string) {
	for _, o := range opts {
		m.raw(`<option value="`)
		m.text(o.Value)
		m.raw(`"`)
		m.attr("data-tz", o.TZ)
		m.rawIf(o.Value == selected, " selected")
		m.raw(">")
		m.text(o.Label)
		m.raw("</option>")
	}
}

// htmlEscaper escapes text and quoted attribute values as html/template does.
var htmlEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;",
	"<", "&lt;", ">", "&gt;")
