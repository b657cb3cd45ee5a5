package csvio

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// directory finds stored records by name or id, so load rows can name their customer and
// facilities either way.
type directory[T any] struct {
	noun   string
	byID   map[int64]*T
	byName map[string][]int64 // lower-cased name -> ids
	name   func(*T) string
}

// newDirectory reads every record of a master kind.
func newDirectory[T any, P record[T]](ctx context.Context, s tms.Store, m *master[T, P], noun string, name func(*T) string) (*directory[T], error) {
	d := &directory[T]{noun: noun, byID: map[int64]*T{}, byName: map[string][]int64{}, name: name}
	err := m.each(ctx, s, func(v *T) error {
		id := P(v).RecordMeta().ID
		d.byID[id] = v
		key := strings.ToLower(strings.TrimSpace(name(v)))
		d.byName[key] = append(d.byName[key], id)
		return nil
	})
	return d, err
}

// resolve finds the record a cell names: an exact name (ignoring case) first, else an id.
// It returns the id, or what is wrong.
func (d *directory[T]) resolve(ref string) (int64, string) {
	ids := d.byName[strings.ToLower(ref)]
	id, err := strconv.ParseInt(ref, 10, 64)
	switch {
	case ref == "":
		return 0, "is required"
	case len(ids) == 1:
		return ids[0], ""
	case len(ids) > 1:
		return 0, fmt.Sprintf("%d %ss are named %q; give the id instead", len(ids), d.noun, ref)
	case err == nil && d.byID[id] != nil:
		return id, ""
	}
	return 0, fmt.Sprintf("no %s is named %q or has that id", d.noun, ref)
}

// ref is how an export names a record: its name when that finds it again, else its id.
func (d *directory[T]) ref(id int64) string {
	v := d.byID[id]
	if v != nil && len(d.byName[strings.ToLower(strings.TrimSpace(d.name(v)))]) == 1 {
		return d.name(v)
	}
	return strconv.FormatInt(id, 10)
}

// references are the customers and facilities load rows refer to.
type references struct {
	customers  *directory[tms.Customer]
	facilities *directory[tms.Facility]
}

func loadReferences(ctx context.Context, s tms.Store) (*references, error) {
	c, err := newDirectory(ctx, s, customers, "customer", func(c *tms.Customer) string { return c.Name })
	if err != nil {
		return nil, err
	}
	f, err := newDirectory(ctx, s, facilities, "facility", func(f *tms.Facility) string { return f.Name })
	return &references{c, f}, err
}

// input turns a row into what dispatch books, reporting references that find nothing.
func (refs *references) input(r *LoadRow, line int) (dispatch.LoadInput, []RowError) {
	in := r.Input
	var errs []RowError
	check := func(col, problem string) {
		if problem != "" {
			errs = append(errs, RowError{line, col, problem})
		}
	}
	var problem string
	in.CustomerID, problem = refs.customers.resolve(r.Customer)
	check("customer", problem)
	in.Stops = make([]dispatch.StopInput, 2)
	for i, s := range []StopRow{r.Pickup, r.Delivery} {
		kind := []tms.StopKind{tms.StopPickup, tms.StopDelivery}[i]
		in.Stops[i] = dispatch.StopInput{Kind: kind, AppointmentStart: s.Start, AppointmentEnd: s.End, References: s.References}
		in.Stops[i].FacilityID, problem = refs.facilities.resolve(s.Facility)
		check(string(kind)+"_facility", problem)
	}
	return in, errs
}

// row is a stored load as a CSV row: the first stop as the pickup, the last as the delivery.
func (refs *references) row(l *tms.Load) *LoadRow {
	r := &LoadRow{ID: l.ID, Number: l.Number, Status: l.Status, Customer: refs.customers.ref(l.CustomerID),
		Input: dispatch.LoadInput{References: l.References, Commodity: l.Commodity, WeightLb: l.WeightLb,
			Pieces: l.Pieces, EquipmentType: l.EquipmentType, TempMinF: l.TempMinF, TempMaxF: l.TempMaxF,
			Hazmat: l.Hazmat, Charges: l.Charges, Notes: l.Notes}}
	if l.MilesManual {
		r.Input.PlannedMiles = &l.PlannedMiles
	}
	if len(l.Stops) > 0 {
		r.Pickup, r.Delivery = refs.stop(l.Stops[0]), refs.stop(l.Stops[len(l.Stops)-1])
	}
	return r
}

func (refs *references) stop(s tms.Stop) StopRow {
	loc := time.UTC
	if f := refs.facilities.byID[s.FacilityID]; f != nil {
		loc = f.Location()
	}
	return StopRow{Facility: refs.facilities.ref(s.FacilityID), References: s.References,
		Start: s.AppointmentStart.In(loc).Format(localTime), End: s.AppointmentEnd.In(loc).Format(localTime)}
}
