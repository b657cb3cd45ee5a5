package ui

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/anditms/tms/internal/tms"
)

type billingSettingsData struct {
	Tabs         []navLink
	Admin        bool // may save; billing staff read
	Form         Form
	Carrier      []Control
	Accessorials []catalogRow
}

// catalogRow is one accessorial with the inputs of its row form and, after a refused save,
// the submitted values and their errors.
type catalogRow struct {
	tms.Accessorial
	Row tableForm
}

// tableForm is a form laid out over a table row: its inputs sit in the cells and name the
// form (by FormID) that holds the CSRF token, the version and the button.
type tableForm struct {
	FormID  string
	Version string
	Message string
	Inputs  []Control
}

// newTableForm makes the row form id with a text input per name, labelled by labels.
func newTableForm(id string, f Form, names, labels []string) tableForm {
	t := tableForm{FormID: id, Version: f.Get("version"), Message: f.Message}
	for i, n := range names {
		t.Inputs = append(t.Inputs, control(id+"-", n, labels[i], "text").from(f))
	}
	return t
}

var catalogInputs, catalogLabels = []string{"rate", "free_minutes", "increment_minutes", "driver_pay"},
	[]string{"Rate ($)", "Free minutes", "Increment minutes", "Driver pay ($)"}

// billingSettingsPage shows the carrier's details and billing defaults, and the accessorial
// catalog; admins edit both.
func (u *UI) billingSettingsPage(w http.ResponseWriter, r *http.Request) error {
	c, err := u.store.CarrierSettings(r.Context())
	if err != nil {
		return err
	}
	return u.renderBillingSettings(w, r, http.StatusOK, newForm(carrierValues(c)), "", Form{})
}

// renderBillingSettings shows the page with the carrier form f and, when code is set, the
// refused row form of that accessorial.
func (u *UI) renderBillingSettings(w http.ResponseWriter, r *http.Request, status int, f Form, code string, row Form) error {
	ctx := r.Context()
	schedules, err := u.fuelScheduleOptions(ctx)
	if err != nil {
		return err
	}
	catalog, err := u.store.ListAccessorials(ctx)
	if err != nil {
		return err
	}
	d := billingSettingsData{Tabs: billingTabs(r), Admin: permsOf(r).Admin, Form: f,
		Carrier: carrierControls(f, schedules)}
	for _, a := range catalog {
		rf := newForm(catalogValues(a))
		if a.Code == code {
			rf = row
		}
		d.Accessorials = append(d.Accessorials, catalogRow{Accessorial: a, Row: newTableForm("acc-"+a.Code, rf, catalogInputs, catalogLabels)})
	}
	return u.render(w, r, status, viewSettingsBilling, "Carrier and catalog", d)
}

func carrierControls(f Form, schedules []option) []Control {
	text := func(name, label string) Control { return control("c-", name, label, "text").from(f) }
	return []Control{
		text("name", "Carrier name").required(), text("phone", "Phone"), text("email", "Email"),
		text("mc_number", "MC number"), text("dot_number", "DOT number"),
		text("address.line1", "Address"), text("address.line2", "Address line 2"), text("address.city", "City"),
		text("address.state", "State"), text("address.zip", "ZIP"),
		text("remit_to_name", "Remit-to name").hint("Where customers send payment, when not the carrier itself."),
		text("remit_to.line1", "Remit-to address"), text("remit_to.line2", "Remit-to address line 2"),
		text("remit_to.city", "Remit-to city"), text("remit_to.state", "Remit-to state"), text("remit_to.zip", "Remit-to ZIP"),
		text("invoice_series", "Invoice series").required().hint("The prefix of invoice numbers, such as INV."),
		text("credit_memo_series", "Credit memo series").required().hint("The prefix of credit memo numbers, such as CM."),
		control("c-", "fuel_schedule_id", "Default fuel schedule", "").choose("None", schedules).from(f),
		control("c-", "invoice_footer", "Invoice footer", "textarea").from(f),
		text("tracking_link_days", "Tracking links last (days after delivery)").hint("Customer tracking links stop opening this many days after delivery; empty or 0 means 7."),
	}
}

func carrierValues(c tms.CarrierSettings) url.Values {
	v := url.Values{"name": {c.Name}, "phone": {c.Phone}, "email": {c.Email}, "mc_number": {c.MCNumber},
		"dot_number": {c.DOTNumber}, "remit_to_name": {c.RemitToName}, "invoice_series": {c.InvoiceSeries},
		"credit_memo_series": {c.CreditMemoSeries}, "invoice_footer": {c.InvoiceFooter}, "version": {strconv.Itoa(c.Version)},
		"tracking_link_days": {strconv.Itoa(c.TrackingLinkDays)}}
	setAddress(v, "address", c.Address)
	setAddress(v, "remit_to", c.RemitTo)
	if c.FuelScheduleID != nil {
		v.Set("fuel_schedule_id", strconv.FormatInt(*c.FuelScheduleID, 10))
	}
	return v
}

