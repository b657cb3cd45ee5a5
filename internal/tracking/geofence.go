package tracking

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// Geofence rules: arrival after this many consecutive fixes inside the facility radius (or
// a fix inside followed by this long without leaving the exit radius); departure after this
// many consecutive fixes outside the exit radius, ExitFactor times the arrival radius. Fixes
// between the two radii change nothing, so jitter at the fence edge makes no events.
const (
	ArriveFixes = 2
	ArriveAfter = 2 * time.Minute
	DepartFixes = 2
	ExitFactor  = 1.5
)

// stopEvent is an arrival or departure decided by the geofence.
type stopEvent struct {
	stopID   int64
	arriving bool
	at       time.Time
	point    tms.Point
}

// step advances the state g by one fix at distance meters from a facility of radius r and
// returns the event it completes, if any.
func step(g *tms.GeofenceState, f tms.Position, meters, r float64) (stopEvent, bool) {
	inside, outside := meters <= r, meters > r*ExitFactor
	switch g.Phase {
	case tms.GeofenceArrival:
		return arrive(g, f, inside, outside)
	case tms.GeofenceDeparture:
		return depart(g, f, inside, outside)
	}
	return stopEvent{}, false
}

func arrive(g *tms.GeofenceState, f tms.Position, inside, outside bool) (stopEvent, bool) {
	if outside {
		g.Inside = 0
	}
	if inside {
		countRun(&g.Inside, &g.FirstInside, f.FixTime)
	}
	if g.Inside < ArriveFixes && (g.Inside == 0 || f.FixTime.Sub(g.FirstInside) < ArriveAfter) {
		return stopEvent{}, false
	}
	g.Phase, g.Inside, g.Outside = tms.GeofenceDeparture, 0, 0
	return stopEvent{stopID: g.StopID, arriving: true, at: g.FirstInside, point: f.Point()}, true
}

func depart(g *tms.GeofenceState, f tms.Position, inside, outside bool) (stopEvent, bool) {
	if inside {
		g.Outside = 0
	}
	if outside {
		countRun(&g.Outside, &g.FirstOutside, f.FixTime)
	}
	if g.Outside < DepartFixes {
		return stopEvent{}, false
	}
	g.Phase = tms.GeofenceDone
	return stopEvent{stopID: g.StopID, at: g.FirstOutside, point: f.Point()}, true
}

// countRun extends a run of consecutive fixes, remembering when it started.
func countRun(n *int, first *time.Time, at time.Time) {
	if *n == 0 {
		*first = at
	}
	*n++
}

// watch points g at the load's next stop, keeping its memory when it already watches it:
// the state may be ahead of the load (an event decided but not yet recorded).
func watch(g *tms.GeofenceState, l tms.Load, stop tms.Stop) {
	if g.LoadID == l.ID && g.StopID == stop.ID {
		return
	}
	g.LoadID, g.StopID, g.Inside, g.Outside = l.ID, stop.ID, 0, 0
	g.FirstInside, g.FirstOutside = time.Time{}, time.Time{}
	g.Phase = tms.GeofenceArrival
	if stop.Status == tms.StopArrived {
		g.Phase = tms.GeofenceDeparture
	}
}

// geofenceLoop evaluates committed positions batch by batch, in commit order.
func (s *Service) geofenceLoop() {
	defer s.wg.Done()
	for ps := range s.geofence {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		if err := s.evaluate(ctx, ps); err != nil {
			slog.Error("geofence evaluation", "err", err)
		}
		cancel()
		s.busy.Add(-1)
	}
}

// evaluate checks the fixes of trucks on dispatched or in-transit loads against their next stop.
func (s *Service) evaluate(ctx context.Context, ps []tms.Position) error {
	byDevice := map[int64][]tms.Position{}
	var trucks []int64
	for _, p := range ps {
		if p.TruckID == nil {
			continue
		}
		if _, seen := byDevice[p.DeviceID]; !seen && !slices.Contains(trucks, *p.TruckID) {
			trucks = append(trucks, *p.TruckID)
		}
		byDevice[p.DeviceID] = append(byDevice[p.DeviceID], p)
	}
	if len(trucks) == 0 {
		return nil
	}
	loads, err := s.store.TrackedLoads(ctx, trucks)
	if err != nil || len(loads) == 0 {
		return err
	}
	for device, fixes := range byDevice {
		i := slices.IndexFunc(loads, func(l tms.Load) bool { return l.TruckID != nil && *l.TruckID == *fixes[0].TruckID })
		if i < 0 {
			continue
		}
		slices.SortFunc(fixes, func(a, b tms.Position) int { return a.FixTime.Compare(b.FixTime) })
		if err := s.evaluateDevice(ctx, device, loads[i], fixes); err != nil {
			return err
		}
	}
	return nil
}

// evaluateDevice runs one device's fixes (in fix-time order) through the geofence of the
// load's next stop. When a stop is departed the load is read again and the remaining fixes
// are checked against the stop after it.
func (s *Service) evaluateDevice(ctx context.Context, device int64, l tms.Load, fixes []tms.Position) error {
	for len(fixes) > 0 {
		next := l.NextStop()
		if next < 0 {
			return nil
		}
		fac, err := s.facility(ctx, l.Stops[next].FacilityID)
		if err != nil {
			return err
		}
		var events []stopEvent
		var rest []tms.Position
		err = s.store.UpdateGeofence(ctx, device, func(g *tms.GeofenceState) error {
			events, rest = nil, nil
			watch(g, l, l.Stops[next])
			for i, f := range fixes {
				if !f.FixTime.After(g.LastFix) {
					continue // an older fix than one already judged: stored, not judged
				}
				if g.Phase == tms.GeofenceDone {
					rest = fixes[i:]
					break
				}
				g.LastFix = f.FixTime
				if ev, ok := step(g, f, tms.DistanceMeters(fac.Point(), f.Point()), radius(fac)); ok {
					events = append(events, ev)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if l, err = s.record(ctx, l, events); err != nil || len(rest) == len(fixes) {
			return err
		}
		fixes = rest
	}
	return nil
}

func radius(f tms.Facility) float64 {
	if f.GeofenceMeters > 0 {
		return float64(f.GeofenceMeters)
	}
	return tms.DefaultGeofenceMeters
}

func (s *Service) facility(ctx context.Context, id int64) (tms.Facility, error) {
	return s.facilities.get(id, s.now(), func() (tms.Facility, error) { return s.store.Facility(ctx, id) })
}

// record applies the decided events through dispatch (idempotent for GPS: a second
// instance's identical decision changes nothing) and returns the load as it is now.
func (s *Service) record(ctx context.Context, l tms.Load, events []stopEvent) (tms.Load, error) {
	ctx = tms.WithActor(ctx, tms.Actor{Source: tms.SourceGPS, Email: "gps"})
	for _, ev := range events {
		pt := ev.point
		updated, changed, err := s.dispatch.RecordStop(ctx, l.ID, ev.stopID, dispatch.StopEvent{
			Arriving: ev.arriving, At: ev.at, Point: &pt, Source: tms.SourceGPS})
		if tms.ErrorCode(err) == tms.CodeConflict {
			slog.Warn("geofence stop event refused", "load", l.ID, "stop", ev.stopID, "err", err)
			continue
		}
		if err != nil {
			return l, err
		}
		l = updated
		if changed {
			s.metrics.stops.WithLabelValues(map[bool]string{true: "arrival", false: "departure"}[ev.arriving]).Inc()
		}
	}
	return l, nil
}
