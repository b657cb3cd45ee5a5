package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/seed"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// truckLabels maps each truck label on the fleet map to where it is drawn (the tooltip's
// position in the map pane).
const truckLabels = `Object.fromEntries(Array.from(document.querySelectorAll('#fleet-map .leaflet-tooltip.truck-label'))
	.map(function (e) { return [e.textContent, e.style.transform]; }))`

// A truck that reports for the first time while the fleet map is open appears as after a
// reload: labelled with its unit number, coloured as on a load, listed with its load.
func TestFleetMapFirstReportLikeReload(t *testing.T) {
	srv := server(t)
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "test", Role: tms.RoleAdmin, Source: tms.SourceAPI})
	f := storetest.NewFixtures(t, srv.App.Store)
	dev := storetest.NewDevice(t, srv.App.Store, "first-report", f.Truck.ID)
	l := f.Load(time.Now().Add(24 * time.Hour))
	l.Assignment = tms.Assignment{DriverID: &f.Driver.ID, TruckID: &f.Truck.ID, TrailerID: &f.Trailer.ID}
	l.Status = tms.StatusDispatched
	if err := srv.App.Store.CreateLoad(ctx, &l); err != nil {
		t.Fatal(err)
	}
	_, pw := user(t, srv, "dana@example.com", "Dana Dispatcher", tms.RoleAdmin)
	b := newBrowser(t, srv.URL)
	b.login("dana@example.com", pw)
	b.visit("/fleet")
	if got := b.text("#trucks-title .count"); got != "0" {
		t.Fatalf("the list counts %q trucks before any fix, want 0", got)
	}
	time.Sleep(500 * time.Millisecond) // the event stream is open
	osmand(t, srv.URL, dev.UniqueID, 32.78, -96.80, time.Now().Unix())
	b.waitFor(`document.querySelectorAll('#fleet-map .leaflet-tooltip.truck-label').length === 1`)
	labels := run(b, chromedp.Evaluate[map[string]string](truckLabels))
	if _, ok := labels[f.Truck.UnitNumber]; !ok {
		t.Errorf("map labels %v, want the unit number %s", labels, f.Truck.UnitNumber)
	}
	b.waitFor(`document.querySelector('#trucks-title .count').textContent === '1'`)
	if got := b.text("#truck-list li"); !contains(got, f.Truck.UnitNumber, l.Number) {
		t.Errorf("list entry %q, want the unit %s on load %s", got, f.Truck.UnitNumber, l.Number)
	}
	fill := run(b, chromedp.Evaluate[string](`document.querySelector('#fleet-map path.leaflet-interactive').getAttribute('fill')`))
	if fill != "#0b4f8a" {
		t.Errorf("marker colour %s, want on a load (#0b4f8a)", fill)
	}
}

// The living demo: the fleet map over the demo data with the demo driver running, twice
// (sped up 120 times) 30 s apart, shows trucks labelled with unit numbers that have moved. With TMS_SCREENSHOTS=1
// the two views are docs/screenshots/fleet-map.png and fleet-map-later.png.
func TestLiveDemoFleetMoves(t *testing.T) {
	cfg := apitest.DefaultConfig(t)
	cfg.Demo.Speedup = 120 // the trucks move far enough in 30 s to see on a map of the country
	srv := apitest.Start(t, cfg, testenv.SQLite(t))
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "seed", Role: tms.RoleAdmin, Source: tms.SourceAPI})
	if _, err := seed.Demo(ctx, srv.App.Store, srv.App.Dispatch, srv.App.Documents, srv.App.Billing, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := srv.App.StartDemoDriver(ctx, srv.URL); err != nil {
		t.Fatal(err)
	}
	_, pw := user(t, srv, "dana@example.com", "Dana Dispatcher", tms.RoleAdmin)
	b := newBrowser(t, srv.URL)
	b.login("dana@example.com", pw)
	time.Sleep(6 * time.Second) // every demo truck has reported once
	b.visit("/fleet")
	b.waitFor(`document.querySelectorAll('#fleet-map .leaflet-tooltip.truck-label').length >= 5`)
	before := run(b, chromedp.Evaluate[map[string]string](truckLabels))
	b.screenshot("fleet-map")
	time.Sleep(30 * time.Second)
	after := run(b, chromedp.Evaluate[map[string]string](truckLabels))
	b.screenshot("fleet-map-later")
	moved := 0
	for unit, at := range after {
		if len(unit) < 3 || unit[:2] != "T-" {
			t.Errorf("a truck is labelled %q, want its unit number", unit)
		}
		if was, ok := before[unit]; ok && was != at {
			moved++
		}
	}
	if moved < 3 {
		t.Errorf("%d of %d trucks moved in 30 s (before %v, after %v), want at least 3", moved, len(after), before, after)
	}
}

func contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
