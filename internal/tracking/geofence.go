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

// geofenceLoop evaluates committed positions in commit order. Batches that queued up while
// it was busy are evaluated together: their loads and states are read once, not per batch
// (each device's fixes are judged in fix-time order either way).
func (s *Service) geofenceLoop() {
	defer s.wg.Done()
	for ps := range s.geofence {
		ps, n := s.coalesce(ps)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		if err := s.evaluate(ctx, ps); err != nil {
			slog.Error("geofence evaluation", "err", err)
		}
		cancel()
		s.busy.Add(-int64(n))
	}
}

// maxCoalesce bounds the positions evaluated at once.
const maxCoalesce = 4 * maxBatch

// coalesce appends the batches queued behind ps, in order, and returns how many it holds.
func (s *Service) coalesce(ps []tms.Position) ([]tms.Position, int) {
	n := 1
	for len(ps) < maxCoalesce {
		select {
		case more, ok := <-s.geofence:
			if !ok {
				return ps, n
			}
			ps, n = append(slices.Clip(ps), more...), n+1
		default:
			return ps, n
		}
	}
	return ps, n
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
		events, rest, err := s.judgeDevice(ctx, device, fence{l, l.Stops[next], fac}, fixes)
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

// fence is the stop a device's fixes are judged against.
type fence struct {
	load     tms.Load
	stop     tms.Stop
	facility tms.Facility
}

// judgeDevice judges the fixes first on an unlocked read of the device's state: most fixes
// (en route, or parked inside the fence) change nothing but the newest fix time, and then
// nothing is written. Otherwise it judges them again under the database's per-device lock and
// stores the state. It returns the decided events and the fixes left for the stop after a
// departure.
func (s *Service) judgeDevice(ctx context.Context, device int64, f fence, fixes []tms.Position) ([]stopEvent, []tms.Position, error) {
	g, err := s.store.GeofenceState(ctx, device)
	if err != nil {
		return nil, nil, err
	}
	before := g
	if events, rest := judge(&g, f, fixes); len(events) == 0 && len(rest) == 0 && unchanged(before, g) {
		return nil, nil, nil
	}
	var events []stopEvent
	var rest []tms.Position
	err = s.store.UpdateGeofence(ctx, device, func(g *tms.GeofenceState) error {
		events, rest = judge(g, f, fixes)
		return nil
	})
	return events, rest, err
}

// judge runs the fixes through g, watching the fence's stop, and returns the events and the
// fixes left once the stop is departed. Fixes older than the newest one judged are skipped.
func judge(g *tms.GeofenceState, f fence, fixes []tms.Position) ([]stopEvent, []tms.Position) {
	var events []stopEvent
	watch(g, f.load, f.stop)
	for i, p := range fixes {
		if !p.FixTime.After(g.LastFix) {
			continue // an older fix than one already judged: stored, not judged
		}
		if g.Phase == tms.GeofenceDone {
			return events, fixes[i:]
		}
		g.LastFix = p.FixTime
		if ev, ok := step(g, p, tms.DistanceMeters(f.facility.Point(), p.Point()), radius(f.facility)); ok {
			events = append(events, ev)
		}
	}
	return events, nil
}

// unchanged reports whether judging left the state as it was but for the newest fix time,
// which then is not stored: a fix older than it that arrives later is judged instead of
// skipped, as good a sample of a run inside or outside the fence as any.
func unchanged(before, after tms.GeofenceState) bool {
	before.LastFix, after.LastFix = time.Time{}, time.Time{}
	return before == after
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
