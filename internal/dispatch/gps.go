package dispatch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// GPSStop is the geofence's judgement of one stop of a load: when the truck arrived and
// departed (zero: not decided), or that it passed the stop unseen (Missed).
type GPSStop struct {
	StopID         int64
	Arrived        time.Time
	ArrivedPoint   tms.Point
	Departed       time.Time
	DepartedPoint  tms.Point
	Missed         *Gap      `json:",omitempty"`
	ArrivedAtLater time.Time // Missed: when the truck was seen arriving at a later stop
}

// Gap is the GPS evidence of a missed stop: the longest time without fixes between the
// previous departure (or the start of tracking) and the arrival at the later stop.
type Gap struct {
	LastFix time.Time // the last fix before the gap
	NextFix time.Time // the first fix after it
}

// Moved is a GPS stop event a later judgement changed: its new time and note, or Drop.
type Moved struct {
	StopID int64
	Type   tms.EventType
	At     time.Time
	Note   string
	Drop   bool
}

// ApplyGPS brings load l in line with the geofence's judgement now, given what it judged
// before (was, same stops; nil at first): newly decided arrivals and departures are recorded
// as GPS stop events, newly missed stops are marked, and a time the geofence decided before
// and now judges otherwise (a late fix) is moved, unless someone changed it since. It
// returns the moved events, whose timeline entries the caller moves. The geofence never
// takes back an event. A refused event (the load was cancelled) is skipped.
func ApplyGPS(ctx context.Context, tx tms.LoadTx, l *tms.Load, was, now []GPSStop) ([]Moved, error) {
	var moved []Moved
	for k, g := range now {
		var old GPSStop
		if k < len(was) {
			old = was[k]
		}
		i := l.StopIndex(g.StopID)
		if i < 0 {
			continue
		}
		moved = append(moved, applyMissed(tx, l, i, old, g)...)
		m, err := applyGPSTime(ctx, tx, l, g.StopID, true, old.Arrived, g.Arrived, g.ArrivedPoint)
		if err != nil {
			return moved, err
		}
		moved = append(moved, m...)
		if m, err = applyGPSTime(ctx, tx, l, g.StopID, false, old.Departed, g.Departed, g.DepartedPoint); err != nil {
			return moved, err
		}
		moved = append(moved, m...)
	}
	return moved, nil
}

// applyGPSTime records an arrival or departure decided for the first time, or moves one
// decided before at another time when the stop still shows the old decision.
func applyGPSTime(ctx context.Context, tx tms.LoadTx, l *tms.Load, stopID int64, arriving bool, was, now time.Time, pt tms.Point) ([]Moved, error) {
	switch {
	case now.IsZero() || now.Equal(was):
		return nil, nil
	case was.IsZero():
		_, err := RecordStopTx(ctx, tx, l, stopID, StopEvent{Arriving: arriving, At: now, Point: &pt, Source: tms.SourceGPS})
		if errors.Is(err, errUnchanged) || tms.ErrorCode(err) == tms.CodeConflict {
			return nil, nil
		}
		return nil, err
	}
	stop := &l.Stops[l.StopIndex(stopID)]
	field, typ := &stop.DepartedAt, tms.EventStopDeparted
	if arriving {
		field, typ = &stop.ArrivedAt, tms.EventStopArrived
	}
	if *field == nil || !(*field).Equal(was) {
		return nil, nil // changed by someone since: theirs stands
	}
	at := now.UTC()
	*field = &at
	return []Moved{{StopID: stopID, Type: typ, At: at}}, nil
}

// applyMissed marks a stop newly judged missed, revises the evidence of one still missed, and
// drops the missed event of one reached after all (its arrival is recorded next).
func applyMissed(tx tms.LoadTx, l *tms.Load, i int, old, g GPSStop) []Moved {
	stop := l.Stops[i]
	switch {
	case g.Missed != nil && old.Missed == nil:
		markMissed(tx, l, i, g)
	case g.Missed != nil && stop.Status == tms.StopMissed && (*g.Missed != *old.Missed || !g.ArrivedAtLater.Equal(old.ArrivedAtLater)):
		return []Moved{{StopID: stop.ID, Type: tms.EventStopMissed, At: g.ArrivedAtLater, Note: MissedNote(*g.Missed)}}
	case g.Missed == nil && old.Missed != nil && !g.Arrived.IsZero() && stop.Status == tms.StopMissed:
		return []Moved{{StopID: stop.ID, Type: tms.EventStopMissed, Drop: true}}
	}
	return nil
}

// markMissed marks a pending stop missed, with the gap on its timeline.
func markMissed(tx tms.LoadTx, l *tms.Load, i int, g GPSStop) {
	stop := &l.Stops[i]
	if stop.Status != tms.StopPending {
		return
	}
	stop.Status = tms.StopMissed
	tx.AddEvent(tms.LoadEvent{Type: tms.EventStopMissed, StopID: &stop.ID, At: g.ArrivedAtLater, Source: tms.SourceGPS,
		Note: MissedNote(*g.Missed)})
}

// MissedNote words a missed stop's GPS evidence.
func MissedNote(g Gap) string {
	if g.LastFix.IsZero() || g.NextFix.IsZero() {
		return "passed without an arrival; no GPS fix near the stop"
	}
	return fmt.Sprintf("passed without an arrival; no GPS fix from %s to %s (%s)",
		g.LastFix.UTC().Format("2006-01-02 15:04 MST"), g.NextFix.UTC().Format("2006-01-02 15:04 MST"),
		g.NextFix.Sub(g.LastFix).Round(time.Minute))
}
