package ui

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"text/template/parse"
	"time"
	"unicode"
	"unicode/utf8"
)

//go:embed templates
var templateFS embed.FS

// baseFiles hold the layout and the partials every view may use.
var baseFiles = []string{"templates/layout.html", "templates/partials.html"}

// Views: one file each, templates/<name>.html, defining "content" (and "head" when a page
// needs more in <head>). A handler renders a view by one of these names.
const (
	viewLogin       = "login"
	viewDashboard   = "dashboard"
	viewAccount     = "account"
	viewDriver      = "driver"
	viewBoard       = "board"
	viewLoad        = "load"
	viewLoadForm    = "load_form"
	viewFleet       = "fleet"
	viewMasterList  = "master_list"
	viewMasterForm  = "master_form"
	viewUsers       = "users"
	viewUserEdit    = "user_edit"
	viewDriverLogin = "driver_login"
	viewTokens      = "tokens"
	viewAudit       = "audit"
	viewError       = "error"
	viewDemo        = "demo"
	viewLoads       = "loads"
	viewSearch      = "search"

	viewBillingQueue    = "billing"
	viewBillingOverview = "billing_overview"
	viewInvoices        = "invoices"
	viewInvoice         = "invoice"
	viewAging           = "aging"
	viewSettlements     = "settlements"
	viewSettlement      = "settlement"
	viewSettingsBilling = "settings_billing"
	viewSettingsRates   = "settings_rates"
	viewFuel            = "fuel"
	viewFuelSchedule    = "fuel_schedule"
	viewReports         = "reports"

	viewEDITenders = "edi_tenders"
	viewEDITender  = "edi_tender"
	viewEDIFiles   = "edi_files"

	viewOutbox        = "outbox"
	viewOutboxMessage = "outbox_message"

	viewTracking        = "tracking" // the public page of a tracking link, in its own layout
	viewWebhooks        = "webhooks"
	viewWebhook         = "webhook"
	viewWebhookDelivery = "webhook_delivery"
)

var viewNames = []string{viewLogin, viewDashboard, viewAccount, viewDriver, viewBoard, viewLoad, viewLoadForm, viewFleet,
	viewMasterList, viewMasterForm, viewUsers, viewUserEdit, viewDriverLogin, viewTokens, viewAudit, viewError,
	viewBillingQueue, viewBillingOverview, viewInvoices, viewInvoice, viewAging, viewSettlements, viewSettlement, viewSettingsBilling,
	viewSettingsRates, viewFuel, viewFuelSchedule, viewReports, viewDemo, viewEDITenders, viewEDITender, viewEDIFiles,
	viewLoads, viewSearch, viewOutbox, viewOutboxMessage, viewTracking, viewWebhooks, viewWebhook, viewWebhookDelivery}

// parseViews parses the base templates once and each view on a clone of them. It fails on a
// missing file, a {{template}} call to an undefined template and an asset that does not exist.
func parseViews(fsys fs.FS, a *assets) (map[string]*template.Template, error) {
	base, err := template.New("base").Funcs(a.funcs()).Funcs(textFuncs).Funcs(displayFuncs).ParseFS(fsys, baseFiles...)
	if err != nil {
		return nil, fmt.Errorf("ui: parse layout: %w", err)
	}
	views := make(map[string]*template.Template, len(viewNames))
	for _, name := range viewNames {
		t, err := template.Must(base.Clone()).ParseFS(fsys, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("ui: parse view %s: %w", name, err)
		}
		if err := checkReferences(t, a); err != nil {
			return nil, fmt.Errorf("ui: view %s: %w", name, err)
		}
		views[name] = t
	}
	return views, nil
}

// checkReferences walks every template of a view for {{template "x"}} calls that name no
// template and {{asset "x"}} calls that name no static file.
func checkReferences(t *template.Template, a *assets) error {
	var problems []string
	for _, tt := range t.Templates() {
		if tt.Tree == nil {
			continue
		}
		walk(tt.Tree.Root, func(n parse.Node) {
			if tn, ok := n.(*parse.TemplateNode); ok && t.Lookup(tn.Name) == nil {
				problems = append(problems, fmt.Sprintf("%s calls undefined template %q", tt.Name(), tn.Name))
			}
			if name, ok := assetArg(n); ok && !a.has(name) {
				problems = append(problems, fmt.Sprintf("%s uses missing asset %q", tt.Name(), name))
			}
		})
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// assetArg returns the file name of an `asset "name"` command.
func assetArg(n parse.Node) (string, bool) {
	c, ok := n.(*parse.CommandNode)
	if !ok || len(c.Args) != 2 {
		return "", false
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	s, isString := c.Args[1].(*parse.StringNode)
	if !ok || !isString || id.Ident != "asset" {
		return "", false
	}
	return s.Text, true
}

// walk calls visit for n and every node below it.
func walk(n parse.Node, visit func(parse.Node)) {
	visit(n)
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			walk(c, visit)
		}
	case *parse.ActionNode:
		walk(n.Pipe, visit)
	case *parse.TemplateNode:
		if n.Pipe != nil {
			walk(n.Pipe, visit)
		}
	case *parse.PipeNode:
		for _, c := range n.Cmds {
			walk(c, visit)
		}
	case *parse.CommandNode:
		for _, arg := range n.Args {
			walk(arg, visit)
		}
	case *parse.IfNode:
		walkBranch(&n.BranchNode, visit)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, visit)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, visit)
	}
}

func walkBranch(b *parse.BranchNode, visit func(parse.Node)) {
	walk(b.Pipe, visit)
	walk(b.List, visit)
	if b.ElseList != nil {
		walk(b.ElseList, visit)
	}
}

// textFuncs format values for people.
var textFuncs = template.FuncMap{
	"sentence":   sentence,
	"indentJSON": indentJSON,
	"datetime":   func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"preview":    preview,
}

// preview is the start of a text body on one line.
func preview(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}

// sentence capitalises a domain message ("must be set") and ends it with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
		s += "."
	}
	return s
}
