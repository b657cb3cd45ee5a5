package share

import (
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
)

var t0 = time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)

func moved(to tms.LoadStatus, after time.Duration) tms.LoadEvent {
	return tms.LoadEvent{Type: tms.EventStatus, ToStatus: to, At: t0.Add(after)}
}

func TestExpiresAtAfterDelivery(t *testing.T) {
	departed := t0.Add(30 * time.Hour)
	l := tms.Load{Status: tms.StatusInTransit, Stops: []tms.Stop{{}, {}}}
	if got := ExpiresAt(l, nil, tms.CarrierSettings{}); got != nil || Expired(got, t0.Add(1000*24*time.Hour)) {
		t.Errorf("in transit: expires %v, want never", got)
	}
	l.Status, l.Stops[1].DepartedAt = tms.StatusInvoiced, &departed
	got := ExpiresAt(l, []tms.LoadEvent{moved(tms.StatusDelivered, 40*time.Hour)}, tms.CarrierSettings{})
	if want := departed.Add(7 * 24 * time.Hour); got == nil || !got.Equal(want) {
		t.Fatalf("invoiced, default life: expires %v, want %v (7 days after the departure)", got, want)
	}
	if Expired(got, got.Add(-time.Second)) || !Expired(got, *got) {
		t.Errorf("expiry at %v: want open a second before and closed from then on", got)
	}
	l.Stops[1].DepartedAt = nil
	got = ExpiresAt(l, []tms.LoadEvent{moved(tms.StatusDelivered, 40*time.Hour)}, tms.CarrierSettings{TrackingLinkDays: 1})
	if want := t0.Add(64 * time.Hour); got == nil || !got.Equal(want) {
		t.Errorf("marked delivered without a departure, 1-day links: expires %v, want %v", got, want)
	}
}

func TestVisibleFix(t *testing.T) {
	truck, other := int64(7), int64(8)
	l := tms.Load{Status: tms.StatusInTransit, Assignment: tms.Assignment{TruckID: &truck}}
	fix := func(id *int64, after time.Duration, lat float64) tms.Position {
		return tms.Position{TruckID: id, FixTime: t0.Add(after), Lat: lat}
	}
	fixes := []tms.Position{fix(&truck, -time.Hour, 1), fix(&truck, time.Hour, 2), fix(&other, 2*time.Hour, 3), fix(&truck, 30*time.Minute, 4)}
	if got, ok := VisibleFix(l, t0, fixes); !ok || got.Lat != 2 {
		t.Errorf("in transit: fix %+v %v, want the load's truck's newest since dispatch (lat 2)", got, ok)
	}
	if _, ok := VisibleFix(l, t0.Add(3*time.Hour), fixes); ok {
		t.Error("every fix before dispatch: want none shown")
	}
	for _, s := range []tms.LoadStatus{tms.StatusBooked, tms.StatusOnHold, tms.StatusDelivered, tms.StatusCancelled} {
		l.Status = s
		if _, ok := VisibleFix(l, t0, fixes); ok {
			t.Errorf("%s: want no position", s)
		}
	}
}
