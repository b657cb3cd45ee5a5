package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/anditms/tms/internal/dispatch"

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

// assignChoices are the active drivers, trucks and trailers a load can be given, each
// labelled with its availability: the load it is on and until when, a driver's expiring
// documents, a truck's last GPS fix and its age.
type assignChoices struct {
	Drivers, Trucks, Trailers []option
	trailerTypes              map[string]string // trailer option value -> trailer type
}

// trailersFor are the trailers that fit load v's equipment, and the one it has.
func (c assignChoices) trailersFor(v loadView) []option {
	var out []option
	for _, o := range c.Trailers {
		if dispatch.TrailerFits(v.EquipmentType, c.trailerTypes[o.Value]) || (v.TrailerID != nil && o.Value == strconv.FormatInt(*v.TrailerID, 10)) {
			out = append(out, o)
		}
	}
	return out
}

func (u *UI) assignChoices(ctx context.Context, lk *lookup) (assignChoices, error) {
	a, err := readAssignables(ctx, lk)
	if err != nil {
		return assignChoices{}, err
	}
	on, err := u.onLoads(ctx, lk)
	if err != nil {
		return assignChoices{}, err
	}
	return u.choicesOf(ctx, a, on)
}

// assignables are the active drivers, trucks and trailers.
type assignables struct {
	drivers  []tms.Driver
	trucks   []tms.Truck
	trailers []tms.Trailer
}

// readAssignables reads the active drivers, trucks and trailers; the lookup remembers them
// for the page's load views.
func readAssignables(ctx context.Context, lk *lookup) (assignables, error) {
	var a assignables
	var err error
	if a.drivers, err = lk.activeDrivers(ctx); err != nil {
		return a, err
	}
	if a.trucks, err = lk.activeTrucks(ctx); err != nil {
		return a, err
	}
	if a.trailers, err = all(ctx, lk.store.ListTrailers, string(tms.EquipmentActive)); err != nil {
		return a, err
	}
	lk.RememberTrailers(a.trailers)
	return a, nil
}

// choicesOf labels the assignables with what they are on (on) and the trucks' last fixes.
func (u *UI) choicesOf(ctx context.Context, a assignables, on holders) (assignChoices, error) {
	c := assignChoices{trailerTypes: map[string]string{}}
	seen, err := u.lastFixes(ctx, a.trucks)
	if err != nil {
		return c, err
	}
	now := time.Now()
	for _, d := range a.drivers {
		c.Drivers = append(c.Drivers, idOption(d.ID, availability(d.Name, append([]string{on.drivers[d.ID]}, expiryProblems(d, now)...)...)))
	}
	for _, t := range a.trucks {
		c.Trucks = append(c.Trucks, idOption(t.ID, availability(t.UnitNumber, on.trucks[t.ID], seen[t.ID])))
	}
	for _, t := range a.trailers {
		o := idOption(t.ID, availability(t.UnitNumber+" ("+label(t.Type)+")", on.trailers[t.ID]))
		c.Trailers, c.trailerTypes[o.Value] = append(c.Trailers, o), t.Type
	}
	return c, nil
}

// holders are, by id, what each driver, truck and trailer is on: "on L-000024 until Dec 9 10:00 CST".
type holders struct{ drivers, trucks, trailers map[int64]string }

// holdingStatuses are the statuses in which a load holds its driver, truck and trailer.
var holdingStatuses = []tms.LoadStatus{tms.StatusDispatched, tms.StatusInTransit}

// onLoads reads the dispatched and in-transit loads and who and what they hold: their
// summaries (number, status, assignment, stops) are all holdersOf reads.
func (u *UI) onLoads(ctx context.Context, lk *lookup) (holders, error) {
	loads, err := u.loadSummaries(ctx, true, tms.LoadFilter{Statuses: holdingStatuses})
	if err != nil {
		return holders{}, err
	}
	views, err := lk.views(ctx, loads)
	return holdersOf(views), err
}

// holdersOf is who and what the dispatched and in-transit loads among views hold.
func holdersOf(views []loadView) holders {
	h := holders{map[int64]string{}, map[int64]string{}, map[int64]string{}}
	for _, v := range views {
		if !slices.Contains(holdingStatuses, v.Status) {
			continue
		}
		last := v.Last()
		note := "on " + v.Number + " until " + dispatch.FormatLocal(last.AppointmentEnd, zone(last.tz()))
		for _, held := range []struct {
			by map[int64]string
			id *int64
		}{{h.drivers, v.DriverID}, {h.drivers, v.CoDriverID}, {h.trucks, v.TruckID}, {h.trailers, v.TrailerID}} {
			if held.id != nil {
				held.by[*held.id] = note
			}
		}
	}
	return h
}

// lastFixes words the newest GPS fix of each truck: "last fix 12 min ago".
func (u *UI) lastFixes(ctx context.Context, trucks []tms.Truck) (map[int64]string, error) {
	ids := make([]int64, len(trucks))
	for i, t := range trucks {
		ids[i] = t.ID
	}
	fixes, err := u.store.TruckPositions(ctx, ids)
	newest := map[int64]time.Time{}
	for _, p := range fixes {
		if p.TruckID != nil && p.FixTime.After(newest[*p.TruckID]) {
			newest[*p.TruckID] = p.FixTime
		}
	}
	out := make(map[int64]string, len(newest))
	for id, at := range newest {
		out[id] = "last fix " + ago(at)
	}
	return out, err
}

// availability is a picker label: the name, then every note there is.
func availability(name string, notes ...string) string {
	kept := slices.DeleteFunc(notes, func(n string) bool { return n == "" })
	if len(kept) == 0 {
		return name
	}
	return name + " — " + strings.Join(kept, "; ")
}
