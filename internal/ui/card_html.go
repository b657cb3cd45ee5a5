package ui

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// The board's load card and the form partials it shares with other pages are written in Go:
// a busy board draws hundreds of cards, and the template engine spent ~120 µs on each (about
// a hundred actions, each with reflection and an escaper call). The markup and escaping are
// byte for byte what html/template made of the templates they replaced
// (testdata/board_card.tmpl, TestBoardCardMatchesTheTemplate).

// markup builds HTML: raw writes trusted literal markup, text escapes any value as
// html/template escapes text and quoted attribute values.
type markup struct{ strings.Builder }

func (m *markup) raw(parts ...string) {
	for _, p := range parts {
		m.WriteString(p)
	}
}

func (m *markup) text(s string) { htmlEscaper.WriteString(&m.Builder, s) }

func (m *markup) int(n int64) { m.WriteString(strconv.FormatInt(n, 10)) }

// rawIf writes s when cond holds: an optional attribute or class.
func (m *markup) rawIf(cond bool, s string) {
	if cond {
		m.WriteString(s)
	}
}

// attr writes ` name="value"`, escaped, when value is not empty.
func (m *markup) attr(name, value string) {
	if value != "" {
		m.raw(" ", name, `="`)
		m.text(value)
		m.WriteByte('"')
	}
}

// note writes <p class="class" id="id">text</p> when text is not empty: a hint or an error.
func (m *markup) note(class, id, text string) {
	if text != "" {
		m.raw(`<p class="`, class, `" id="`)
		m.text(id)
		m.raw(`">`)
		m.text(text)
		m.raw("</p>")
	}
}

func (m *markup) html() template.HTML { return template.HTML(m.String()) } // every value was escaped

// CardsHTML is the markup of the cards of loads, one after another: written into one buffer
// sized after the first card, instead of a buffer grown for each card and a template call per card.
func (d boardData) CardsHTML(loads []loadView, csrf string) template.HTML {
	var m markup
	for i, v := range loads {
		d.Card(v, csrf).write(&m)
		if i == 0 {
			m.Grow(m.Len() * (len(loads) - 1)) // a column's cards are about the same size
		}
	}
	return m.html()
}

func (c boardCard) write(m *markup) {
	v, id := c.Load, strconv.FormatInt(c.Load.ID, 10)
	m.raw("\n\n", `<article class="load-card status-`)
	m.text(string(v.Status))
	m.raw(`" id="load-`, id, `" aria-labelledby="load-`, id, `-title">`, "\n  ", `<h3 id="load-`, id, `-title"><a href="/loads/`, id, `">`)
	m.text(v.Number)
	m.raw(`</a> <span class="muted">`)
	m.text(v.Customer.Name)
	m.raw("</span></h3>\n  ", `<dl class="card-facts">`, "\n    ")
	writeFact(m, "Pickup", v.First())
	m.raw("\n    ")
	writeFact(m, "Delivery", v.Last())
	m.raw("\n    <dt>Driver</dt><dd>")
	if v.Driver != nil {
		m.text(v.Driver.Name)
	} else {
		m.raw(noneMark)
	}
	m.raw("</dd>\n    <dt>Truck</dt><dd>")
	if v.Truck != nil {
		m.text(v.Truck.UnitNumber)
	} else {
		m.raw(noneMark)
	}
	if v.Trailer != nil {
		m.raw(" · ")
		m.text(v.Trailer.UnitNumber)
	}
	m.raw("</dd>\n  </dl>\n  ")
	if c.Badge.Late != "" || c.Badge.ETA != "" {
		m.raw(`<p class="card-flags">`)
		c.Badge.write(m)
		m.raw("</p>")
	}
	m.raw("\n  ")
	if missed := v.Missed(); len(missed) > 0 {
		m.raw(`<p class="late">Missed`)
		writeMissedStops(m, missed)
		m.raw(": no arrival seen</p>")
	}
	m.raw("\n  ")
	c.Problem.write(m)
	m.raw("\n  ")
	if c.Perms.Dispatch {
		c.writeForms(m, id)
	}
	m.raw("\n</article>\n")
}

const noneMark = `<span class="muted">none</span>`

