package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/anditms/tms/internal/tms"
)

// A schedule's step table is the rows "steps[i].from" (the diesel price the band starts at,
// dollars to the mill) and "steps[i].cpm" (the surcharge, cents per mile to a tenth).
var stepFields = []string{"from", "cpm"}

// blankSteps is the fewest band rows the form shows; the last row is always empty, to add a band.
const blankSteps = 3

type fuelScheduleData struct {
	Tabs     []navLink
	ID       int64 // 0 for a new schedule
	Name     string
	Action   string
	Form     Form
	Controls []Control
	Steps    [][2]Control
}

var fuelMethods = []tms.FuelMethod{tms.FuelFormula, tms.FuelStepTable, tms.FuelPercent}

func (u *UI) newFuelSchedulePage(w http.ResponseWriter, r *http.Request) error {
	f := newForm(url.Values{"method": {string(tms.FuelFormula)}, "effective_lag_days": {"0"}, "active": {"on"}})
	return u.renderFuelSchedule(w, r, http.StatusOK, 0, "", f)
}

func (u *UI) fuelSchedulePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	s, err := u.store.FuelSchedule(r.Context(), id)
	if err != nil {
		return err
	}
	return u.renderFuelSchedule(w, r, http.StatusOK, id, s.Name, newForm(scheduleValues(s)))
}

func (u *UI) renderFuelSchedule(w http.ResponseWriter, r *http.Request, status int, id int64, name string, f Form) error {
	d := fuelScheduleData{Tabs: billingTabs(r), ID: id, Name: name, Form: f, Action: "/settings/fuel/schedules", Controls: []Control{
		control("s-", "name", "Name", "text").required().from(f),
		control("s-", "method", "Method", "").choose("", stringOptions(fuelMethods)).required().
			hint("Formula: (diesel − peg) ÷ mpg per loaded mile. Step: the band the price falls in. Percent: of the linehaul.").from(f),
		control("s-", "peg", "Peg ($ per gallon)", "text").hint("Formula: the price the surcharge starts above, such as 1.250.").from(f),
		control("s-", "mpg", "Miles per gallon", "text").hint("Formula: such as 6.5.").from(f),
		control("s-", "percent", "Percent of linehaul", "text").hint("Percent: such as 25.00.").from(f),
		control("s-", "effective_lag_days", "Effective lag (days)", "number").required().
			hint("The price dated Monday applies from this many days later (1 = Tuesday).").from(f),
		control("s-", "active", "Active", "checkbox").from(f),
	}}
	rows := readRows(f, "steps", stepFields)
	for len(rows) < blankSteps || !rows[len(rows)-1].blank(stepFields...) && len(rows) < maxRows {
		rows = append(rows, row{})
	}
	for i := range rows {
		from, cpm := rowName("steps", i, "from"), rowName("steps", i, "cpm")
		d.Steps = append(d.Steps, [2]Control{
			{ID: "st-" + strconv.Itoa(i) + "-from", Name: from, Label: "From ($ per gallon)", Type: "text", Value: rows[i]["from"], Error: f.Errors[from]},
			{ID: "st-" + strconv.Itoa(i) + "-cpm", Name: cpm, Label: "Surcharge (cents per mile)", Type: "text", Value: rows[i]["cpm"], Error: f.Errors[cpm]},
		})
	}
	d.Form.Values.Set("steps_count", strconv.Itoa(len(rows)))
	title := "New fuel schedule"
	if id != 0 {
		title, d.Action = name, d.Action+"/"+strconv.FormatInt(id, 10)
	}
	return u.render(w, r, status, viewFuelSchedule, title, d)
}

func scheduleValues(s tms.FuelSchedule) url.Values {
	v := url.Values{"name": {s.Name}, "method": {string(s.Method)}, "effective_lag_days": {strconv.Itoa(s.EffectiveLagDays)},
		"version": {strconv.Itoa(s.Version)}}
	if s.PegMills > 0 {
		v.Set("peg", fixedText(s.PegMills, 3))
	}
	if s.MPGTenths > 0 {
		v.Set("mpg", fixedText(s.MPGTenths, 1))
	}
	if s.PercentBP > 0 {
		v.Set("percent", fixedText(s.PercentBP, 2))
	}
	if s.Active {
		v.Set("active", "on")
	}
	rows := make([]row, len(s.Steps))
	for i, st := range s.Steps {
		rows[i] = row{"from": fixedText(st.FromMills, 3), "cpm": fixedText(st.MillsPerMile, 1)}
	}
	writeRows(newForm(v), "steps", stepFields, rows)
	return v
}

