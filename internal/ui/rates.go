package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

type ratesData struct {
	Tabs      []navLink
	Rows      []rateRow
	Customers []option
	Filter    string // the customer shown, "" = all
	EditID    int64  // the rate default in the form, 0 = a new one
	Action    string
	Form      Form
	Controls  []Control
}

type rateRow struct {
	tms.RateDefault
	Customer, Lane, RateText string
}

var linehaulMethods = []tms.LinehaulMethod{tms.LinehaulFlat, tms.LinehaulPerMile, tms.LinehaulPerCWT}

// ratePlaces is how many decimals a method's rate is typed with: per mile in mills, the
// others in cents.
func ratePlaces(m tms.LinehaulMethod) int {
	if m == tms.LinehaulPerMile {
		return 3
	}
	return 2
}

// ratesPage lists the customers' rate defaults with the form that adds one, or edits the
// one named by ?edit=.
func (u *UI) ratesPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := newForm(url.Values{"method": {string(tms.LinehaulFlat)}, "active": {"on"}, "customer_id": {q.Get("customer_id")}})
	var editID int64
	if s := q.Get("edit"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return tms.Errorf(tms.CodeNotFound, "there is no page at this address")
		}
		rd, err := u.rateDefault(r, id)
		if err != nil {
			return err
		}
		editID, f = id, newForm(rateValues(rd))
	}
	return u.renderRates(w, r, http.StatusOK, editID, f)
}

// rateDefault finds one rate default (the store lists them; there are few per customer).
func (u *UI) rateDefault(r *http.Request, id int64) (tms.RateDefault, error) {
	all, err := u.store.ListRateDefaults(r.Context(), 0)
	for _, rd := range all {
		if rd.ID == id {
			return rd, err
		}
	}
	if err == nil {
		err = tms.NotFound("rate default", id)
	}
	return tms.RateDefault{}, err
}

func (u *UI) renderRates(w http.ResponseWriter, r *http.Request, status int, editID int64, f Form) error {
	ctx := r.Context()
	filter, _ := strconv.ParseInt(r.URL.Query().Get("customer_id"), 10, 64)
	list, err := u.store.ListRateDefaults(ctx, filter)
	if err != nil {
		return err
	}
	cs, err := all(ctx, u.store.ListCustomers, "")
	if err != nil {
		return err
	}
	names := map[int64]string{}
	d := ratesData{Tabs: billingTabs(r), EditID: editID, Form: f, Action: "/settings/rates",
		Filter: r.URL.Query().Get("customer_id")}
	for _, c := range cs {
		names[c.ID] = c.Name
		d.Customers = append(d.Customers, idOption(c.ID, c.Name))
	}
	for _, rd := range list {
		d.Rows = append(d.Rows, rateRow{RateDefault: rd, Customer: names[rd.CustomerID], Lane: lane(rd),
			RateText: rateText(rd.Method, rd.Rate)})
	}
	if editID != 0 {
		d.Action += "/" + strconv.FormatInt(editID, 10)
	}
	d.Controls = []Control{
		control("r-", "customer_id", "Customer", "").choose("Choose a customer", d.Customers).required().from(f),
		control("r-", "origin_state", "Origin state", "text").hint("Two letters; empty for any.").from(f),
		control("r-", "dest_state", "Destination state", "text").hint("Two letters; empty for any.").from(f),
		control("r-", "method", "Method", "").choose("", stringOptions(linehaulMethods)).required().from(f),
		control("r-", "rate", "Rate ($)", "text").required().hint("Flat: per load. Per mile: to the tenth of a cent, such as 2.150. Per CWT: per 100 lb.").from(f),
		control("r-", "stop_off", "Stop-off ($)", "text").hint("Per stop beyond the first pickup and the last delivery.").from(f),
		control("r-", "active", "Active", "checkbox").from(f),
	}
	return u.render(w, r, status, viewSettingsRates, "Rates", d)
}

