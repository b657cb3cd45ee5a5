package ui

import "strings"

// renderedOptions are the <option> elements of a select written once: a board repeats the
// same assign pickers in every card, and only which option is selected differs. The markup
// and escaping are what html/template makes of
//
//	<option value="{{.Value}}"{{with .TZ}} data-tz="{{.}}"{{end}}{{if eq .Value $.Value}} selected{{end}}>{{.Label}}</option>
type renderedOptions struct {
	opts  []option
	html  string // every option, none selected
	heads []int  // heads[i] is where option i's " selected" goes: just before its ">"
}

func renderOptions(opts []option) *renderedOptions {
	var m markup
	r := &renderedOptions{opts: opts, heads: make([]int, len(opts))}
	for i, o := range opts {
		m.raw(`<option value="`)
		m.text(o.Value)
		m.raw(`"`)
		m.attr("data-tz", o.TZ)
		r.heads[i] = m.Len()
		m.raw(">")
		m.text(o.Label)
		m.raw("</option>")
	}
	r.html = m.String()
	return r
}

// write writes the options with every one whose value is selected marked selected.
func (r *renderedOptions) write(m *markup, selected string) {
	from := 0
	for i, o := range r.opts {
		if o.Value == selected {
			m.raw(r.html[from:r.heads[i]], " selected")
			from = r.heads[i]
		}
	}
	m.raw(r.html[from:])
}

// htmlEscaper escapes text and quoted attribute values as html/template does.
var htmlEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;",
	"<", "&lt;", ">", "&gt;")