// scheduleInput reads the form; only the fields of the chosen method are read. rows maps
// each submitted band back to its form row.
func scheduleInput(f Form) (tms.FuelSchedule, []int, error) {
	v := tms.Validation{}
	s := tms.FuelSchedule{Name: trimmed(f, "name"), Method: tms.FuelMethod(f.Get("method")), Active: f.Checked("active")}
	lag, err := strconv.Atoi(trimmed(f, "effective_lag_days"))
	v.Check(err == nil, "effective_lag_days", "must be a whole number of days")
	s.EffectiveLagDays = lag
	var rows []int
	switch s.Method {
	case tms.FuelFormula:
		s.PegMills = fixedField(f, "peg", 3, "must be dollars to three decimals such as 1.250", v)
		s.MPGTenths = fixedField(f, "mpg", 1, "must be miles per gallon to one decimal such as 6.5", v)
	case tms.FuelPercent:
		s.PercentBP = fixedField(f, "percent", 2, "must be a percentage to two decimals such as 25.00", v)
	case tms.FuelStepTable:
		for i, r := range readRows(f, "steps", stepFields) {
			if r.blank(stepFields...) {
				continue
			}
			from, errFrom := parseFixed(r["from"], 3)
			cpm, errCPM := parseFixed(r["cpm"], 1)
			v.Check(errFrom == nil, rowName("steps", i, "from"), "must be dollars to three decimals such as 3.500")
			v.Check(errCPM == nil, rowName("steps", i, "cpm"), "must be cents per mile to one decimal such as 4.5")
			s.Steps = append(s.Steps, tms.FuelStep{FromMills: from, MillsPerMile: cpm})
			rows = append(rows, i)
		}
	}
	return s, rows, v.Err()
}

// createFuelSchedule stores a new schedule.
func (u *UI) createFuelSchedule(w http.ResponseWriter, r *http.Request) error {
	return u.saveFuelSchedule(w, r, 0, func(s tms.FuelSchedule, _ int) (tms.FuelSchedule, error) {
		return s, u.store.CreateFuelSchedule(r.Context(), &s)
	})
}

// updateFuelSchedule changes a schedule; a stale version shows the form again.
func (u *UI) updateFuelSchedule(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.saveFuelSchedule(w, r, id, func(in tms.FuelSchedule, version int) (tms.FuelSchedule, error) {
		return u.store.UpdateFuelSchedule(r.Context(), id, func(s *tms.FuelSchedule) error {
			if err := tms.CheckVersion(version, s.Version); err != nil {
				return err
			}
			in.Meta = s.Meta
			*s = in
			return nil
		})
	})
}

func (u *UI) saveFuelSchedule(w http.ResponseWriter, r *http.Request, id int64, save func(tms.FuelSchedule, int) (tms.FuelSchedule, error)) error {
	var rows []int // the form row of each submitted band, for the domain's field errors
	return u.formAction(w, r, "/settings/fuel", func(f Form) (string, error) {
		in, formRows, err := scheduleInput(f)
		rows = formRows
		if err == nil {
			in, err = save(in, formInt(f, "version"))
		}
		return "Saved fuel schedule " + in.Name + ".", err
	}, func(status int, f Form) error {
		errs, renames := map[string]string{}, scheduleRenames(rows)
		for k, msg := range f.Errors { // the domain names bands by their place among the submitted ones
			errs[renamed(k, renames)] = msg
		}
		f.Errors = errs
		return u.renderFuelSchedule(w, r, status, id, trimmed(f, "name"), f)
	})
}

// scheduleRenames maps the domain's field names to the form's inputs.
func scheduleRenames(rows []int) []string {
	out := []string{"peg_mills", "peg", "mpg_tenths", "mpg", "percent_bp", "percent", "steps", rowName("steps", 0, "from")}
	for i, formRow := range rows {
		out = append(out, rowName("steps", i, "from_mills"), rowName("steps", formRow, "from"),
			rowName("steps", i, "mills_per_mile"), rowName("steps", formRow, "cpm"))
	}
	return out
}
