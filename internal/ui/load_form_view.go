package ui

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

type loadFormData struct {
	Action   string
	Load     *loadView // nil for a new load
	Form     Form
	Main     []Control // customer, status
	Refs     []Control
	Cargo    []Control
	HazmatOn Control
	Hazmat   []Control
	Extra    []Control // planned miles, notes
	Stops    []stopFormRow
	Charges  []chargeFormRow
	Other    map[string]string // errors of fields the form has no input for
}

// stopFormRow is one stop of the load form.
type stopFormRow struct {
	Index                                                 int
	Prefix, ID                                            string
	Kind, Facility, Search, Start, End, References, Notes Control
	NewName, NewAddress                                   Control // a facility made from the load form
	Created                                               string  // what making it found: "approximate, ZIP centroid"
	Zone                                                  string  // the facility's time zone, "America/Chicago (CDT)"
	Status                                                tms.StopStatus
	First, Last                                           bool
}

type chargeFormRow struct {
	Index                     int
	Kind, Description, Amount Control
}

func (u *UI) renderLoadForm(w http.ResponseWriter, r *http.Request, status int, v *loadView, f Form) error {
	d, err := u.loadFormData(r.Context(), v, f)
	if err != nil {
		return err
	}
	title := "New load"
	if v != nil {
		title = "Edit " + v.Number
	}
	return u.render(w, r, status, viewLoadForm, title, d)
}

func (u *UI) loadFormData(ctx context.Context, v *loadView, f Form) (loadFormData, error) {
	d := loadFormData{Action: "/loads/new", Load: v, Form: f}
	if v != nil {
		d.Action = "/loads/" + strconv.FormatInt(v.ID, 10) + "/edit"
	}
	customers, err := newLookup(u.store).customerOptions(ctx)
	if err != nil {
		return d, err
	}
	d.Main = []Control{control("f-", "customer_id", "Customer", "").choose("Choose a customer", customers).required().from(f)}
	if v == nil {
		d.Main = append(d.Main, control("f-", "status", "Status", "").choose("",
			stringOptions([]tms.LoadStatus{tms.StatusBooked, tms.StatusDraft})).required().from(f))
	}
	d.Refs = []Control{
		control("f-", "ref_bol", "BOL number", "text").from(f), control("f-", "ref_po", "PO number", "text").from(f),
		control("f-", "ref_pickup", "Pickup number", "text").from(f), control("f-", "ref_customer_load", "Customer’s load number", "text").from(f),
	}
	d.Cargo = cargoControls(f)
	d.HazmatOn = control("f-", "hazmat", "Hazardous materials", "checkbox").from(f)
	d.Hazmat = []Control{
		control("f-", "hazmat.un_number", "UN number", "text").hint("Such as UN1203").from(f),
		control("f-", "hazmat.class", "Hazard class", "text").from(f),
		control("f-", "hazmat.packing_group", "Packing group", "").choose("None", stringOptions([]string{"I", "II", "III"})).from(f),
	}
	d.Extra = []Control{
		control("f-", "planned_miles", "Planned miles", "number").hint("Leave empty to compute from the stops").from(f),
		control("f-", "notes", "Notes", "textarea").from(f),
	}
	d.Charges = chargeRows(f)
	if d.Stops, err = u.stopRows(ctx, f, v); err != nil {
		return d, err
	}
	d.Other = unplaced(f.Errors, d)
	return d, nil
}

func cargoControls(f Form) []Control {
	num := func(name, label string) Control {
		c := control("f-", name, label, "number").from(f)
		c.Min, c.Step = "0", "1"
		return c
	}
	temp := func(name, label string) Control {
		c := control("f-", name, label, "number").hint("°F, for reefer loads").from(f)
		c.Step = "1"
		return c
	}
	return []Control{
		control("f-", "commodity", "Commodity", "text").from(f),
		num("weight_lb", "Weight (lb)"), num("pieces", "Pieces"),
		control("f-", "equipment_type", "Equipment", "").choose("Any", stringOptions(tms.TrailerTypes)).from(f),
		temp("temp_min_f", "Minimum temperature"), temp("temp_max_f", "Maximum temperature"),
	}
}

func chargeRows(f Form) []chargeFormRow {
	rows := readRows(f, "charges", chargeFields)
	out := make([]chargeFormRow, len(rows))
	for i := range rows {
		p := "c" + strconv.Itoa(i) + "-"
		name := func(field string) string { return rowName("charges", i, field) }
		amount := Control{ID: p + "amount", Name: name("amount"), Label: "Amount ($)", Type: "text"}.from(f)
		amount.Autocomplete = "off"
		out[i] = chargeFormRow{Index: i,
			Kind:        Control{ID: p + "kind", Name: name("kind"), Label: "Charge"}.choose("", stringOptions(tms.ChargeKinds)).required().from(f),
			Description: Control{ID: p + "description", Name: name("description"), Label: "Description", Type: "text"}.from(f),
			Amount:      amount,
		}
	}
	return out
}