func lane(rd tms.RateDefault) string {
	if rd.OriginState == "" && rd.DestState == "" {
		return "Any lane"
	}
	state := func(s string) string {
		if s == "" {
			return "any"
		}
		return s
	}
	return state(rd.OriginState) + " → " + state(rd.DestState)
}

// rateText shows a rate in dollars with its unit: "$1,250.00 flat", "$2.150 per mile".
func rateText(m tms.LinehaulMethod, rate int64) string {
	switch m {
	case tms.LinehaulPerMile:
		return millsText(rate) + " per mile"
	case tms.LinehaulPerCWT:
		return tms.Cents(rate).String() + " per CWT"
	}
	return tms.Cents(rate).String() + " flat"
}

func rateValues(rd tms.RateDefault) url.Values {
	v := url.Values{"customer_id": {strconv.FormatInt(rd.CustomerID, 10)}, "origin_state": {rd.OriginState},
		"dest_state": {rd.DestState}, "method": {string(rd.Method)}, "rate": {fixedText(rd.Rate, ratePlaces(rd.Method))},
		"stop_off": {dollars(rd.StopOffCents)}, "version": {strconv.Itoa(rd.Version)}}
	if rd.Active {
		v.Set("active", "on")
	}
	return v
}

// rateInput reads the rate form.
func rateInput(f Form) (tms.RateDefault, error) {
	v := tms.Validation{}
	rd := tms.RateDefault{CustomerID: formInt64(f, "customer_id", v), Method: tms.LinehaulMethod(f.Get("method")),
		OriginState: strings.ToUpper(trimmed(f, "origin_state")), DestState: strings.ToUpper(trimmed(f, "dest_state")),
		Active: f.Checked("active")}
	example := "1250.00"
	if rd.Method == tms.LinehaulPerMile {
		example = "2.150"
	}
	rd.Rate = fixedField(f, "rate", ratePlaces(rd.Method), "must be dollars such as "+example, v)
	if trimmed(f, "stop_off") != "" {
		rd.StopOffCents = centsField(f, "stop_off", v)
	}
	var e *tms.Error
	if errors.As(rd.Validate(), &e) { // every problem at once: the ones read here win
		for k, msg := range e.Fields {
			v.Check(false, renamed(k, []string{"stop_off_cents", "stop_off"}), msg)
		}
	}
	return rd, v.Err()
}

// createRateDefault adds a customer's rate.
func (u *UI) createRateDefault(w http.ResponseWriter, r *http.Request) error {
	return u.saveRate(w, r, 0, func(f Form) (string, error) {
		rd, err := rateInput(f)
		if err == nil {
			err = u.store.CreateRateDefault(r.Context(), &rd)
		}
		return "Rate added.", err
	})
}

// updateRateDefault saves the edit form, or with op=activate / op=deactivate only switches
// the rate on or off.
func (u *UI) updateRateDefault(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.saveRate(w, r, id, func(f Form) (string, error) {
		op := f.Get("op")
		in, err := rateInput(f)
		if op != "" {
			err = nil
		}
		if err != nil {
			return "", err
		}
		_, err = u.store.UpdateRateDefault(r.Context(), id, func(rd *tms.RateDefault) error {
			if err := tms.CheckVersion(formInt(f, "version"), rd.Version); err != nil {
				return err
			}
			if op != "" {
				rd.Active = op == "activate"
				return nil
			}
			in.Meta = rd.Meta
			*rd = in
			return nil
		})
		return "Rate saved.", err
	})
}

func (u *UI) saveRate(w http.ResponseWriter, r *http.Request, id int64, do func(Form) (string, error)) error {
	return u.formAction(w, r, "/settings/rates", do, func(status int, f Form) error {
		if f.Get("op") != "" { // a switch refused (a stale version): the list with why, and a blank form
			msg := f.Message
			f = newForm(url.Values{"method": {string(tms.LinehaulFlat)}, "active": {"on"}})
			f.Message, id = msg, 0
		}
		return u.renderRates(w, r, status, id, f)
	}, "stop_off_cents", "stop_off")
}
