package ui

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// hostile is user text that must come out escaped wherever it is shown.
const hostile = `<script>alert("x&y")</script> 'a'+1`

// cardTemplate is the board card and its partials as templates, before card_html.go.
var cardTemplate = template.Must(template.New("card").Funcs(template.FuncMap{
	"label": label, "lower": strings.ToLower, "dict": dict, "sentence": sentence, "optionTags": templateOptions,
}).ParseFiles("testdata/board_card.tmpl"))

// execute renders a template of cardTemplate.
func execute(t *testing.T, name string, data any) string {
	t.Helper()
	var b strings.Builder
	if err := cardTemplate.ExecuteTemplate(&b, name, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// sameAsTemplate fails unless got is what the template named makes of data. A card in
// transit prefills the current minute: when a minute turns between the two renders, the
// template is rendered again.
func sameAsTemplate(t *testing.T, what, name string, data any, got template.HTML) {
	t.Helper()
	want := execute(t, name, data)
	if string(got) != want {
		want = execute(t, name, data)
	}
	if string(got) != want {
		t.Errorf("%s differs from the template:\n got %q\nwant %q", what, got, want)
	}
}

// HTML is the card's markup, as CardsHTML writes it among the others.
func (c boardCard) HTML() template.HTML {
	var m markup
	c.write(&m)
	return m.html()
}

func ptr[T any](v T) *T { return &v }

// cardLoad is a two-stop load in status s; the facilities' cities carry hostile text.
func cardLoad(id int64, s tms.LoadStatus, now time.Time) loadView {
	chicago := tms.Facility{Address: tms.Address{City: "Chicago & <Co>", State: "IL"}, TimeZone: "America/Chicago"}
	denver := tms.Facility{Address: tms.Address{City: hostile, State: "CO"}, TimeZone: "America/Denver"}
	l := tms.Load{Meta: tms.Meta{ID: id, Version: 3}, Number: "L-00000" + string(rune('0'+id)), Status: s}
	stops := []stopView{
		{Stop: tms.Stop{ID: id * 10, Seq: 1, Status: tms.StopPending, AppointmentStart: now.Add(-2 * time.Hour), AppointmentEnd: now.Add(-time.Hour)}, Facility: chicago},
		{Stop: tms.Stop{ID: id*10 + 1, Seq: 2, Status: tms.StopPending, AppointmentStart: now.Add(20 * time.Hour), AppointmentEnd: now.Add(22 * time.Hour)}, Facility: denver},
	}
	for _, s := range stops {
		l.Stops = append(l.Stops, s.Stop)
	}
	return loadView{Load: l, Customer: tms.Customer{Name: hostile}, Stops: stops}
}

// assigned puts a driver, truck and trailer on v.
func assigned(v loadView) loadView {
	v.DriverID, v.TruckID, v.TrailerID = ptr(int64(1)), ptr(int64(2)), ptr(int64(3))
	v.Driver = &tms.Driver{Name: "Ann <O'Neil>"}
	v.Truck = &tms.Truck{UnitNumber: "T&1"}
	v.Trailer = &tms.Trailer{UnitNumber: `R"53`}
	return v
}

// sampleChoices are assign pickers with hostile labels and trailers of two types.
var sampleChoices = assignChoices{
	Drivers:      []option{{Value: "1", Label: "Ann <O'Neil> — on L-000009 until Dec 9 10:00 CST"}, {Value: "4", Label: hostile}},
	Trucks:       []option{{Value: "2", Label: "T&1 — last fix 3 min ago"}},
	Trailers:     []option{{Value: "3", Label: `R"53 (Dry van)`}, {Value: "5", Label: "R9 (Reefer)"}},
	trailerTypes: map[string]string{"3": "dry_van", "5": "reefer"},
}

// sampleCards are representative cards: every status, late and ETA badges, hazmat, missed
// stops, no driver, refused assignments and deliveries with and without overrides, loads
// with different trailers that fit.
func sampleCards(now time.Time) map[string]boardCard {
	choices := sampleChoices
	board := boardData{Perms: perms{Dispatch: true}, Choices: choices, Return: "/dispatch?customer=1&q=" + url.QueryEscape(hostile),
		Problems: map[int64]*actionProblem{}, Badges: map[int64]badge{}}
	cards := map[string]boardCard{}
	add := func(name string, v loadView, b badge, p *actionProblem) {
		board.Badges[v.ID], board.Problems[v.ID] = b, p
		cards[name] = board.Card(v, "csrf&<token>")
	}
	add("booked, no driver", cardLoad(1, tms.StatusBooked, now), badge{}, nil)
	add("dispatched, late", assigned(cardLoad(2, tms.StatusDispatched, now)), badge{Late: "window ended " + hostile + ", not arrived"}, nil)
	inTransit := assigned(cardLoad(3, tms.StatusInTransit, now))
	inTransit.Hazmat = &tms.Hazmat{}
	add("in transit, ETA, hazmat", inTransit, badge{ETA: "Tue 08:00 CST"}, nil)
	arrived := assigned(cardLoad(4, tms.StatusInTransit, now))
	arrived.Stops[0].Status, arrived.Stops[1].Status = tms.StopMissed, tms.StopArrived
	arrived.Stops[1].ArrivedAt = ptr(now.Add(-10 * time.Minute))
	add("in transit, arrived, missed stop, late and ETA", arrived, badge{Late: "no GPS", ETA: "Tue 09:00 CST"}, nil)
	add("delivered", assigned(cardLoad(5, tms.StatusDelivered, now)), badge{}, nil)
	add("assignment refused with reasons", cardLoad(6, tms.StatusBooked, now), badge{},
		&actionProblem{Action: "assign", Reasons: []string{"driver is on " + hostile, "truck is out of service"},
			Form: Form{Values: url.Values{"driver_id": {"4"}, "override": {"on"}, "reason": {hostile}}, Errors: map[string]string{"reason": "must say why"}}})
	add("assignment refused, field errors", cardLoad(7, tms.StatusBooked, now), badge{},
		&actionProblem{Action: "assign", Form: Form{Values: url.Values{}, Errors: map[string]string{"driver_id": "must be chosen " + hostile}}})
	add("delivery refused", assigned(cardLoad(8, tms.StatusInTransit, now)), badge{},
		&actionProblem{Action: "deliver", Message: "departure is before the arrival " + hostile,
			Form: Form{Values: url.Values{"arrived_at": {hostile}, "departed_at": {"2026-12-07T08:00"}, "override": {"on"}}, Errors: map[string]string{"departed_at": "must be a date"}}})
	add("status change refused", assigned(cardLoad(9, tms.StatusDispatched, now)), badge{}, &actionProblem{Action: "status", Message: hostile})
	reefer := cardLoad(10, tms.StatusBooked, now)
	reefer.EquipmentType = "reefer"
	add("reefer: the reefer trailers", reefer, badge{}, nil)
	reefer = assigned(cardLoad(11, tms.StatusDispatched, now))
	reefer.EquipmentType = "reefer"
	add("reefer with a dry van: the reefers and its own trailer", reefer, badge{}, nil)
	viewer := boardData{Choices: choices, Return: "/dispatch", Badges: board.Badges}
	cards["viewer, no forms"] = viewer.Card(inTransit, "t")
	return cards
}

// The Go card is byte for byte the template's, for every kind of card.
func TestBoardCardMatchesTheTemplate(t *testing.T) {
	for name, c := range sampleCards(time.Now()) {
		sameAsTemplate(t, name, "load-card", c, c.HTML())
	}
}

// The form a closed card fetches on open is the template's, for every kind of card that can
// be assigned: hostile labels, reefers with their own dry van, a refusal on another action.
func TestAssignFormMatchesTheTemplate(t *testing.T) {
	for name, c := range sampleCards(time.Now()) {
		if !c.Perms.Dispatch || c.Assign != nil || c.Load.Status == tms.StatusDelivered {
			continue
		}
		c.Assign = assignControls(assignPrefix(c.Load.ID), c.Load, nil, sampleChoices)
		var m markup
		c.writeAssignForm(&m, fmt.Sprint(c.Load.ID))
		sameAsTemplate(t, name, "assign-form", c, m.html())
	}
}

// A customer, place, driver or message named <script> is shown as text.
func TestBoardCardEscapesUserText(t *testing.T) {
	for name, c := range sampleCards(time.Now()) {
		got := string(c.HTML())
		if strings.Contains(got, "<script") || strings.Contains(got, `"x&y"`) {
			t.Errorf("%s: user text not escaped:\n%s", name, got)
		}
		if !strings.Contains(got, "&lt;script&gt;alert(&#34;x&amp;y&#34;)&lt;/script&gt; &#39;a&#39;&#43;1") {
			t.Errorf("%s: the customer's name is not shown escaped:\n%s", name, got)
		}
	}
}

// The form partials written in Go match their templates for every kind of control.
func TestControlTagsMatchTheTemplate(t *testing.T) {
	controls := map[string]Control{
		"text":               {ID: "f-name", Name: "name", Label: hostile, Type: "text", Value: hostile, Required: true, Autocomplete: "off"},
		"optional number":    {ID: "f-miles", Name: "miles", Label: "Miles", Type: "number", Value: "12", Step: "0.1", Min: "0", Max: "9999"},
		"file":               {ID: "f-doc", Name: "doc", Label: "Document", Type: "file", Value: "ignored", Accept: "image/*,.pdf", Capture: "environment", Required: true},
		"hint and error":     {ID: "f-at", Name: "at", Label: "At", Type: "datetime-local", Value: "x", Hint: "facility time " + hostile, Error: "must be a date " + hostile, Describe: "zone-note"},
		"describe only":      {ID: "f-d", Name: "d", Label: "D", Type: "text", Describe: "other"},
		"checkbox":           {ID: "f-on", Name: "on", Label: "Hazmat", Type: "checkbox", Checked: true, Hint: "UN number"},
		"unchecked invalid":  {ID: "f-off", Name: "off", Label: "Off", Type: "checkbox", Error: "must be ticked"},
		"textarea":           {ID: "f-notes", Name: "notes", Label: "Notes", Type: "textarea", Value: hostile + "\nline two", Required: true},
		"select with blank":  {ID: "f-s", Name: "s", Label: "Driver", Type: "select", Blank: "Choose " + hostile, Value: "2", Options: []option{{Value: "1", Label: hostile}, {Value: "2", Label: "B", TZ: "America/Denver"}}, Required: true},
		"select, no blank":   {ID: "f-k", Name: "k", Label: "Kind", Type: "select", Value: "", Options: []option{{Value: "a", Label: "A"}}, Error: "is not a kind"},
		"select, no options": {ID: "f-e", Name: "e", Label: "Empty", Type: "select"},
	}
	for name, c := range controls {
		sameAsTemplate(t, name, "control", c, controlTags(c))
	}
}

func TestProblemAndOverrideTagsMatchTheTemplates(t *testing.T) {
	form := func(reason, override string, errs map[string]string) Form {
		return Form{Values: url.Values{"reason": {reason}, "override": {override}}, Errors: errs}
	}
	problems := map[string]*actionProblem{
		"nil":            nil,
		"message":        {Message: "the load changed " + hostile},
		"reasons":        {Reasons: []string{hostile, "b!"}},
		"message wins":   {Message: "m?", Reasons: []string{"r"}, Form: form("", "", map[string]string{"a": "b"})},
		"field errors":   {Form: form("", "", map[string]string{"a": "b"})},
		"nothing to say": {Form: form("", "", nil)},
	}
	for name, p := range problems {
		sameAsTemplate(t, "problem "+name, "problem", p, problemTags(p))
	}
	for name, o := range map[string]struct {
		id, label string
		f         Form
	}{
		"assign, ticked, reason error": {"12", "", form(hostile, "on", map[string]string{"reason": "must say why " + hostile})},
		"stop times, labelled":         {"s4-", "Record this time " + hostile, form("", "", nil)},
	} {
		data := map[string]any{"ID": o.id, "Form": o.f, "Label": o.label}
		sameAsTemplate(t, "override "+name, "override", data, overrideTags(o.id, o.f, o.label))
	}
}

func TestBadgeTagsMatchTheTemplate(t *testing.T) {
	for _, b := range []badge{{}, {Late: hostile}, {ETA: "Mon 08:00 " + hostile}, {Late: "x", ETA: "y"}} {
		sameAsTemplate(t, "badge "+b.Late+b.ETA, "load-badges", b, badgeTags(b))
	}
}
