package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

// TestDispatchDay walks a load through a day in the browser: a dispatcher books it through
// the form (two stops, facility search-as-you-type, facility-local times), assigns a driver,
// truck and trailer on the board and sees the conflict reasons of a double booking; GPS
// fixes in the pickup geofence turn the stop "arrived" on the open load page without a
// reload; a POD is uploaded; and the driver, on a phone, departs the pickup and arrives at
// and departs from the delivery.
func TestDispatchDay(t *testing.T) {
	srv := server(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	_, pw := user(t, srv, "dana@example.com", "Dana Dispatcher", tms.RoleAdmin)
	driverPW := driverAccount(t, srv, f.Driver)

	b := newBrowser(t, srv.URL)
	b.login("dana@example.com", pw)
	start := time.Now().Add(30 * time.Minute).In(f.Shipper.Location()).Truncate(time.Minute)
	id := b.bookLoad(f, start)

	other := otherLoad(t, srv, f, start)
	b.assignOnBoard(id, f)
	b.visit("/dispatch")
	b.assign(other.ID, f)
	b.waitFor(fmt.Sprintf(`document.querySelector('#load-%d .reasons li') !== null`, other.ID))
	if got := b.text(fmt.Sprintf("#load-%d .reasons", other.ID)); !strings.Contains(got, "are on load") {
		t.Errorf("double booking reasons = %q, want the load it collides with", got)
	}

	load := b.arriveByGPS(srv, f, id)
	b.uploadPOD(id)

	b.visit("/fleet")
	b.waitFor(`document.querySelectorAll('#fleet-map .leaflet-interactive').length > 0`)

	d := newBrowser(t, srv.URL)
	d.phone()
	d.login("driver@example.com", driverPW)
	d.driverFinishes(load)
	if got, _ := srv.App.Store.Load(context.Background(), id); got.Status != tms.StatusDelivered {
		t.Errorf("after the driver departed the delivery the load is %s, want delivered", got.Status)
	}
}

// driverAccount gives driver a login linked to the driver record.
func driverAccount(t *testing.T, srv *apitest.Server, d tms.Driver) string {
	t.Helper()
	u, pw := user(t, srv, "driver@example.com", d.Name, tms.RoleDriver)
	ctx := context.Background()
	if _, err := srv.App.Store.UpdateUser(ctx, u.ID, func(u *tms.User) error { u.DriverID = &d.ID; return nil }); err != nil {
		t.Fatal(err)
	}
	return pw
}

// bookLoad fills in the new-load form: Dallas pickup at start, Houston delivery six hours
// later, both typed in facility time, and a linehaul charge. It returns the load's id.
func (b *browser) bookLoad(f storetest.Fixtures, start time.Time) int64 {
	b.t.Helper()
	b.visit("/loads/new")
	b.do(chromedp.SetValue(chromedp.CSS("#f-customer_id"), fmt.Sprint(f.Customer.ID)))
	b.pickFacility(0, "Dallas", f.Shipper.ID)
	b.pickFacility(1, "Houston", f.Receiver.ID)
	if got := b.text("#s0-zone"); !strings.Contains(got, "America/Chicago") {
		b.t.Errorf("zone shown next to the pickup times = %q", got)
	}
	local := func(t time.Time) string { return t.Format("2006-01-02T15:04") }
	b.do(chromedp.SetValue(chromedp.CSS("#s0-appointment_start"), local(start)),
		chromedp.SetValue(chromedp.CSS("#s0-appointment_end"), local(start.Add(2*time.Hour))),
		chromedp.SetValue(chromedp.CSS("#s1-appointment_start"), local(start.Add(6*time.Hour))),
		chromedp.SetValue(chromedp.CSS("#f-commodity"), "Canned goods"),
		chromedp.SetValue(chromedp.CSS("#f-weight_lb"), "42000"),
		chromedp.SetValue(chromedp.CSS("#c0-amount"), "1,250.00"))
	if status := b.submit(`#load-form .actions button[value="save"]`); status != http.StatusOK {
		b.t.Fatalf("booking the load answered %d: %s", status, b.text("main"))
	}
	var id int64
	if _, err := fmt.Sscanf(b.path(), "/loads/%d", &id); err != nil {
		b.t.Fatalf("after booking the browser is on %q", b.path())
	}
	if got := b.text(".notice-ok"); !strings.HasPrefix(got, "Booked L-") {
		b.t.Errorf("notice after booking = %q", got)
	}
	return id
}

// pickFacility types into a stop's facility search and waits for htmx to narrow the
// select to the one match, which the page then chooses.
func (b *browser) pickFacility(stop int, query string, want int64) {
	b.t.Helper()
	sel := fmt.Sprintf("#s%d-facility_id", stop)
	b.do(chromedp.SendKeys(chromedp.CSS(fmt.Sprintf("#s%d-facility_q", stop)), query))
	b.waitFor(fmt.Sprintf(`document.querySelector(%q).options.length === 2 && document.querySelector(%q).value === %q`, sel, sel, fmt.Sprint(want)))
}

// otherLoad books a second load over the same hours, to double-book its driver and truck.
func otherLoad(t *testing.T, srv *apitest.Server, f storetest.Fixtures, start time.Time) tms.Load {
	t.Helper()
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "e2e", Role: tms.RoleDispatcher})
	l, err := srv.App.Dispatch.CreateLoad(ctx, dispatch.LoadInput{CustomerID: f.Customer.ID, EquipmentType: "dry_van",
		Stops: []dispatch.StopInput{
			{Kind: tms.StopPickup, FacilityID: f.Shipper.ID, AppointmentStart: start.Add(time.Hour).Format(time.RFC3339)},
			{Kind: tms.StopDelivery, FacilityID: f.Receiver.ID, AppointmentStart: start.Add(5 * time.Hour).Format(time.RFC3339)},
		}})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// assignOnBoard assigns the fixtures' driver, truck and trailer to load id from its card
