package csvio

import (
	"context"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// LoadRow is a load as one CSV row: its customer and the facilities of its pickup and
// delivery by name or id, appointments in each facility's local time, and the rest of the
// load as dispatch reads it. ID, Number and Status are written by Export and ignored by
// Import, which books new loads.
type LoadRow struct {
	ID       int64
	Number   string
	Status   tms.LoadStatus
	Customer string
	Pickup   StopRow
	Delivery StopRow
	Input    dispatch.LoadInput // CustomerID and Stops are filled in by Import
}

// StopRow is the pickup or the delivery of a LoadRow.
type StopRow struct {
	Facility   string
	Start, End string // "2026-12-07 08:00" at the facility, or RFC 3339
	References string
}

// localTime is how appointments are written: wall-clock time at the facility.
const localTime = "2006-01-02 15:04"

type loadOps struct{ layout[LoadRow] }

var loads = &loadOps{layout[LoadRow]{
	kind:     Loads,
	required: []string{"customer", "pickup_facility", "pickup_start", "delivery_facility", "delivery_start"},
	columns: slices.Concat(
		[]column[LoadRow]{
			readOnly("id", func(r *LoadRow) string { return strconv.FormatInt(r.ID, 10) }),
			readOnly("number", func(r *LoadRow) string { return r.Number }),
			readOnly("status", func(r *LoadRow) string { return string(r.Status) }),
			textCol("customer", func(r *LoadRow) *string { return &r.Customer }),
			textCol("bol", func(r *LoadRow) *string { return &r.Input.References.BOL }),
			textCol("po", func(r *LoadRow) *string { return &r.Input.References.PO }),
			textCol("pickup_number", func(r *LoadRow) *string { return &r.Input.References.Pickup }),
			textCol("customer_load", func(r *LoadRow) *string { return &r.Input.References.CustomerLoad }),
			textCol("commodity", func(r *LoadRow) *string { return &r.Input.Commodity }),
			intCol("weight_lb", func(r *LoadRow) *int { return &r.Input.WeightLb }),
			intCol("pieces", func(r *LoadRow) *int { return &r.Input.Pieces }),
			textCol("equipment_type", func(r *LoadRow) *string { return &r.Input.EquipmentType }),
			optIntCol("temp_min_f", func(r *LoadRow) **int { return &r.Input.TempMinF }),
			optIntCol("temp_max_f", func(r *LoadRow) **int { return &r.Input.TempMaxF }),
			hazmatCol("hazmat_un_number", func(h *tms.Hazmat) *string { return &h.UNNumber }),
			hazmatCol("hazmat_class", func(h *tms.Hazmat) *string { return &h.Class }),
			hazmatCol("hazmat_packing_group", func(h *tms.Hazmat) *string { return &h.PackingGroup }),
		},
		stopCols("pickup_", func(r *LoadRow) *StopRow { return &r.Pickup }),
		stopCols("delivery_", func(r *LoadRow) *StopRow { return &r.Delivery }),
		chargeCols(),
		[]column[LoadRow]{
			milesCol("planned_miles"),
			textCol("notes", func(r *LoadRow) *string { return &r.Input.Notes }),
		}),
}}

// hazmatCol reads one hazmat field; a load without any has no hazmat.
func hazmatCol(name string, f func(*tms.Hazmat) *string) column[LoadRow] {
	return column[LoadRow]{name,
		func(r *LoadRow) string {
			if r.Input.Hazmat == nil {
				return ""
			}
			return escapeFormula(*f(r.Input.Hazmat))
		},
		func(r *LoadRow, s string) error {
			if s != "" {
				if r.Input.Hazmat == nil {
					r.Input.Hazmat = &tms.Hazmat{}
				}
				*f(r.Input.Hazmat) = unescapeFormula(s)
			}
			return nil
		}}
}

func stopCols(prefix string, f func(*LoadRow) *StopRow) []column[LoadRow] {
	return []column[LoadRow]{
		textCol(prefix+"facility", func(r *LoadRow) *string { return &f(r).Facility }),
		appointmentCol(prefix+"start", true, func(r *LoadRow) *string { return &f(r).Start }),
		appointmentCol(prefix+"end", false, func(r *LoadRow) *string { return &f(r).End }),
		textCol(prefix+"references", func(r *LoadRow) *string { return &f(r).References }),
	}
}

// appointmentCol checks the form of a time; it is placed in the facility's zone on import.
func appointmentCol(name string, required bool, f func(*LoadRow) *string) column[LoadRow] {
	return column[LoadRow]{name,
		func(r *LoadRow) string { return *f(r) },
		func(r *LoadRow, s string) error {
			*f(r) = s
			if s == "" && required {
				return errors.New("is required")
			}
			if _, err := dispatch.ParseAppointment(s, time.UTC); s != "" && err != nil {
				return errors.New("must be a time like 2026-12-07 08:00 (facility time)")
			}
			return nil
		}}
}

// chargeCols are one amount column per charge kind, linehaul_cents to other_cents.
func chargeCols() []column[LoadRow] {
	cols := make([]column[LoadRow], len(tms.ChargeKinds))
	for i, kind := range tms.ChargeKinds {
		cols[i] = column[LoadRow]{kind + "_cents",
			func(r *LoadRow) string { return chargeSum(r.Input.Charges, kind) },
			func(r *LoadRow, s string) error {
				n, err := parseInt(s)
				if n != 0 {
					r.Input.Charges = append(r.Input.Charges, tms.Charge{Kind: kind, AmountCents: tms.Cents(n)})
				}
				return err
			}}
	}
	return cols
}

// chargeSum adds the lines of a kind, "" when there are none.
func chargeSum(charges []tms.Charge, kind string) string {
	var sum tms.Cents
	found := false
	for _, c := range charges {
		if c.Kind == kind {
			sum, found = sum+c.AmountCents, true
		}
	}
	if !found {
		return ""
	}
	return strconv.FormatInt(int64(sum), 10)
}

// milesCol reads planned miles entered by hand; empty means computed from the stops.
func milesCol(name string) column[LoadRow] {
	return column[LoadRow]{name,
		func(r *LoadRow) string {
			if r.Input.PlannedMiles == nil {
				return ""
			}
			return formatFloat(*r.Input.PlannedMiles)
		},
		func(r *LoadRow, s string) error {
			if s == "" {
				return nil
			}
			x, err := parseFloat(s)
			r.Input.PlannedMiles = &x
			return err
		}}
}

// plan resolves each row's customer and facilities and checks the load dispatch would book.
func (o *loadOps) plan(ctx context.Context, d Deps, rows []Row) ([]step, []RowError, error) {
	refs, err := loadReferences(ctx, d.Store)
	if err != nil {
		return nil, nil, err
	}
	var steps []step
	var bad []RowError
	for _, r := range rows {
		in, errs, err := check(ctx, d.Dispatch, refs, r)
		if err != nil {
			return nil, nil, err
		}
		if len(errs) > 0 {
			bad = append(bad, errs...)
			continue
		}
		steps = append(steps, step{r.Line, func(ctx context.Context) error {
			_, err := d.Dispatch.CreateLoad(ctx, in)
			return err
		}})
	}
	return steps, bad, nil
}

// check builds a row's load without storing it and reports its problems by column.
func check(ctx context.Context, svc *dispatch.Service, refs *references, r Row) (dispatch.LoadInput, []RowError, error) {
	lr, err := recordOf[LoadRow](r, Loads)
	if err != nil {
		return dispatch.LoadInput{}, nil, err
	}
	in, errs := refs.input(lr, r.Line)
	if len(errs) > 0 {
		return in, errs, nil
	}
	_, err = svc.NewLoad(ctx, in)
	if err == nil || tms.ErrorCode(err) != tms.CodeInvalid {
		return in, nil, err
	}
	return in, fieldErrors(err, r.Line, nil, func(field string) string { return loadColumn(field, in) }), nil
}

var stopFields = map[string]string{"facility_id": "facility", "appointment_start": "start", "appointment_end": "end"}

// loadColumn names the column behind a load validation field.
func loadColumn(field string, in dispatch.LoadInput) string {
	for i, prefix := range []string{"pickup_", "delivery_"} {
		if rest, ok := strings.CutPrefix(field, "stops["+strconv.Itoa(i)+"]."); ok {
			return prefix + stopFields[rest]
		}
	}
	if rest, ok := strings.CutPrefix(field, "charges["); ok {
		n, _, _ := strings.Cut(rest, "]")
		if i, err := strconv.Atoi(n); err == nil && i < len(in.Charges) {
			return in.Charges[i].Kind + "_cents"
		}
	}
	if field == "customer_id" {
		return "customer"
	}
	return underscored(field)
}

func (o *loadOps) export(ctx context.Context, s tms.Store, w io.Writer) error {
	return ExportLoads(ctx, s, tms.LoadFilter{}, w)
}

// ExportLoads writes every load matching f (its page is ignored), in id order, in the loads
// layout: the UI's Loads page downloads its filtered list this way.
func ExportLoads(ctx context.Context, s tms.Store, f tms.LoadFilter, w io.Writer) error {
	refs, err := loadReferences(ctx, s)
	if err != nil {
		return err
	}
	list := func(ctx context.Context, p tms.PageRequest) (tms.Page[tms.Load], error) {
		f.Page = p
		return s.ListLoads(ctx, f)
	}
	return writeCSV(w, &loads.layout, func(fn func(*LoadRow) error) error {
		return eachPage(ctx, list, func(l *tms.Load) error { return fn(refs.row(l)) })
	})
}
