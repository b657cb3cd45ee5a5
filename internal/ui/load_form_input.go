package ui

import (
	"errors"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// loadInput reads the load form into what dispatch books. Blank stop and charge rows are
// skipped; the index map says which form row each remaining one came from. Input that is
// not even a number is refused here, before dispatch checks the rest.
func loadInput(f Form) (dispatch.LoadInput, indexMap, error) {
	v := tms.Validation{}
	in := dispatch.LoadInput{
		CustomerID: formInt64(f, "customer_id", v),
		Status:     tms.LoadStatus(f.Get("status")),
		References: tms.References{BOL: trimmed(f, "ref_bol"), PO: trimmed(f, "ref_po"), Pickup: trimmed(f, "ref_pickup"),
			CustomerLoad: trimmed(f, "ref_customer_load")},
		Commodity:     trimmed(f, "commodity"),
		WeightLb:      formNumber(f, "weight_lb", v),
		Pieces:        formNumber(f, "pieces", v),
		EquipmentType: trimmed(f, "equipment_type"),
		TempMinF:      optNumber(f, "temp_min_f", v),
		TempMaxF:      optNumber(f, "temp_max_f", v),
		Notes:         trimmed(f, "notes"),
		Version:       formInt(f, "version"),
	}
	if f.Checked("hazmat") {
		in.Hazmat = &tms.Hazmat{UNNumber: strings.ToUpper(trimmed(f, "hazmat.un_number")), Class: trimmed(f, "hazmat.class"),
			PackingGroup: trimmed(f, "hazmat.packing_group")}
	}
	if s := trimmed(f, "planned_miles"); s != "" {
		miles, err := strconv.ParseFloat(s, 64)
		v.Check(err == nil, "planned_miles", "must be a number of miles")
		in.PlannedMiles = &miles
	}
	idx := indexMap{}
	in.Stops = stopInputs(f, idx, v)
	in.Charges = chargeInputs(f, idx, v)
	return in, idx, v.Err()
}

func stopInputs(f Form, idx indexMap, v tms.Validation) []dispatch.StopInput {
	var out []dispatch.StopInput
	for i, r := range readRows(f, "stops", stopFields) {
		if r.blank("facility_id", "appointment_start", "appointment_end", "references", "notes") {
			continue
		}
		id, _ := strconv.ParseInt(r["id"], 10, 64)
		facility, err := strconv.ParseInt(r["facility_id"], 10, 64)
		n := len(out) // errors name the submitted stop, as dispatch's do; indexMap maps them back
		v.Check(err == nil && facility > 0, rowName("stops", n, "facility_id"), "choose a facility")
		v.Check(r["appointment_start"] != "", rowName("stops", n, "appointment_start"), "is required")
		out = append(out, dispatch.StopInput{ID: id, Kind: tms.StopKind(r["kind"]), FacilityID: facility,
			AppointmentStart: r["appointment_start"], AppointmentEnd: r["appointment_end"], References: r["references"], Notes: r["notes"]})
		idx["stops"] = append(idx["stops"], i)
	}
	return out
}

func chargeInputs(f Form, idx indexMap, v tms.Validation) []tms.Charge {
	out := []tms.Charge{}
	for i, r := range readRows(f, "charges", chargeFields) {
		if r.blank("description", "amount") {
			continue
		}
		cents, err := parseCents(r["amount"])
		v.Check(err == nil, rowName("charges", len(out), "amount"), "must be an amount such as 1250.00")
		out = append(out, tms.Charge{Kind: r["kind"], Description: r["description"], AmountCents: cents})
		idx["charges"] = append(idx["charges"], i)
	}
	return out
}

// parseCents reads dollars as people type them ("1,250", "$1250.5", "-35.00") into cents.
func parseCents(s string) (tms.Cents, error) {
	rest, neg := strings.CutPrefix(strings.NewReplacer(",", "", "$", "", " ", "").Replace(s), "-")
	n, err := parseFixed(rest, 2)
	if err != nil || n >= 1e13 {
		return 0, errors.New("not an amount")
	}
	if neg {
		n = -n
	}
	return tms.Cents(n), nil
}

func digits(s string) bool { return strings.Trim(s, "0123456789") == "" }

func trimmed(f Form, name string) string { return strings.TrimSpace(f.Get(name)) }

// formNumber reads an optional whole number (0 when empty); formInt64 a required id.
func formNumber(f Form, name string, v tms.Validation) int {
	if p := optNumber(f, name, v); p != nil {
		return *p
	}
	return 0
}

func optNumber(f Form, name string, v tms.Validation) *int {
	s := trimmed(f, name)
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	v.Check(err == nil, name, "must be a whole number")
	return &n
}

func formInt64(f Form, name string, v tms.Validation) int64 {
	if p := formID(f, name, true, v); p != nil {
		return *p
	}
	return 0
}