// and waits for the card to move to the dispatched column, without a page load.
func (b *browser) assignOnBoard(id int64, f storetest.Fixtures) {
	b.t.Helper()
	b.visit("/dispatch")
	run(b, chromedp.Evaluate[bool](`window.sameBoard = true`))
	b.assign(id, f)
	b.waitFor(fmt.Sprintf(`document.querySelector('#col-dispatched') && document.querySelector('#col-dispatched').parentElement.querySelector('#load-%d') !== null`, id))
	if !run(b, chromedp.Evaluate[bool](`window.sameBoard === true`)) {
		b.t.Error("assigning reloaded the whole board instead of swapping it")
	}
}

// assign opens the assign form of a card, which the card fetches only then, and fills it in
// and sends it when it has arrived.
func (b *browser) assign(id int64, f storetest.Fixtures) {
	b.t.Helper()
	card := fmt.Sprintf("#load-%d", id)
	p := fmt.Sprintf("#a%d-", id)
	loaded := fmt.Sprintf(`document.querySelector(%q) !== null`, card+` details.assign button[type="submit"]`)
	if run(b, chromedp.Evaluate[bool](loaded)) {
		b.t.Errorf("the card of load %d holds its assign form before it is opened", id)
	}
	b.do(chromedp.Click(chromedp.CSS(card + " details.assign summary")))
	b.waitFor(loaded)
	b.do(chromedp.SetValue(chromedp.CSS(p+"driver_id"), fmt.Sprint(f.Driver.ID)),
		chromedp.SetValue(chromedp.CSS(p+"truck_id"), fmt.Sprint(f.Truck.ID)),
		chromedp.SetValue(chromedp.CSS(p+"trailer_id"), fmt.Sprint(f.Trailer.ID)),
		chromedp.Click(chromedp.CSS(card+` details.assign button[type="submit"]`)))
}

// arriveByGPS opens the load page, sends OsmAnd fixes of a device in the truck from inside
// the pickup geofence and waits for the pickup to show "arrived" without a page load.
func (b *browser) arriveByGPS(srv *apitest.Server, f storetest.Fixtures, id int64) tms.Load {
	b.t.Helper()
	ctx := context.Background()
	dev := tms.Device{UniqueID: "e2e-phone", Name: "Cab phone", TruckID: &f.Truck.ID, Active: true}
	if err := srv.App.Store.CreateDevice(ctx, &dev); err != nil {
		b.t.Fatal(err)
	}
	l, err := srv.App.Store.Load(ctx, id)
	if err != nil {
		b.t.Fatal(err)
	}
	b.visit(fmt.Sprintf("/loads/%d", id))
	run(b, chromedp.Evaluate[bool](`window.samePage = true`))
	pickup := fmt.Sprintf("#stop-%d", l.Stops[0].ID)
	if got := b.text(pickup + " .stop-status"); got != "Pending" {
		b.t.Errorf("pickup before the fixes = %q", got)
	}
	// After the dispatch: fixes from before it would be the truck's job before this load.
	now := time.Now()
	for i, off := range []float64{-0.02, -0.0005, -0.0002, 0} { // approaching, then inside the 300 m fence
		at := now.Add(time.Duration(i+1) * time.Second).Unix()
		osmand(b.t, srv.URL, dev.UniqueID, f.Shipper.Lat+off, f.Shipper.Lon, at)
	}
	b.waitFor(fmt.Sprintf(`document.querySelector(%q) && document.querySelector(%q).getAttribute('data-stop-status') === 'arrived'`, pickup, pickup))
	if got := b.text(pickup + " .stop-status"); got != "Arrived" {
		b.t.Errorf("pickup after the fixes = %q, want Arrived", got)
	}
	if got := b.text("#load-status"); got != "In transit" {
		b.t.Errorf("load status after the pickup arrival = %q, want In transit", got)
	}
	if !run(b, chromedp.Evaluate[bool](`window.samePage === true`)) {
		b.t.Error("the arrival reloaded the page instead of updating it live")
	}
	b.waitFor(`document.querySelectorAll('#load-map .leaflet-interactive').length >= 5`) // stops, fences, breadcrumb, truck
	return l
}