// writeFact is a pickup or delivery line: the place and the appointment's start.
func writeFact(m *markup, term string, s stopView) {
	m.raw("<dt>", term, "</dt><dd>")
	m.text(s.Place())
	m.raw(` <span class="when">`)
	m.text(s.Start())
	m.raw("</span></dd>")
}

// writeMissedStops lists missed stops as " stop 2 stop 3".
func writeMissedStops(m *markup, missed []stopView) {
	for _, s := range missed {
		m.raw(" stop ")
		m.int(int64(s.Seq))
	}
}

// writeForms writes the dispatcher's forms: status buttons, "Mark delivered" and assign.
func (c boardCard) writeForms(m *markup, id string) {
	m.raw("\n  ")
	if moves := c.QuickMoves(); len(moves) > 0 {
		c.writeQuickMoves(m, id, moves)
	}
	m.raw("\n  ")
	if d := c.Deliver(); d != nil {
		c.writeDeliver(m, id, d)
	}
	m.raw("\n  ")
	if s := c.Load.Status; s == tms.StatusBooked || s == tms.StatusDispatched || s == tms.StatusInTransit {
		c.writeAssign(m, id)
	}
	m.raw("\n  ")
}

// writeFormStart opens a form posting to /loads/{id}/{action} (and swapping the board in
// place) with its CSRF token, the load's version and the board's address to return to.
func (c boardCard) writeFormStart(m *markup, id, action, class, indent string) {
	m.raw(`<form method="post" action="/loads/`, id, "/", action, `" class="`, class, `" hx-post="/loads/`, id, "/", action,
		`" hx-target="#board" hx-select="#board" hx-swap="outerHTML">`, indent)
	writeCSRF(m, c.CSRF)
	m.raw(indent, `<input type="hidden" name="version" value="`, strconv.Itoa(c.Load.Version), `">`, indent, `<input type="hidden" name="return" value="`)
	m.text(c.Return)
	m.raw(`">`, indent)
}

func (c boardCard) writeQuickMoves(m *markup, id string, moves []tms.LoadStatus) {
	m.raw("\n  ")
	c.writeFormStart(m, id, "status", "quick-moves", "\n    ")
	for _, s := range moves {
		m.raw(`<button type="submit" name="status" value="`)
		m.text(string(s))
		m.raw(`" class="button-small">Mark `)
		m.text(strings.ToLower(label(s)))
		m.raw(`<span class="visually-hidden"> `)
		m.text(c.Load.Number)
		m.raw("</span></button>")
	}
	m.raw("\n  </form>\n  ")
}

func (c boardCard) writeDeliver(m *markup, id string, d *stopTimesForm) {
	m.raw("\n  ", `<details class="deliver"`)
	m.rawIf(d.Open(), " open")
	m.raw(">\n    <summary>Mark delivered", `<span class="visually-hidden"> `)
	m.text(c.Load.Number)
	m.raw("</span></summary>\n    ")
	c.writeFormStart(m, id, "deliver", "stack", "\n      ")
	if d.Arrived != "" {
		m.raw("<p>Arrived ")
		m.text(d.Arrived)
		m.raw("</p>")
	}
	m.raw("\n      ")
	for _, t := range d.Times {
		t.write(m)
	}
	m.raw("\n      ")
	if d.Override {
		writeOverride(m, d.Prefix, d.Problem.Form, "Record these times despite the reason above")
	}
	m.raw("\n      ", `<button type="submit" class="button">Mark delivered</button>`, "\n    </form>\n  </details>\n  ")
}

// writeAssign writes the card's assign details. Its form is fetched when the dispatcher opens
// it (GET /loads/{id}/assign, board_assign.go), except after a refused assignment, when it is
// open with the refused choices; without JavaScript the details lead to the load page's form.
func (c boardCard) writeAssign(m *markup, id string) {
	open := c.OpenAssign()
	m.raw("\n  ", `<details class="assign"`)
	if open {
		m.raw(" open")
	} else {
		m.raw(` hx-get="`)
		m.text(c.AssignURL())
		m.raw(`" hx-trigger="toggle once" hx-target="find .assign-load" hx-swap="outerHTML"`)
	}
	m.raw(">\n    <summary>")
	if c.Load.Assigned() {
		m.raw("Reassign")
	} else {
		m.raw("Assign")
	}
	m.raw(`<span class="visually-hidden"> `)
	m.text(c.Load.Number)
	m.raw("</span></summary>\n    ")
	if open {
		c.writeAssignForm(m, id)
	} else {
		m.raw(`<p class="assign-load"><a href="/loads/`, id, `#assign-title">Assign on the load page</a></p>`)
	}
	m.raw("\n  </details>\n  ")
}

