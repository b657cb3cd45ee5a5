package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// localInput is the datetime-local format appointments are typed in (facility time).
const localInput = "2006-01-02T15:04"

// newLoadPage shows a blank load: one pickup, one delivery and a linehaul line.
func (u *UI) newLoadPage(w http.ResponseWriter, r *http.Request) error {
	f := newForm(url.Values{"status": {string(tms.StatusBooked)}, "equipment_type": {"dry_van"}})
	writeRows(f, "stops", stopFields, []row{{"kind": "pickup"}, {"kind": "delivery"}})
	writeRows(f, "charges", chargeFields, []row{newRow("charge")})
	return u.renderLoadForm(w, r, http.StatusOK, nil, f)
}

// createLoad books the load, or shows the form again after a row button or with the errors.
func (u *UI) createLoad(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(r)
	if err != nil {
		return err
	}
	if i, ok := newFacilityOp(f.Get("op")); ok {
		status, err := u.newStopFacility(r.Context(), &f, i)
		if err != nil {
			return err
		}
		return u.renderLoadForm(w, r, status, nil, f)
	}
	if applyRowOp(f, f.Get("op")) {
		return u.renderLoadForm(w, r, http.StatusOK, nil, f)
	}
	in, idx, err := loadInput(f)
	if err == nil {
		var b dispatch.Booking
		if b, err = u.dispatch.Book(r.Context(), in); err == nil {
			u.flash(r, "Booked "+b.Load.Number+".")
			u.warn(r, b.Warnings...)
			http.Redirect(w, r, "/loads/"+strconv.FormatInt(b.Load.ID, 10), http.StatusSeeOther)
			return nil
		}
	}
	return u.loadFormFailed(w, r, nil, f, idx, err)
}

func (u *UI) editLoadPage(w http.ResponseWriter, r *http.Request) error {
	v, err := u.pathLoad(r)
	if err != nil {
		return err
	}
	return u.renderLoadForm(w, r, http.StatusOK, &v, newForm(loadFormValues(v)))
}

// updateLoad saves the edited load; a stale version is refused with the conflict message.
func (u *UI) updateLoad(w http.ResponseWriter, r *http.Request) error {
	v, err := u.pathLoad(r)
	if err != nil {
		return err
	}
	f, err := postedForm(r)
	if err != nil {
		return err
	}
	if i, ok := newFacilityOp(f.Get("op")); ok {
		status, err := u.newStopFacility(r.Context(), &f, i)
		if err != nil {
			return err
		}
		return u.renderLoadForm(w, r, status, &v, f)
	}
	if applyRowOp(f, f.Get("op")) {
		return u.renderLoadForm(w, r, http.StatusOK, &v, f)
	}
	in, idx, err := loadInput(f)
	if err == nil {
		var l tms.Load
		if l, err = u.dispatch.UpdateLoad(r.Context(), v.ID, in, in.Version); err == nil {
			u.flash(r, "Saved "+l.Number+".")
			http.Redirect(w, r, "/loads/"+strconv.FormatInt(l.ID, 10), http.StatusSeeOther)
			return nil
		}
	}
	return u.loadFormFailed(w, r, &v, f, idx, err)
}

// loadFormFailed shows the form with the refusal's messages on the right rows.
func (u *UI) loadFormFailed(w http.ResponseWriter, r *http.Request, v *loadView, f Form, idx indexMap, err error) error {
	status, ok := f.Fail(remapFields(err, idx))
	if !ok {
		return err
	}
	return u.renderLoadForm(w, r, status, v, f)
}

// pathLoad reads the load named by the path with its records.
func (u *UI) pathLoad(r *http.Request) (loadView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return loadView{}, err
	}
	l, err := u.store.Load(r.Context(), id)
	if err != nil {
		return loadView{}, err
	}
	return newLookup(u.store).view(r.Context(), l)
}

// loadFormValues fills the form from a stored load, appointments in facility time.
func loadFormValues(v loadView) url.Values {
	q := url.Values{"customer_id": {strconv.FormatInt(v.CustomerID, 10)}, "status": {string(v.Status)},
		"ref_bol": {v.References.BOL}, "ref_po": {v.References.PO}, "ref_pickup": {v.References.Pickup},
		"ref_customer_load": {v.References.CustomerLoad}, "commodity": {v.Commodity}, "equipment_type": {v.EquipmentType},
		"weight_lb": {strconv.Itoa(v.WeightLb)}, "pieces": {strconv.Itoa(v.Pieces)}, "notes": {v.Notes},
		"version": {strconv.Itoa(v.Version)}}
	optInt(q, "temp_min_f", v.TempMinF)
	optInt(q, "temp_max_f", v.TempMaxF)
	if h := v.Hazmat; h != nil {
		q.Set("hazmat", "on")
		q.Set("hazmat.un_number", h.UNNumber)
		q.Set("hazmat.class", h.Class)
		q.Set("hazmat.packing_group", h.PackingGroup)
	}
	if v.MilesManual {
		q.Set("planned_miles", strconv.FormatFloat(v.PlannedMiles, 'f', -1, 64))
	}
	f := newForm(q)
	stops := make([]row, len(v.Stops))
	for i, s := range v.Stops {
		loc := zone(s.tz())
		stops[i] = row{"id": strconv.FormatInt(s.ID, 10), "kind": string(s.Kind), "facility_id": strconv.FormatInt(s.FacilityID, 10),
			"appointment_start": s.AppointmentStart.In(loc).Format(localInput), "appointment_end": s.AppointmentEnd.In(loc).Format(localInput),
			"references": s.References, "notes": s.Notes}
	}
	writeRows(f, "stops", stopFields, stops)
	charges := make([]row, len(v.Charges))
	for i, c := range v.Charges {
		charges[i] = row{"kind": c.Kind, "description": c.Description, "amount": dollars(c.AmountCents)}
	}
	writeRows(f, "charges", chargeFields, charges)
	return q
}

func optInt(q url.Values, name string, p *int) {
	if p != nil {
		q.Set(name, strconv.Itoa(*p))
	}
}
