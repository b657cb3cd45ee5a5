package tracking_test

import (
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
)

// The watched load is the one in transit, else the dispatched one whose first appointment is
// nearest to the fix (a future load of another driver never wins over the trip under way).
func TestWatchedLoad(t *testing.T) {
	at := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	load := func(id int64, status tms.LoadStatus, firstAppointment time.Duration) tms.Load {
		return tms.Load{Meta: tms.Meta{ID: id}, Status: status, Stops: []tms.Stop{{AppointmentStart: at.Add(firstAppointment)}}}
	}
	cases := []struct {
		name  string
		loads []tms.Load
		want  int64 // 0 = none
	}{
		{"none", nil, 0},
		{"in transit beats an earlier dispatched load", []tms.Load{load(1, tms.StatusDispatched, -time.Hour), load(2, tms.StatusInTransit, -30*time.Hour)}, 2},
		{"nearest first appointment", []tms.Load{load(1, tms.StatusDispatched, -10*time.Hour), load(2, tms.StatusDispatched, 2*time.Hour), load(3, tms.StatusDispatched, 48*time.Hour)}, 2},
		{"tie: the earlier load", []tms.Load{load(1, tms.StatusDispatched, -time.Hour), load(2, tms.StatusDispatched, time.Hour)}, 1},
	}
	for _, c := range cases {
		l, ok := tracking.WatchedLoad(c.loads, at)
		if got := map[bool]int64{true: l.ID}[ok]; got != c.want {
			t.Errorf("%s: watched load %d, want %d", c.name, got, c.want)
		}
	}
}

// The truck starts on a load at its latest move to dispatched, or at its booking when it was
// created already dispatched.
func TestDispatchedAt(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)
	moved := func(to tms.LoadStatus, after time.Duration) tms.LoadEvent {
		return tms.LoadEvent{Type: tms.EventStatus, ToStatus: to, At: t0.Add(after)}
	}
	l := tms.Load{Meta: tms.Meta{CreatedAt: t0}}
	for _, c := range []struct {
		name   string
		events []tms.LoadEvent
		want   time.Time
	}{
		{"created dispatched: its booking", nil, t0},
		{"one dispatch", []tms.LoadEvent{moved(tms.StatusBooked, 0), moved(tms.StatusDispatched, time.Hour)}, t0.Add(time.Hour)},
		{"dispatched again after a return to booked: the latest", []tms.LoadEvent{moved(tms.StatusDispatched, time.Hour),
			moved(tms.StatusBooked, 2*time.Hour), moved(tms.StatusDispatched, 3*time.Hour), moved(tms.StatusInTransit, 4*time.Hour)}, t0.Add(3 * time.Hour)},
	} {
		if got := tracking.DispatchedAt(l, c.events); !got.Equal(c.want) {
			t.Errorf("%s: DispatchedAt = %v, want %v", c.name, got, c.want)
		}
	}
}