func setAddress(v url.Values, prefix string, a tms.Address) {
	for k, s := range map[string]string{"line1": a.Line1, "line2": a.Line2, "city": a.City, "state": a.State, "zip": a.Zip} {
		v.Set(prefix+"."+k, s)
	}
}

func formAddress(f Form, prefix string, country string) tms.Address {
	get := func(k string) string { return trimmed(f, prefix+"."+k) }
	return tms.Address{Line1: get("line1"), Line2: get("line2"), City: get("city"), State: get("state"), Zip: get("zip"), Country: country}
}

// saveCarrierSettings stores the carrier form; a stale version shows the form again.
func (u *UI) saveCarrierSettings(w http.ResponseWriter, r *http.Request) error {
	return u.formAction(w, r, "/settings/billing", func(f Form) (string, error) {
		v := tms.Validation{}
		schedule := formID(f, "fuel_schedule_id", false, v)
		linkDays := optionalDays(f, "tracking_link_days", v)
		if err := v.Err(); err != nil {
			return "", err
		}
		_, err := u.store.UpdateCarrierSettings(r.Context(), func(c *tms.CarrierSettings) error {
			c.Name, c.Phone, c.Email = trimmed(f, "name"), trimmed(f, "phone"), trimmed(f, "email")
			c.MCNumber, c.DOTNumber, c.RemitToName = trimmed(f, "mc_number"), trimmed(f, "dot_number"), trimmed(f, "remit_to_name")
			c.Address, c.RemitTo = formAddress(f, "address", c.Address.Country), formAddress(f, "remit_to", c.RemitTo.Country)
			c.InvoiceSeries, c.CreditMemoSeries = trimmed(f, "invoice_series"), trimmed(f, "credit_memo_series")
			c.FuelScheduleID, c.InvoiceFooter, c.TrackingLinkDays = schedule, trimmed(f, "invoice_footer"), linkDays
			c.Version = formInt(f, "version")
			return nil
		})
		return "Carrier settings saved.", err
	}, func(status int, f Form) error { return u.renderBillingSettings(w, r, status, f, "", Form{}) })
}

func catalogValues(a tms.Accessorial) url.Values {
	return url.Values{"rate": {dollars(a.RateCents)}, "free_minutes": {strconv.Itoa(a.FreeMinutes)},
		"increment_minutes": {strconv.Itoa(a.IncrementMinutes)}, "driver_pay": {dollars(a.DriverPayCents)},
		"version": {strconv.Itoa(a.Version)}}
}

// saveAccessorial changes one catalog entry's rate, detention minutes and driver pay.
func (u *UI) saveAccessorial(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	return u.formAction(w, r, "/settings/billing", func(f Form) (string, error) {
		v := tms.Validation{}
		rate, pay := centsField(f, "rate", v), centsField(f, "driver_pay", v)
		free, incr := minutesField(f, "free_minutes", v), minutesField(f, "increment_minutes", v)
		if err := v.Err(); err != nil {
			return "", err
		}
		_, err := u.store.UpdateAccessorial(r.Context(), code, func(a *tms.Accessorial) error {
			if err := tms.CheckVersion(formInt(f, "version"), a.Version); err != nil {
				return err
			}
			a.RateCents, a.DriverPayCents, a.FreeMinutes, a.IncrementMinutes = rate, pay, free, incr
			return nil
		})
		return "Saved the " + label(code) + " rate.", err
	}, func(status int, f Form) error {
		c, err := u.store.CarrierSettings(r.Context())
		if err != nil {
			return err
		}
		return u.renderBillingSettings(w, r, status, newForm(carrierValues(c)), code, f)
	}, "rate_cents", "rate", "driver_pay_cents", "driver_pay")
}

// centsField reads a required non-negative amount in dollars.
func centsField(f Form, name string, v tms.Validation) tms.Cents {
	c, err := parseCents(trimmed(f, name))
	v.Check(err == nil && c >= 0, name, "must be an amount such as 75.00")
	return c
}

// optionalDays reads a whole number of days, 0 when left empty.
func optionalDays(f Form, name string, v tms.Validation) int {
	s := trimmed(f, name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	v.Check(err == nil, name, "must be a whole number of days")
	return n
}

// minutesField reads a required whole number of minutes.
func minutesField(f Form, name string, v tms.Validation) int {
	n, err := strconv.Atoi(trimmed(f, name))
	v.Check(err == nil && n >= 0, name, "must be a whole number of minutes")
	return n
}

// fuelScheduleOptions are the active fuel schedules by name.
func (u *UI) fuelScheduleOptions(ctx context.Context) ([]option, error) {
	ss, err := all(ctx, u.store.ListFuelSchedules, "active")
	out := make([]option, len(ss))
	for i, s := range ss {
		out[i] = idOption(s.ID, s.Name)
	}
	return out, err
}
