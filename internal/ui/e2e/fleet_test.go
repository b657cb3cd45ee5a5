package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

// TestFleetMapTwoDevices: a truck with a phone and a hardwired tracker is one marker on the
// fleet map, at its newer fix; a live position of the other device that is older than the
// one shown does not move the marker back, a newer one does.
func TestFleetMapTwoDevices(t *testing.T) {
	srv := server(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	_, pw := user(t, srv, "dana@example.com", "Dana Dispatcher", tms.RoleAdmin)
	phone := storetest.NewDevice(t, srv.App.Store, "fleet-phone", f.Truck.ID)
	tracker := storetest.NewDevice(t, srv.App.Store, "fleet-tracker", f.Truck.ID)
	now := time.Now().UTC().Truncate(time.Second)
	fix := func(d tms.Device, at time.Time, lat, lon float64) tms.Position {
		return tms.Position{DeviceID: d.ID, TruckID: d.TruckID, FixTime: at, ReceivedAt: at, Lat: lat, Lon: lon}
	}
	_, err := srv.App.Store.SavePositions(context.Background(), []tms.Position{
		fix(phone, now.Add(-20*time.Minute), 32.70, -96.80), fix(tracker, now.Add(-time.Minute), 32.90, -96.60)})
	if err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, srv.URL)
	b.login("dana@example.com", pw)
	b.visit("/fleet")
	const markers = `document.querySelectorAll('#fleet-map path.leaflet-interactive')`
	b.waitFor(markers + `.length > 0`)
	if n := run(b, chromedp.Evaluate[int](markers+`.length`)); n != 1 {
		t.Fatalf("the fleet map draws %d markers for one truck with two devices, want 1", n)
	}
	shape := func() string { return run(b, chromedp.Evaluate[string](markers+`[0].getAttribute('d')`)) }
	live := func(at time.Time, lat, lon float64) {
		run(b, chromedp.Evaluate[bool](fmt.Sprintf(`document.dispatchEvent(new CustomEvent('tms:position',
			{ detail: { truck_id: %d, lat: %v, lon: %v, fix_time: %q } }))`, f.Truck.ID, lat, lon, at.Format(time.RFC3339))))
	}
	before := shape()
	live(now.Add(-10*time.Minute), 32.70, -96.80) // the phone sends a fix older than the tracker's
	if got := shape(); got != before {
		t.Errorf("an older fix of the truck's other device moved its marker: %q, want %q", got, before)
	}
	live(now, 32.75, -96.75)
	b.waitFor(fmt.Sprintf(`%s[0].getAttribute('d') !== %q`, markers, before))
}
