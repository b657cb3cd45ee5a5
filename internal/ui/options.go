package ui

import (
	"context"
	"strconv"

	"github.com/anditms/tms/internal/tms"
)

// option is one choice of a select: the submitted value and what people read; TZ, for a
// facility, is its time zone (the load form shows it next to the appointment inputs).
type option struct{ Value, Label, TZ string }

func idOption(id int64, label string) option {
	return option{Value: strconv.FormatInt(id, 10), Label: label}
}

// all lists up to tms.MaxPageSize records of a master-data kind with status ("" = any).
func all[T any](ctx context.Context, list func(context.Context, tms.MasterFilter) (tms.Page[T], error), status string) ([]T, error) {
	page, err := list(ctx, tms.MasterFilter{Status: status, Page: tms.PageRequest{Limit: tms.MaxPageSize}})
	return page.Items, err
}

// customerOptions are the active customers by name.
func (lk *lookup) customerOptions(ctx context.Context) ([]option, error) {
	cs, err := all(ctx, lk.store.ListCustomers, "active")
	lk.RememberCustomers(cs)
	out := make([]option, len(cs))
	for i, c := range cs {
		out[i] = idOption(c.ID, c.Name)
	}
	return out, err
}

// assignChoices are the active drivers, trucks and trailers a load can be given.
type assignChoices struct {
	Drivers, Trucks, Trailers []option
}

func (lk *lookup) assignChoices(ctx context.Context) (assignChoices, error) {
	var c assignChoices
	ds, err := all(ctx, lk.store.ListDrivers, string(tms.DriverActive))
	if err != nil {
		return c, err
	}
	lk.RememberDrivers(ds)
	for _, d := range ds {
		c.Drivers = append(c.Drivers, idOption(d.ID, d.Name))
	}
	ts, err := all(ctx, lk.store.ListTrucks, string(tms.EquipmentActive))
	if err != nil {
		return c, err
	}
	lk.RememberTrucks(ts)
	for _, t := range ts {
		c.Trucks = append(c.Trucks, idOption(t.ID, t.UnitNumber))
	}
	trs, err := all(ctx, lk.store.ListTrailers, string(tms.EquipmentActive))
	lk.RememberTrailers(trs)
	for _, t := range trs {
		c.Trailers = append(c.Trailers, idOption(t.ID, t.UnitNumber+" ("+label(t.Type)+")"))
	}
	return c, err
}
