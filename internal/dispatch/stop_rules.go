package dispatch

import (
	"context"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// clockSkew is how far ahead of the server a reported time may be (a phone's clock runs fast).
const clockSkew = 2 * time.Minute

// stopRules are the stop-event rules for events reported by a person (office or driver):
// a driver reports only on their own load; a time is not in the future nor before the load
// was dispatched; a stop has one arrival and one departure (CorrectStop changes them).
// GPS events are judged by the geofence and pass (rules.none).
type stopRules struct {
	none         bool
	actor        tms.Actor
	now          time.Time
	dispatchedAt time.Time
}

// personRules reads what the rules need before the load's transaction: when it was dispatched.
func (s *Service) personRules(ctx context.Context, loadID int64, ev StopEvent) (stopRules, error) {
	if ev.Source == tms.SourceGPS {
		return stopRules{none: true}, nil
	}
	at, err := s.dispatchedAt(ctx, loadID)
	return stopRules{actor: tms.ActorFrom(ctx), now: time.Now(), dispatchedAt: at}, err
}

// dispatchedAt is the time of the load's latest move to dispatched (zero: never).
func (s *Service) dispatchedAt(ctx context.Context, loadID int64) (time.Time, error) {
	events, err := s.Store.LoadEvents(ctx, loadID)
	var at time.Time
	for _, e := range events {
		if e.Type == tms.EventStatus && e.ToStatus == tms.StatusDispatched && e.At.After(at) {
			at = e.At
		}
	}
	return at, err
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
		return tms.Errorf(tms.CodeConflict, "stop %d already has its arrival (%s); correct it with a reason instead", stop.Seq, stop.ArrivedAt.UTC().Format(time.RFC3339))
	case !ev.Arriving && stop.DepartedAt != nil:
		return tms.Errorf(tms.CodeConflict, "stop %d already has its departure (%s); correct it with a reason instead", stop.Seq, stop.DepartedAt.UTC().Format(time.RFC3339))
	}
	if p := r.timeProblem(ev.At); p != "" {
		return fieldError("at", p)
	}
	return nil
}

// timeProblem says what is wrong with a reported time: in the future or before the load
// was dispatched ("" = nothing).
func (r stopRules) timeProblem(at time.Time) string {
	switch {
	case at.After(r.now.Add(clockSkew)):
		return "cannot be in the future"
	case !r.dispatchedAt.IsZero() && at.Before(r.dispatchedAt):
		return "cannot be before the load was dispatched (" + r.dispatchedAt.UTC().Format(time.RFC3339) + ")"
	}
	return ""
}
