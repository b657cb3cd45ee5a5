// Package mail turns outbox messages into email: the templates that render them (text and
// HTML), the senders (SMTP, or a folder in embedded mode) and the worker that claims due
// messages from the outbox on every instance and sends each once.
package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/anditms/tms/internal/tms"
)

//go:embed templates
var templateFS embed.FS

// Each message has its own template set: every one defines the same block names.
var (
	textTemplates = map[string]*texttemplate.Template{}
	htmlTemplates = map[string]*htmltemplate.Template{}
)

func init() {
	for _, name := range []string{"invoice", "statement", "shipment"} {
		textTemplates[name] = texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/"+name+".txt"))
		htmlTemplates[name] = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/"+name+".html"))
	}
}

// InvoiceData fills the invoice email.
type InvoiceData struct {
	Carrier, Customer, Number, Loads string
	Total                            tms.Cents
	Due                              tms.Date
	WithPOD                          bool
}

// StatementData fills the statement-of-account email: the customer's open invoices.
type StatementData struct {
	Carrier, Customer string
	AsOf              tms.Date
	Invoices          []StatementLine
	Balance           tms.Cents
}

// StatementLine is one open invoice on a statement.
type StatementLine struct {
	Number             string
	IssueDate, DueDate tms.Date
	Balance            tms.Cents
}

// ShipmentData fills a shipment notification: what happened (Headline) where (Stop, Place)
// and the detail (times).
type ShipmentData struct {
	Carrier, Customer, Load, Reference string
	Headline, Stop, Place, Detail      string
	WithPOD                            bool
}

// Content is a rendered message.
type Content struct{ Subject, Text, HTML string }

// Render fills template name ("invoice", "statement", "shipment") with data: the subject and
// the text body from name.txt, the HTML body from name.html (escaped by html/template).
func Render(name string, data any) (Content, error) {
	var c Content
	var err error
	t, h := textTemplates[name], htmlTemplates[name]
	if t == nil {
		return c, fmt.Errorf("no mail template %s", name)
	}
	if c.Subject, err = execText(t, "subject", data); err != nil {
		return c, err
	}
	if c.Text, err = execText(t, "text", data); err != nil {
		return c, err
	}
	var b bytes.Buffer
	if err := h.ExecuteTemplate(&b, "html", data); err != nil {
		return c, fmt.Errorf("mail template %s.html: %w", name, err)
	}
	c.Subject, c.HTML = strings.Join(strings.Fields(c.Subject), " "), b.String()
	return c, nil
}

func execText(t *texttemplate.Template, block string, data any) (string, error) {
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, block, data); err != nil {
		return "", fmt.Errorf("mail template %s: %w", t.Name(), err)
	}
	return b.String(), nil
}

// Fill copies rendered content into an outbox message.
func (c Content) Fill(m *tms.Mail) { m.Subject, m.Text, m.HTML = c.Subject, c.Text, c.HTML }
