package dispatch

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// StopEvent reports a truck arriving at or departing from a stop.
type StopEvent struct {
	At    time.Time  `json:"at"`                 // zero = now
	Point *tms.Point `json:"location,omitempty"` // where it was reported
	Note  string     `json:"note,omitempty"`
	// Override records a time that leaves too little time to drive between stops; Reason
	// says why it is right and goes on the timeline.
	Override bool       `json:"override,omitempty"`
	Reason   string     `json:"reason,omitempty"`
	Source   tms.Source `json:"-"`
	Arriving bool       `json:"-"`
}

// RecordStop marks a stop arrived or departed and moves the load along: the first pickup
// arrival makes a dispatched load in transit, the last delivery's departure delivers it.
// A GPS report for a stop already past that point changes nothing (re-sent fixes are
// harmless). A person's report follows the stop-event rules (personRules); changing a
// recorded time is CorrectStop's job.
func (s *Service) RecordStop(ctx context.Context, loadID, stopID int64, ev StopEvent) (tms.Load, bool, error) {
	if err := ev.checkOverride(); err != nil {
		return tms.Load{}, false, err
	}
	rules, err := s.personRules(ctx, loadID, ev)
	if err != nil {
		return tms.Load{}, false, err
	}
	changed := false
	l, err := s.Store.UpdateLoad(ctx, loadID, func(tx tms.LoadTx, l *tms.Load) (err error) {
		changed, err = recordStopTx(ctx, tx, l, stopID, ev, rules)
		return err
	})
	if errors.Is(err, errUnchanged) {
		l, err = s.Store.Load(ctx, loadID)
		return l, false, err
	}
	return l, changed, err
}

// RecordStopTx is RecordStop inside a load update that may do more (the geofence records its
// decisions with the device's cursor). A GPS event that changes nothing is errUnchanged.
func RecordStopTx(ctx context.Context, tx tms.LoadTx, l *tms.Load, stopID int64, ev StopEvent) (bool, error) {
	return recordStopTx(ctx, tx, l, stopID, ev, stopRules{none: true})
}

// recordStopTx records the event after the rules for its reporter (none for GPS) admit it,
// and queues the customer notifications it causes with it.
func recordStopTx(ctx context.Context, tx tms.LoadTx, l *tms.Load, stopID int64, ev StopEvent, rules stopRules) (bool, error) {
	if ev.At.IsZero() {
		ev.At = time.Now()
	}
	i := l.StopIndex(stopID)
	if i < 0 {
		return false, tms.NotFound("stop", stopID)
	}
	if l.Status != tms.StatusDispatched && l.Status != tms.StatusInTransit && l.Status != tms.StatusDelivered {
		return false, tms.Errorf(tms.CodeConflict, "stops of a %s load cannot be arrived or departed", l.Status)
	}
	if err := rules.check(*l, i, ev); err != nil {
		return false, err
	}
	if p := rules.travelProblem(*l, i, ev); p != "" {
		if !ev.Override {
			return false, &tms.Error{Code: tms.CodeConflict, Message: p + "; check the times, or override with a reason",
				Detail: map[string]any{"reasons": []string{p}}}
		}
		ev.Note = strings.TrimSpace(ev.Note + " override: " + strings.TrimSpace(ev.Reason) + " (" + p + ")")
	}
	changed, err := applyStopEvent(tx, l, i, ev)
	if err != nil || !changed {
		return changed, err
	}
	from := l.Status
	if err := advanceStatus(tx, l, i, ev); err != nil {
		return true, err
	}
	return true, notifyStop(ctx, tx, l, i, ev, from)
}

// checkOverride requires the reason of an override.
func (ev StopEvent) checkOverride() error {
	v := tms.Validation{}
	v.Check(!ev.Override || strings.TrimSpace(ev.Reason) != "", "reason", "is required to override")
	v.Check(len(ev.Reason) <= maxReason, "reason", "must be at most 500 characters")
	return v.Err()
}

// errUnchanged rolls back an update that would change nothing.
var errUnchanged = &tms.Error{Code: tms.CodeConflict, Message: "unchanged"}

