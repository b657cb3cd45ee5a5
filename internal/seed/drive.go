package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// span is a time a driver, truck or trailer is taken.
type span struct{ from, to time.Time }

// scheduler hands out drivers, trucks and trailers so that no two loads share one at once.
type scheduler struct {
	f    *fleet
	busy map[string][]span
}

func (s *scheduler) free(key string, from, to time.Time) bool {
	for _, b := range s.busy[key] {
		if from.Before(b.to) && b.from.Before(to) {
			return false
		}
	}
	return true
}

// pick returns the first item ok accepts, starting at start so work spreads over the fleet.
func pick[T any](items []T, start int, ok func(T) bool) (T, bool) {
	for k := range items {
		if v := items[(start+k)%len(items)]; ok(v) {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// assign books an active driver whose CDL and medical card outlast the load, an active truck
// and an active trailer of the load's type, all free from pickup to four hours after delivery.
func (s *scheduler) assign(t trip, l tms.Load) (tms.Assignment, error) {
	from, to, equipment := t.pickup, t.end().Add(4*time.Hour), l.EquipmentType
	d, okD := pick(s.f.drivers, t.i, func(d tms.Driver) bool {
		return d.Status == tms.DriverActive && !d.MedicalCardExpiry.Before(t.end()) && !d.CDLExpiry.Before(t.end()) &&
			(l.Hazmat == nil || d.HazmatEndorsed()) &&
			s.free(fmt.Sprint("driver", d.ID), from, to)
	})
	tr, okT := pick(s.f.trucks, t.i, func(v tms.Truck) bool {
		return v.Status == tms.EquipmentActive && s.free(fmt.Sprint("truck", v.ID), from, to)
	})
	tl, okL := pick(s.f.trailers, t.i, func(v tms.Trailer) bool {
		return v.Status == tms.EquipmentActive && v.Type == equipment && s.free(fmt.Sprint("trailer", v.ID), from, to)
	})
	if !okD || !okT || !okL {
		return tms.Assignment{}, fmt.Errorf("demo load %d: no free driver, truck and %s trailer", t.i, equipment)
	}
	for _, key := range []string{fmt.Sprint("driver", d.ID), fmt.Sprint("truck", tr.ID), fmt.Sprint("trailer", tl.ID)} {
		s.busy[key] = append(s.busy[key], span{from, to})
	}
	return tms.Assignment{DriverID: &d.ID, TruckID: &tr.ID, TrailerID: &tl.ID}, nil
}

// loadBooker books the demo loads through dispatch and files their paperwork.
type loadBooker struct {
	svc       *dispatch.Service
	docs      Paperwork
	sched     *scheduler
	documents int
	booked    []booked
}

// booked is a demo load as planned and as assigned.
type booked struct {
	trip
	load tms.Load
}

// addLoads books every planned load and moves it to its status.
func (b *loadBooker) addLoads(ctx context.Context, now time.Time) (int, error) {
	for i, p := range loadPlans {
		if err := b.run(ctx, newTrip(i, p, b.sched.f, now)); err != nil {
			return i, fmt.Errorf("demo load %d (%s): %w", i, p.status, err)
		}
	}
	return len(loadPlans), nil
}

// run books a trip and takes it to its status as its people and trucks would have.
func (b *loadBooker) run(ctx context.Context, t trip) error {
	l, err := b.book(ctx, t)
	if err != nil {
		return err
	}
	if err := b.recordStops(ctx, t, l); err != nil {
		return err
	}
	if err := b.paperwork(ctx, t, l); err != nil {
		return err
	}
	if err := checkCall(ctx, b.svc, t, l); err != nil {
		return err
	}
	for _, to := range t.manualMoves() {
		if _, err := b.svc.SetStatus(ctx, l.ID, to, moveNotes[to], 0); err != nil {
			return err
		}
	}
	b.booked = append(b.booked, booked{t, l})
	return nil
}

// book creates the load and, when the plan says so, dispatches it.
func (b *loadBooker) book(ctx context.Context, t trip) (tms.Load, error) {
	l, err := b.svc.CreateLoad(ctx, t.input(b.sched.f))
	if err != nil || !t.assigned() {
		return l, err
	}
	a, err := b.sched.assign(t, l)
	if err != nil {
		return l, err
	}
	return b.svc.Assign(ctx, l.ID, dispatch.AssignInput{Assignment: a})
}

// recordStops reports the trip's arrivals and departures as the GPS geofence would.
func (b *loadBooker) recordStops(ctx context.Context, t trip, l tms.Load) error {
	for _, e := range t.stopEvents() {
		ev := dispatch.StopEvent{Arriving: e.arriving, At: e.at, Source: tms.SourceGPS}
		if _, _, err := b.svc.RecordStop(ctx, l.ID, l.Stops[e.stop].ID, ev); err != nil {
			return err
		}
	}
	return nil
}

type stopEvent struct {
	stop     int
	arriving bool
	at       time.Time
}

// stopEvents are the recorded arrivals and departures: all four for a delivered load; at the
// pickup dock, or rolling from it, for a load in transit.
func (t trip) stopEvents() []stopEvent {
	if !t.rolled() {
		return nil
	}
	pa := t.pickup.Add(time.Duration(t.i%3*10-15) * time.Minute)
	ev := []stopEvent{{0, true, pa}}
	if t.status == tms.StatusInTransit && t.i%5 >= 3 {
		return ev
	}
	ev = append(ev, stopEvent{0, false, pa.Add(time.Duration(70+t.i%2*35) * time.Minute)})
	if !t.completed() {
		return ev
	}
	da := t.delivery.Add(time.Duration(t.i%4*10-20) * time.Minute)
	dwell := 85 * time.Minute
	if t.detained() {
		dwell = 220 * time.Minute
	}
	return append(ev, stopEvent{1, true, da}, stopEvent{1, false, da.Add(dwell)})
}

// checkCall reports a rolling load halfway down its lane.
func checkCall(ctx context.Context, svc *dispatch.Service, t trip, l tms.Load) error {
	if t.status != tms.StatusInTransit || len(t.stopEvents()) < 2 {
		return nil
	}
	mid := tms.Point{Lat: (t.origin.Lat + t.dest.Lat) / 2, Lon: (t.origin.Lon + t.dest.Lon) / 2}
	_, err := svc.AddCheckCall(ctx, l.ID, dispatch.CheckCall{Point: &mid,
		Location: "en route to " + t.dest.Address.City + ", " + t.dest.Address.State, Note: "Rolling, on schedule"})
	return err
}

// manualMoves are the status changes a person makes after the stops. Invoiced and paid loads
// stop at delivered: invoicing and payments move them on (invoices.go).
func (t trip) manualMoves() []tms.LoadStatus {
	return map[tms.LoadStatus][]tms.LoadStatus{
		tms.StatusCancelled: {tms.StatusCancelled},
		tms.StatusOnHold:    {tms.StatusOnHold},
	}[t.status]
}

var moveNotes = map[tms.LoadStatus]string{
	tms.StatusCancelled: "customer cancelled the order",
	tms.StatusOnHold:    "customer asked to hold; appointment to be rescheduled",
}