// AssignURL is where the card's assign form is fetched from, with the board to return to.
func (c boardCard) AssignURL() string {
	return "/loads/" + strconv.FormatInt(c.Load.ID, 10) + "/assign?return=" + url.QueryEscape(c.Return)
}

// writeAssignForm writes the assign form: driver, truck and trailer, the override after a
// refusal with reasons, posting back to the board.
func (c boardCard) writeAssignForm(m *markup, id string) {
	c.writeFormStart(m, id, "assign", "stack", "\n      ")
	for _, a := range c.Assign {
		a.write(m)
	}
	m.raw("\n      ")
	override := c.Override()
	if override {
		writeOverride(m, id, c.Problem.Form, "")
	}
	m.raw("\n      ", `<button type="submit" class="button">`)
	if override {
		m.raw("Assign anyway")
	} else {
		m.raw("Assign")
	}
	m.raw("</button>\n    </form>")
}

func writeCSRF(m *markup, token string) {
	m.raw(`<input type="hidden" name="csrf_token" value="`)
	m.text(token)
	m.raw(`">`)
}

// badgeTags flags late risk and shows the ETA (the board's table uses it too).
func badgeTags(b badge) template.HTML {
	var m markup
	b.write(&m)
	return m.html()
}

func (b badge) write(m *markup) {
	if b.Late != "" {
		m.raw(`<span class="flag flag-late" title="`)
		m.text(b.Late)
		m.raw(`">late<span class="visually-hidden">: `)
		m.text(b.Late)
		m.raw("</span></span> ")
	}
	if b.ETA != "" {
		m.raw(`<span class="flag flag-eta">ETA `)
		m.text(b.ETA)
		m.raw("</span>")
	}
}

// problemTags shows why an action on a load was refused; nothing for nil.
func problemTags(p *actionProblem) template.HTML {
	var m markup
	p.write(&m)
	return m.html()
}

func (p *actionProblem) write(m *markup) {
	if p == nil {
		return
	}
	m.raw("\n", `<div class="notice notice-error" role="alert">`, "\n  ")
	if p.Message != "" {
		m.raw("<p>")
		m.text(sentence(p.Message))
		m.raw("</p>")
	}
	m.raw("\n  ")
	if len(p.Reasons) > 0 && p.Message == "" {
		m.raw("<p>This assignment was refused:</p>\n  ", `<ul class="reasons">`)
		for _, r := range p.Reasons {
			m.raw("<li>")
			m.text(sentence(r))
			m.raw("</li>")
		}
		m.raw("</ul>")
	}
	m.raw("\n  ")
	if p.Message == "" && len(p.Reasons) == 0 && len(p.Form.Errors) > 0 {
		m.raw("<p>Please correct the fields marked below.</p>")
	}
	m.raw("\n</div>\n")
}

// overrideTags asks for the reason to force a refused action; id makes the inputs' ids
// unique, label names the checkbox ("" is the assignment's).
func overrideTags(id string, f Form, label string) template.HTML {
	var m markup
	writeOverride(&m, id, f, label)
	return m.html()
}

func writeOverride(m *markup, id string, f Form, label string) {
	if label == "" {
		label = "Assign despite the reasons above"
	}
	reasonErr := f.Errors["reason"]
	m.raw("\n", `<fieldset class="override">`, "\n  <legend>Override</legend>\n  ", `<div class="field field-check">`, "\n    ", `<input id="o`)
	m.text(id)
	m.raw(`-override" name="override" type="checkbox"`)
	m.rawIf(f.Checked("override"), " checked")
	m.raw(">\n    ", `<label for="o`)
	m.text(id)
	m.raw(`-override">`)
	m.text(label)
	m.raw("</label>\n  </div>\n  ", `<div class="field`)
	m.rawIf(reasonErr != "", " field-invalid")
	m.raw(`">`, "\n    ", `<label for="o`)
	m.text(id)
	m.raw(`-reason">Reason for the override</label>`, "\n    ", `<input id="o`)
	m.text(id)
	m.raw(`-reason" name="reason" type="text" value="`)
	m.text(f.Get("reason"))
	m.raw(`"`)
	if reasonErr != "" {
		m.raw(` aria-invalid="true" aria-describedby="o`)
		m.text(id)
		m.raw(`-reason-error"`)
	}
	m.raw(">\n    ")
	m.note("field-error", "o"+id+"-reason-error", sentence(reasonErr))
	m.raw("\n  </div>\n</fieldset>\n")
}