// osmand sends one position the way the Traccar Client app does.
func osmand(t *testing.T, base, device string, lat, lon float64, at int64) {
	t.Helper()
	url := fmt.Sprintf("%s/osmand?id=%s&lat=%.6f&lon=%.6f&timestamp=%d", base, device, lat, lon, at)
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", url, resp.StatusCode)
	}
}

// uploadPOD files a one-page PDF as the load's POD from its page and checks it is listed.
func (b *browser) uploadPOD(id int64) {
	b.t.Helper()
	file := filepath.Join(b.t.TempDir(), "pod-signed.pdf")
	if err := os.WriteFile(file, []byte(onePagePDF), 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.visit(fmt.Sprintf("/loads/%d", id))
	b.do(chromedp.SetValue(chromedp.CSS("#d-type"), "pod"), chromedp.SetUploadFiles(chromedp.CSS("#d-file"), []string{file}))
	b.do(chromedp.Click(chromedp.CSS(`#upload-form button[type="submit"]`))) // htmx swaps the documents in place
	b.waitFor(`document.querySelector('#documents .docs') !== null`)
	if got := b.text("#documents .docs"); !strings.Contains(got, "POD") || !strings.Contains(got, "pod-signed.pdf") {
		b.t.Errorf("documents after the upload = %q, want the POD", got)
	}
}

// driverFinishes works the driver view on a phone: depart the pickup, arrive at and depart
// from the delivery.
func (b *browser) driverFinishes(l tms.Load) {
	b.t.Helper()
	if got := b.text("#next-stop h3"); !strings.Contains(got, "Acme DC Dallas") {
		b.t.Errorf("driver's next stop = %q, want the pickup", got)
	}
	b.submit(`#next-stop button[type="submit"]`) // Departed (GPS recorded the arrival)
	if got := b.text("#next-stop h3"); !strings.Contains(got, "Grocer Houston") {
		b.t.Fatalf("after departing the pickup the next stop is %q", got)
	}
	if href := run(b, chromedp.AttributeValue(chromedp.CSS("#next-stop a"), "href")); !strings.HasPrefix(href.Value, "https://www.google.com/maps/dir/?api=1&destination=29.76") {
		b.t.Errorf("navigate link = %q", href.Value)
	}
	b.submit(`#next-stop button[type="submit"]`) // Arrived
	if got := b.text(`#next-stop button[type="submit"]`); got != "Departed" {
		b.t.Fatalf("at the delivery the button says %q, want Departed", got)
	}
	b.submit(`#next-stop button[type="submit"]`) // Departed: delivered
	if got := b.text(".notice-ok"); !strings.HasPrefix(got, "Departed stop 2 of "+l.Number) {
		b.t.Errorf("notice after departing = %q", got)
	}
	if got := b.text("#past-title + ul"); !strings.Contains(got, l.Number) {
		b.t.Errorf("past loads = %q, want %s", got, l.Number)
	}
}

// waitFor polls a JavaScript condition until it holds, failing after actionTimeout.
func (b *browser) waitFor(cond string) {
	b.t.Helper()
	deadline := time.Now().Add(actionTimeout)
	for !run(b, chromedp.Evaluate[bool](cond)) {
		if time.Now().After(deadline) {
			b.t.Fatalf("timed out waiting for %s", cond)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// onePagePDF is the smallest PDF a viewer opens: one blank page.
const onePagePDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
