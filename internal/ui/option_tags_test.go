package ui

import (
	"html/template"
	"strings"
	"testing"
)

// optionTags writes what the template engine wrote before it, escaping included.
func TestOptionTagsMatchTheTemplate(t *testing.T) {
	tmpl := template.Must(template.New("options").Parse(
		`{{range .Options}}<option value="{{.Value}}"{{with .TZ}} data-tz="{{.}}"{{end}}{{if eq .Value $.Value}} selected{{end}}>{{.Label}}</option>{{end}}`))
	opts := []option{
		{Value: "", Label: "none"},
		{Value: "7", Label: `Smith & Sons <"Ltd"> 'West' 1+1`},
		{Value: `a"b&c'd+e<f>`, Label: "nul\x00byte", TZ: "America/Chicago"},
		{Value: "9", Label: "Zoë – ünïcode", TZ: `x"y`},
	}
	for _, selected := range []string{"", "7", `a"b&c'd+e<f>`, "missing"} {
		var want strings.Builder
		if err := tmpl.Execute(&want, map[string]any{"Options": opts, "Value": selected}); err != nil {
			t.Fatal(err)
		}
		if got := string(optionTags(opts, selected)); got != want.String() {
			t.Errorf("selected %q:\n got %s\nwant %s", selected, got, want.String())
		}
	}
}