// controlTags renders any labelled form control with its hint and error.
func controlTags(c Control) template.HTML {
	var m markup
	c.write(&m)
	return m.html()
}

func (c Control) write(m *markup) {
	m.raw("\n", `<div class="field`)
	m.rawIf(c.Type == "checkbox", " field-check")
	m.rawIf(c.Error != "", " field-invalid")
	m.raw(`">`, "\n  ")
	if c.Type == "checkbox" {
		c.writeCheckbox(m)
	} else {
		m.raw("\n  ", `<label for="`)
		m.text(c.ID)
		m.raw(`">`)
		m.text(c.Label)
		m.rawIf(!c.Required, ` <span class="optional">(optional)</span>`)
		m.raw("</label>\n  ")
		c.writeInput(m)
		m.raw("\n  ")
	}
	m.raw("\n  ")
	m.note("hint", c.ID+"-hint", c.Hint)
	m.raw("\n  ")
	m.note("field-error", c.ID+"-error", sentence(c.Error))
	m.raw("\n</div>\n")
}

func (c Control) writeCheckbox(m *markup) {
	m.raw("\n  ")
	c.writeOpen(m, "input")
	m.raw(` type="checkbox"`)
	m.rawIf(c.Checked, " checked")
	c.writeAria(m)
	m.raw(">\n  ", `<label for="`)
	m.text(c.ID)
	m.raw(`">`)
	m.text(c.Label)
	m.raw("</label>\n  ")
}

// writeInput writes the select, textarea or input element of a control that is not a checkbox.
func (c Control) writeInput(m *markup) {
	m.raw("\n  ")
	switch c.Type {
	case "select":
		c.writeOpen(m, "select")
		m.rawIf(c.Required, " required")
		c.writeAria(m)
		m.raw(">\n    ")
		if c.Blank != "" {
			m.raw(`<option value="">`)
			m.text(c.Blank)
			m.raw("</option>")
		}
		m.raw("\n    ")
		writeOptions(m, c.Options, c.Value)
		m.raw("\n  </select>\n  ")
	case "textarea":
		c.writeOpen(m, "textarea")
		m.raw(` rows="3"`)
		m.rawIf(c.Required, " required")
		c.writeAria(m)
		m.raw(">")
		m.text(c.Value)
		m.raw("</textarea>\n  ")
	default:
		c.writeOpen(m, "input")
		m.raw(` type="`)
		m.text(c.Type)
		m.raw(`"`)
		if c.Type != "file" {
			m.raw(` value="`)
			m.text(c.Value)
			m.raw(`"`)
		}
		m.rawIf(c.Required, " required")
		for _, a := range [][2]string{{"step", c.Step}, {"min", c.Min}, {"max", c.Max}, {"autocomplete", c.Autocomplete}, {"accept", c.Accept}, {"capture", c.Capture}} {
			m.attr(a[0], a[1])
		}
		c.writeAria(m)
		m.raw(">\n  ")
	}
}

// writeOpen writes `<tag id="…" name="…"`.
func (c Control) writeOpen(m *markup, tag string) {
	m.raw("<", tag, ` id="`)
	m.text(c.ID)
	m.raw(`" name="`)
	m.text(c.Name)
	m.raw(`"`)
}

// writeAria marks an invalid control and names what describes it: its Describe element,
// hint and error.
func (c Control) writeAria(m *markup) {
	m.rawIf(c.Error != "", ` aria-invalid="true"`)
	if c.Hint == "" && c.Error == "" && c.Describe == "" {
		return
	}
	m.raw(` aria-describedby="`)
	if c.Describe != "" {
		m.text(c.Describe)
		m.raw(" ")
	}
	if c.Hint != "" {
		m.text(c.ID)
		m.raw("-hint ")
	}
	if c.Error != "" {
		m.text(c.ID)
		m.raw("-error")
	}
	m.raw(`"`)
}