func applyStopEvent(tx tms.LoadTx, l *tms.Load, i int, ev StopEvent) (bool, error) {
	stop := &l.Stops[i]
	at := ev.At.UTC()
	byGPS := ev.Source == tms.SourceGPS
	switch {
	case ev.Arriving && byGPS && stop.Status != tms.StopPending && stop.Status != tms.StopMissed:
		return false, errUnchanged
	case !ev.Arriving && byGPS && stop.Status != tms.StopArrived:
		return false, errUnchanged
	case !ev.Arriving && stop.Status == tms.StopPending:
		return false, tms.Errorf(tms.CodeConflict, "record the arrival at stop %d before its departure", stop.Seq)
	case !ev.Arriving && stop.ArrivedAt != nil && at.Before(*stop.ArrivedAt):
		return false, fieldError("at", "a departure cannot be before the arrival")
	}
	e := tms.LoadEvent{StopID: &stop.ID, At: at, Source: ev.Source, Note: strings.TrimSpace(ev.Note)}
	if ev.Point != nil {
		e.Lat, e.Lon = &ev.Point.Lat, &ev.Point.Lon
	}
	if ev.Arriving {
		stop.ArrivedAt, e.Type = &at, tms.EventStopArrived
		if stop.Status == tms.StopPending || stop.Status == tms.StopMissed {
			stop.Status = tms.StopArrived
		}
	} else {
		stop.DepartedAt, stop.Status, e.Type = &at, tms.StopDeparted, tms.EventStopDeparted
	}
	tx.AddEvent(e)
	return true, nil
}

// advanceStatus applies the status consequences of a stop event.
func advanceStatus(tx tms.LoadTx, l *tms.Load, i int, ev StopEvent) error {
	note := "stop " + string(l.Stops[i].Kind)
	lastDelivery := i == len(l.Stops)-1
	switch {
	case ev.Arriving && l.Status == tms.StatusDispatched: // the first pickup, or a later stop when it was missed
		return transitionAt(tx, l, tms.StatusInTransit, note+" arrival", ev)
	case !ev.Arriving && lastDelivery && l.Status == tms.StatusInTransit:
		return transitionAt(tx, l, tms.StatusDelivered, note+" departure", ev)
	}
	return nil
}

func transitionAt(tx tms.LoadTx, l *tms.Load, to tms.LoadStatus, note string, ev StopEvent) error {
	from := l.Status
	if err := l.Transition(to); err != nil {
		return err
	}
	tx.AddEvent(tms.LoadEvent{Type: tms.EventStatus, FromStatus: from, ToStatus: to, Note: note, At: ev.At, Source: ev.Source})
	return nil
}

// CheckCall is a position or status report on a load.
type CheckCall struct {
	Location string     `json:"location,omitempty"`
	Point    *tms.Point `json:"point,omitempty"`
	Note     string     `json:"note,omitempty"`
	At       *time.Time `json:"at,omitempty"` // when the call was made (office staff type it in afterwards); now when omitted
}

// checkCallSkew is how far past the server's clock a check call's time may be: clocks drift.
const checkCallSkew = 5 * time.Minute

// AddCheckCall records a check call on the load's timeline without changing the load.
func (s *Service) AddCheckCall(ctx context.Context, loadID int64, c CheckCall) (tms.LoadEvent, error) {
	v := tms.Validation{}
	v.Check(c.Location != "" || c.Point != nil, "location", "give a location text or a point")
	v.Check(c.Point == nil || c.Point.Valid(), "point", "must be a valid latitude and longitude")
	v.Check(len(c.Note) <= 2000 && len(c.Location) <= 200, "note", "is too long")
	v.Check(c.At == nil || !c.At.After(time.Now().Add(checkCallSkew)), "at", "cannot be in the future")
	if err := v.Err(); err != nil {
		return tms.LoadEvent{}, err
	}
	e := tms.LoadEvent{LoadID: loadID, Type: tms.EventCheckCall, Location: c.Location, Note: c.Note}
	if c.At != nil {
		e.At = c.At.UTC()
	}
	if c.Point != nil {
		e.Lat, e.Lon = &c.Point.Lat, &c.Point.Lon
	}
	return e, s.Store.AddLoadEvent(ctx, &e)
}
