package dispatch

import (
	"context"
	"fmt"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// clockSkew is how far ahead of the server a reported time may be (a phone's clock runs fast).
const clockSkew = 2 * time.Minute

// MaxTruckMPH is the fastest average speed a truck is believed to make between two stops;
// recorded times implying more are refused unless overridden with a reason.
const MaxTruckMPH = 70

// sameSiteMiles is how close two stops are for the drive between them not to be judged.
const sameSiteMiles = 1

// stopRules are the stop-event rules for events reported by a person (office or driver):
// a driver reports only on their own load; a time is not in the future nor before the load
// was dispatched; a stop has one arrival and one departure (CorrectStop changes them); the
// times between stops leave time to drive (travelProblem, overridable with a reason).
// GPS events are judged by the geofence and pass (rules.none).
type stopRules struct {
	none         bool
	actor        tms.Actor
	now          time.Time
	dispatchedAt time.Time
	facilities   map[int64]tms.Facility // the load's stops' facilities, for distances and zones
}

// personRules reads what the rules need before the load's transaction: when it was
// dispatched and where its stops are.
func (s *Service) personRules(ctx context.Context, loadID int64, ev StopEvent) (stopRules, error) {
	if ev.Source == tms.SourceGPS {
		return stopRules{none: true}, nil
	}
	r := stopRules{actor: tms.ActorFrom(ctx), now: time.Now(), facilities: map[int64]tms.Facility{}}
	l, err := s.Store.Load(ctx, loadID)
	if err != nil {
		return r, err
	}
	for _, st := range l.Stops {
		if r.facilities[st.FacilityID], err = s.Store.Facility(ctx, st.FacilityID); err != nil {
			return r, err
		}
	}
	r.dispatchedAt, err = s.dispatchedAt(ctx, loadID)
	return r, err
}

// dispatchedAt is the time of the load's latest move to dispatched (zero: never).
func (s *Service) dispatchedAt(ctx context.Context, loadID int64) (time.Time, error) {
	events, err := s.Store.LoadEvents(ctx, loadID)
	e, _ := LatestMove(events, tms.StatusDispatched)
	return e.At, err
}

// LatestMove is the newest status change among events to status; ok is false when there is none.
func LatestMove(events []tms.LoadEvent, to tms.LoadStatus) (e tms.LoadEvent, ok bool) {
	for _, ev := range events {
		if ev.Type == tms.EventStatus && ev.ToStatus == to && (!ok || !ev.At.Before(e.At)) {
			e, ok = ev, true
		}
	}
	return e, ok
}

func (r stopRules) check(l tms.Load, i int, ev StopEvent) error {
	if r.none {
		return nil
	}
	if !VisibleTo(r.actor, l) {
		return tms.Errorf(tms.CodeForbidden, "this load is not assigned to you")
	}
	stop := l.Stops[i]
	switch {
	case ev.Point != nil && !ev.Point.Valid():
		return fieldError("location", "must be a valid latitude and longitude")
	case ev.Arriving && stop.ArrivedAt != nil:
		return tms.Errorf(tms.CodeConflict, "stop %d already has its arrival (%s); correct it with a reason instead", stop.Seq, r.local(stop, *stop.ArrivedAt))
	case !ev.Arriving && stop.DepartedAt != nil:
		return tms.Errorf(tms.CodeConflict, "stop %d already has its departure (%s); correct it with a reason instead", stop.Seq, r.local(stop, *stop.DepartedAt))
	}
	if p := r.timeProblem(stop, ev.At); p != "" {
		return fieldError("at", p)
	}
	return nil
}

// timeProblem says what is wrong with a time reported at stop: in the future or before the
// load was dispatched ("" = nothing).
func (r stopRules) timeProblem(stop tms.Stop, at time.Time) string {
	switch {
	case at.After(r.now.Add(clockSkew)):
		return "cannot be in the future"
	case !r.dispatchedAt.IsZero() && at.Before(r.dispatchedAt):
		return "cannot be before the load was dispatched (" + r.local(stop, r.dispatchedAt) + ")"
	}
	return ""
}

// local shows t in the zone of stop's facility.
func (r stopRules) local(stop tms.Stop, t time.Time) string {
	return FormatLocal(t, r.facilities[stop.FacilityID].Location())
}

// travelProblem says why recording ev at stop i of l would leave too little time to drive
// from the stop before (its last recorded time) or to the stop after (its arrival): faster
// than MaxTruckMPH on the great circle, or backwards in time ("" = plausible). A driver's
// tap at the dock is live and has no override: the office corrects the stop before instead.
func (r stopRules) travelProblem(l tms.Load, i int, ev StopEvent) string {
	if r.none || r.actor.Role == tms.RoleDriver {
		return ""
	}
	at := ev.At.UTC()
	if ev.Arriving {
		for j := i - 1; j >= 0; j-- {
			if last := lastTime(l.Stops[j]); last != nil {
				return r.legProblem(l.Stops[j], *last, l.Stops[i], at)
			}
		}
		return ""
	}
	for j := i + 1; j < len(l.Stops); j++ {
		if next := l.Stops[j].ArrivedAt; next != nil {
			return r.legProblem(l.Stops[i], at, l.Stops[j], *next)
		}
	}
	return ""
}

// lastTime is the latest time recorded at a stop: its departure, else its arrival.
func lastTime(s tms.Stop) *time.Time {
	if s.DepartedAt != nil {
		return s.DepartedAt
	}
	return s.ArrivedAt
}

// legProblem judges the drive from stop a, left at left, to stop b, reached at reached.
func (r stopRules) legProblem(a tms.Stop, left time.Time, b tms.Stop, reached time.Time) string {
	from, to := r.facilities[a.FacilityID], r.facilities[b.FacilityID]
	miles := tms.MetersToMiles(tms.DistanceMeters(from.Point(), to.Point()))
	hours := reached.Sub(left).Hours()
	switch {
	case hours < 0:
		return fmt.Sprintf("stop %d (%s) at %s is before stop %d (%s) at %s", b.Seq, to.Name, r.local(b, reached), a.Seq, from.Name, r.local(a, left))
	case miles >= sameSiteMiles && miles > MaxTruckMPH*hours:
		return fmt.Sprintf("%s to %s is %.0f miles in %s (stop %d at %s, stop %d at %s): faster than a truck drives (%d mph)",
			from.Name, to.Name, miles, reached.Sub(left).Round(time.Minute), a.Seq, r.local(a, left), b.Seq, r.local(b, reached), MaxTruckMPH)
	}
	return ""
}
