package ui

import (
	"html/template"
	"strings"
)

// optionTags writes the <option> elements of a select in Go: the board draws three selects
// per card, and walking each option through the template engine was most of its CPU. The
// markup and escaping are what html/template makes of
//
//	<option value="{{.Value}}"{{with .TZ}} data-tz="{{.}}"{{end}}{{if eq .Value $.Value}} selected{{end}}>{{.Label}}</option>
func optionTags(opts []option, selected string) template.HTML {
	var b strings.Builder
	for _, o := range opts {
		b.WriteString(`<option value="`)
		htmlEscaper.WriteString(&b, o.Value)
		b.WriteByte('"')
		if o.TZ != "" {
			b.WriteString(` data-tz="`)
			htmlEscaper.WriteString(&b, o.TZ)
			b.WriteByte('"')
		}
		if o.Value == selected {
			b.WriteString(" selected")
		}
		b.WriteByte('>')
		htmlEscaper.WriteString(&b, o.Label)
		b.WriteString("</option>")
	}
	return template.HTML(b.String()) // every value is escaped above
}

// htmlEscaper escapes text and quoted attribute values as html/template does.
var htmlEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;",
	"<", "&lt;", ">", "&gt;")
