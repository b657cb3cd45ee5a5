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
