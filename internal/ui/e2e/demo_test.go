package e2e

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/seed"
	"github.com/anditms/tms/internal/tms"
)

// TestDemoPages opens every page over the demo data set, with trucks reporting positions,
// and fails on any script error, CSP violation or failed asset (the harness watches). With
// TMS_SCREENSHOTS=1 it photographs the dashboard, dispatch board (cards, and the table on a
// 1440 x 900 screen), a load on the road, the driver's phone view, the billing overview and
// queue and an invoice for the README (the fleet map comes
// from the living demo: TestLiveDemoFleetMoves).
func TestDemoPages(t *testing.T) {
	srv := server(t)
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "seed", Role: tms.RoleAdmin, Source: tms.SourceAPI})
	sum, err := seed.Demo(ctx, srv.App.Store, srv.App.Dispatch, srv.App.Documents, srv.App.Billing, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	moving := reportPositions(t, srv)
	_, pw := user(t, srv, "dana@example.com", "Dana Dispatcher", tms.RoleAdmin)

	b := newBrowser(t, srv.URL)
	b.login("dana@example.com", pw)
	b.screenshot("dashboard")
	b.visit("/dispatch")
	b.screenshot("dispatch-board")
	load := fmt.Sprintf("/loads/%d", moving.ID)
	for _, path := range []string{load + "/edit", "/loads/new", "/customers", "/facilities", "/facilities/1", "/drivers",
		"/trucks", "/trailers", "/devices", "/admin/audit", "/invoices", "/receivables/aging", "/settlements", "/settlements/1",
		"/settings/billing", "/settings/fuel", "/settings/fuel/schedules/1", "/settings/rates", "/reports"} {
		if status := b.visit(path); status != 200 {
			t.Errorf("GET %s: status %d", path, status)
		}
	}
	b.visit("/billing")
	b.screenshot("billing-queue")
	b.visit("/invoices/1")
	b.screenshot("invoice")
	b.visit(load)
	b.waitFor(`document.querySelectorAll('#load-map .leaflet-interactive').length >= 6`)
	b.screenshot("load-detail")
	b.desktop()
	b.visit("/dispatch?view=table")
	b.screenshot("board-table")
	b.visit("/billing/overview")
	b.screenshot("billing-dashboard")

	b.visit("/fleet")
	b.waitFor(`document.querySelectorAll('#fleet-map .leaflet-interactive').length >= 5`)
	b.clickMap("#fleet-map")
	b.waitFor(`document.querySelectorAll('#nearest li').length > 0`)

	d := newBrowser(t, srv.URL)
	d.phone()
	i := slices.IndexFunc(sum.Logins, func(l seed.Login) bool { return l.Role == tms.RoleDriver })
	d.login(sum.Logins[i].Email, sum.Logins[i].Password)
	if got := d.text("#next-stop .eyebrow"); got == "" {
		t.Error("the demo driver has no next stop")
	}
	d.screenshot("driver-view")
}

// reportPositions reports through each demo truck's tracker: trucks on loads in transit a
// run of fixes from the pickup towards the delivery; the others one fix, hours old, near
// their next pickup. It returns a load in transit (the demo driver's, when it has one).
func reportPositions(t *testing.T, srv *apitest.Server) tms.Load {
	t.Helper()
	ctx := context.Background()
	page, err := srv.App.Store.ListLoads(ctx, tms.LoadFilter{Statuses: []tms.LoadStatus{tms.StatusDispatched, tms.StatusInTransit}})
	if err != nil {
		t.Fatal(err)
	}
	var moving tms.Load
	now := time.Now()
	reported := map[int64]bool{}
	for _, l := range page.Items {
		if reported[*l.TruckID] {
			continue // the truck has more than one load
		}
		reported[*l.TruckID] = true
		dev := tracker(t, srv, *l.TruckID)
		from, to := facilityAt(t, srv, l.Stops[0]), facilityAt(t, srv, l.Stops[len(l.Stops)-1])
		if l.Status != tms.StatusInTransit {
			osmand(t, srv.URL, dev.UniqueID, from.Lat+0.08, from.Lon+0.08, now.Add(-3*time.Hour).Unix())
			continue
		}
		if moving.ID == 0 || moving.DriverID != nil && *moving.DriverID > *l.DriverID {
			moving = l
		}
		for i := range 12 {
			f := 0.15 + 0.4*float64(i)/11
			osmand(t, srv.URL, dev.UniqueID, from.Lat+(to.Lat-from.Lat)*f, from.Lon+(to.Lon-from.Lon)*f, now.Add(time.Duration(i-11)*4*time.Minute).Unix())
		}
	}
	if moving.ID == 0 {
		t.Fatal("the demo data has no load in transit")
	}
	spare := tms.Truck{UnitNumber: "T-120", Make: "Volvo", Model: "VNL 760", Year: 2024}
	if err := srv.App.Store.CreateTruck(ctx, &spare); err != nil {
		t.Fatal(err)
	}
	dev := tms.Device{UniqueID: "demo-spare", TruckID: &spare.ID, Active: true}
	if err := srv.App.Store.CreateDevice(ctx, &dev); err != nil {
		t.Fatal(err)
	}
	osmand(t, srv.URL, dev.UniqueID, 35.2, -97.4, now.Add(-5*time.Minute).Unix()) // Norman, OK: available
	return moving
}

func facilityAt(t *testing.T, srv *apitest.Server, s tms.Stop) tms.Facility {
	t.Helper()
	f, err := srv.App.Store.Facility(context.Background(), s.FacilityID)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// clickMap clicks the middle of a map.
func (b *browser) clickMap(sel string) {
	b.t.Helper()
	xy := run(b, chromedp.Evaluate[[]float64](fmt.Sprintf(`(function () {
		var r = document.querySelector(%q).getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2];
	})()`, sel)))
	b.do(chromedp.MouseClickXY(xy[0], xy[1]))
}

// tracker is the demo tracker riding in a truck.
func tracker(t *testing.T, srv *apitest.Server, truckID int64) tms.Device {
	t.Helper()
	tr, err := srv.App.Store.Truck(context.Background(), truckID)
	if err != nil {
		t.Fatal(err)
	}
	d, err := srv.App.Store.DeviceByUniqueID(context.Background(), seed.DevicePrefix+tr.UnitNumber)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