// stopRows builds the stop rows with each row's facility choices: the matches of its
// search, else the first active facilities, always with the facility already chosen.
func (u *UI) stopRows(ctx context.Context, f Form, v *loadView) ([]stopFormRow, error) {
	rows := readRows(f, "stops", stopFields)
	out := make([]stopFormRow, len(rows))
	for i, r := range rows {
		p := "s" + strconv.Itoa(i) + "-"
		name := func(field string) string { return rowName("stops", i, field) }
		opts, chosen, err := u.facilityChoices(ctx, r["facility_q"], r["facility_id"])
		if err != nil {
			return nil, err
		}
		start := Control{ID: p + "appointment_start", Name: name("appointment_start"), Label: "Appointment from", Type: "datetime-local", Required: true, Describe: p + "zone"}.from(f)
		end := Control{ID: p + "appointment_end", Name: name("appointment_end"), Label: "Appointment to", Type: "datetime-local", Describe: p + "zone"}.from(f)
		out[i] = stopFormRow{Index: i, Prefix: p, ID: r["id"], First: i == 0, Last: i == len(rows)-1,
			Kind:       Control{ID: p + "kind", Name: name("kind"), Label: "Stop"}.choose("", stringOptions([]tms.StopKind{tms.StopPickup, tms.StopDelivery})).required().from(f),
			Facility:   Control{ID: p + "facility_id", Name: name("facility_id"), Label: "Facility"}.choose("Choose a facility", opts).required().from(f),
			Search:     Control{ID: p + "facility_q", Name: name("facility_q"), Label: "Find a facility", Type: "search", Autocomplete: "off", Hint: "Name, city or state"}.from(f),
			Start:      start,
			End:        end,
			References: Control{ID: p + "references", Name: name("references"), Label: "Stop references", Type: "text"}.from(f),
			Notes:      Control{ID: p + "notes", Name: name("notes"), Label: "Stop notes", Type: "text"}.from(f),
			NewName:    Control{ID: p + "new_facility_name", Name: name("new_facility_name"), Label: "New facility name", Type: "text", Required: true}.from(f),
			NewAddress: Control{ID: p + "new_facility_address", Name: name("new_facility_address"), Label: "Address", Type: "text", Required: true,
				Hint: "Street, city, state and ZIP: 3100 Westinghouse Blvd, Charlotte, NC 28208"}.from(f),
			Created: f.Get(name("facility_created")),
			Zone:    zoneText(chosen, start.Value),
			Status:  stopStatus(v, r["id"]),
		}
	}
	return out, nil
}

// facilityChoices lists the options of one stop's facility select and the chosen facility.
func (u *UI) facilityChoices(ctx context.Context, q, chosenID string) ([]option, *tms.Facility, error) {
	page, err := u.store.ListFacilities(ctx, tms.MasterFilter{Text: strings.TrimSpace(q), Status: "active",
		Page: tms.PageRequest{Limit: facilityChoiceLimit, Sort: "name"}})
	if err != nil {
		return nil, nil, err
	}
	list := page.Items
	var chosen *tms.Facility
	if id, err := strconv.ParseInt(chosenID, 10, 64); err == nil && id > 0 {
		i := slices.IndexFunc(list, func(f tms.Facility) bool { return f.ID == id })
		if i < 0 {
			f, err := u.store.Facility(ctx, id)
			if err != nil && tms.ErrorCode(err) != tms.CodeNotFound {
				return nil, nil, err
			}
			if err == nil {
				list = append([]tms.Facility{f}, list...)
				i = 0
			}
		}
		if i >= 0 {
			chosen = &list[i]
		}
	}
	return facilityOptions(list), chosen, nil
}

// facilityChoiceLimit bounds a facility select; the search narrows longer lists.
const facilityChoiceLimit = 50

func facilityOptions(list []tms.Facility) []option {
	out := make([]option, len(list))
	for i, f := range list {
		out[i] = option{Value: strconv.FormatInt(f.ID, 10), Label: f.Name + " — " + f.Address.City + ", " + f.Address.State, TZ: f.TimeZone}
	}
	return out
}

// zoneText names the zone appointments at f are typed in, with its abbreviation then.
func zoneText(f *tms.Facility, local string) string {
	if f == nil {
		return "Times are in the facility’s time zone: choose the facility first."
	}
	at := time.Now()
	if t, err := time.ParseInLocation(localInput, local, zone(f.TimeZone)); err == nil {
		at = t
	}
	return "Times at " + f.Name + ": " + f.TimeZone + " (" + zoneAbbrev(f.TimeZone, at) + ")"
}

func stopStatus(v *loadView, id string) tms.StopStatus {
	if v == nil {
		return ""
	}
	for _, s := range v.Stops {
		if strconv.FormatInt(s.ID, 10) == id {
			return s.Status
		}
	}
	return ""
}

// unplaced returns the errors no control of the form shows, so none goes unseen.
func unplaced(errs map[string]string, d loadFormData) map[string]string {
	shown := map[string]bool{"stops": true}
	for _, group := range [][]Control{d.Main, d.Refs, d.Cargo, d.Hazmat, d.Extra, {d.HazmatOn}} {
		for _, c := range group {
			shown[c.Name] = true
		}
	}
	for _, s := range d.Stops {
		for _, c := range []Control{s.Kind, s.Facility, s.Start, s.End, s.References, s.Notes} {
			shown[c.Name] = true
		}
	}
	for _, c := range d.Charges {
		shown[c.Kind.Name], shown[c.Description.Name], shown[c.Amount.Name] = true, true, true
	}
	out := map[string]string{}
	for k, msg := range errs {
		if !shown[k] {
			out[k] = msg
		}
	}
	return out
}
