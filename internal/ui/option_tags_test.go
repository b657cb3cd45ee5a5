package ui

import (
	"html/template"
	"strings"
	"testing"
)

// optionsTemplate is how the templates wrote a select's options before they were written in Go.
var optionsTemplate = template.Must(template.New("options").Parse(
	`{{range .Options}}<option value="{{.Value}}"{{with .TZ}} data-tz="{{.}}"{{end}}{{if eq .Value $.Value}} selected{{end}}>{{.Label}}</option>{{end}}`))

// templateOptions renders options with optionsTemplate.
func templateOptions(opts []option, selected string) (template.HTML, error) {
	var b strings.Builder
	err := optionsTemplate.Execute(&b, map[string]any{"Options": opts, "Value": selected})
	return template.HTML(b.String()), err
}

// The options written in Go are what the template engine wrote, escaping included, whichever
// option is selected.
func TestOptionTagsMatchTheTemplate(t *testing.T) {
	opts := []option{
		{Value: "", Label: "none"},
		{Value: "7", Label: `Smith & Sons <"Ltd"> 'West' 1+1`},
		{Value: `a"b&c'd+e<f>`, Label: "nul\x00byte", TZ: "America/Chicago"},
		{Value: "9", Label: "Zoë – ünïcode", TZ: `x"y`},
		{Value: "7", Label: "the same value twice"},
	}
	for _, list := range [][]option{opts, opts[:1], nil} {
		for _, selected := range []string{"", "7", `a"b&c'd+e<f>`, "9", "missing"} {
			want, err := templateOptions(list, selected)
			if err != nil {
				t.Fatal(err)
			}
			var got markup
			writeOptions(&got, list, selected)
			if got.String() != string(want) {
				t.Errorf("%d options, selected %q:\n got %s\nwant %s", len(list), selected, got.String(), want)
			}
		}
	}
}
