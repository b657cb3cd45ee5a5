package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

// A dispatcher creates a login for a driver from the driver page; the driver signs in with
// the password shown once and sees the load assigned to them on a phone.
func TestDriverLoginFromTheDriverPage(t *testing.T) {
	srv := server(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	_, pw := user(t, srv, "dispatch@example.com", "Dee Dispatcher", tms.RoleDispatcher)
	l := dispatchedLoad(t, srv, f)

	b := newBrowser(t, srv.URL)
	b.login("dispatch@example.com", pw)
	b.visit(fmt.Sprintf("/drivers/%d", f.Driver.ID))
	if got := b.text("#login-title + p"); !strings.Contains(got, "No login yet") {
		t.Errorf("driver page login card = %q, want no login", got)
	}
	b.submit(fmt.Sprintf(`a[href="/drivers/%d/login"]`, f.Driver.ID))
	b.fill("#f-email", "dana.driver@example.com")
	if status := b.submit(fmt.Sprintf(`form[action="/drivers/%d/login"] button[type="submit"]`, f.Driver.ID)); status != http.StatusCreated {
		t.Fatalf("creating the login answered %d: %s", status, b.text("main"))
	}
	password := b.text("#secret")
	b.visit(fmt.Sprintf("/drivers/%d", f.Driver.ID))
	if got := b.text("#login-title + p"); !strings.Contains(got, "dana.driver@example.com") {
		t.Errorf("driver page login card after creating = %q", got)
	}

	d := newBrowser(t, srv.URL)
	d.phone()
	d.login("dana.driver@example.com", password)
	if got := d.text("main"); !strings.Contains(got, l.Number) || strings.Contains(got, "Ask dispatch to link it") {
		t.Errorf("the new driver's phone shows %q, want load %s", got, l.Number)
	}
}

// Dispatching a load with nobody on it from the load page is refused with the reason, and
// the load stays booked.
func TestDispatchWithoutDriverIsRefused(t *testing.T) {
	srv := server(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	_, pw := user(t, srv, "dispatch@example.com", "Dee Dispatcher", tms.RoleDispatcher)
	l := bookedLoad(t, srv, f)

	b := newBrowser(t, srv.URL)
	b.login("dispatch@example.com", pw)
	b.visit(fmt.Sprintf("/loads/%d", l.ID))
	if status := b.submit(`form.moves button[value="dispatched"]`); status != http.StatusConflict {
		t.Errorf("dispatching without a driver answered %d, want 409", status)
	}
	if got := b.text(".notice-error"); !strings.Contains(got, "cannot be dispatched without a driver and a truck") {
		t.Errorf("refusal = %q, want the reason", got)
	}
	if got, _ := srv.App.Store.Load(context.Background(), l.ID); got.Status != tms.StatusBooked {
		t.Errorf("after the refusal the load is %s, want booked", got.Status)
	}
}

// "Mark delivered" on the board asks for the delivery stop's times, refuses a departure
// before the arrival next to the field, and with right times delivers the load with them.
func TestMarkDeliveredAsksForTimes(t *testing.T) {
	srv := server(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	_, pw := user(t, srv, "dispatch@example.com", "Dee Dispatcher", tms.RoleDispatcher)
	l := inTransitLoad(t, srv, f)

	b := newBrowser(t, srv.URL)
	b.login("dispatch@example.com", pw)
	b.visit("/dispatch")
	card, p := fmt.Sprintf("#load-%d", l.ID), fmt.Sprintf("#d%d-", l.ID)
	b.do(chromedp.Click(chromedp.CSS(card + " details.deliver summary")))
	prefilled := run(b, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).value`, p+"departed_at")))
	if _, err := time.Parse("2006-01-02T15:04", prefilled); err != nil {
		t.Errorf("departure prefilled with %q, want a local time", prefilled)
	}
	local := func(d time.Duration) string {
		return time.Now().Add(-d).In(f.Receiver.Location()).Format("2006-01-02T15:04")
	}
	b.do(chromedp.SetValue(chromedp.CSS(p+"arrived_at"), local(2*time.Hour)),
		chromedp.SetValue(chromedp.CSS(p+"departed_at"), local(3*time.Hour)),
		chromedp.Click(chromedp.CSS(card+` details.deliver button[type="submit"]`)))
	b.waitFor(fmt.Sprintf(`document.querySelector(%q) !== null`, "#d"+fmt.Sprint(l.ID)+"-departed_at-error"))
	if got := b.text(p + "departed_at-error"); got != "A departure cannot be before the arrival." {
		t.Errorf("departure error = %q", got)
	}
	if got, _ := srv.App.Store.Load(context.Background(), l.ID); got.Status != tms.StatusInTransit || got.Stops[1].ArrivedAt != nil {
		t.Errorf("after the refusal the load is %s with arrival %v, want in transit and none", got.Status, got.Stops[1].ArrivedAt)
	}
	b.do(chromedp.SetValue(chromedp.CSS(p+"departed_at"), local(time.Hour)),
		chromedp.Click(chromedp.CSS(card+` details.deliver button[type="submit"]`)))
	b.waitFor(fmt.Sprintf(`document.querySelector('#col-delivered').parentElement.querySelector(%q) !== null`, card))
	got, _ := srv.App.Store.Load(context.Background(), l.ID)
	if got.Status != tms.StatusDelivered || got.Stops[1].Dwell() != time.Hour {
		t.Errorf("delivered load: %s, delivery dwell %v; want delivered and 1h", got.Status, got.Stops[1].Dwell())
	}
}

// bookedLoad books a Dallas to Houston dry van load starting tomorrow.
func bookedLoad(t *testing.T, srv *apitest.Server, f storetest.Fixtures) tms.Load {
	t.Helper()
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "e2e", Role: tms.RoleDispatcher})
	start := time.Now().Add(24 * time.Hour).Truncate(time.Hour)
	l, err := srv.App.Dispatch.CreateLoad(ctx, dispatch.LoadInput{CustomerID: f.Customer.ID, EquipmentType: "dry_van",
		Stops: []dispatch.StopInput{
			{Kind: tms.StopPickup, FacilityID: f.Shipper.ID, AppointmentStart: start.Format(time.RFC3339)},
			{Kind: tms.StopDelivery, FacilityID: f.Receiver.ID, AppointmentStart: start.Add(6 * time.Hour).Format(time.RFC3339)},
		}})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// dispatchedLoad books a load and assigns the fixtures' driver, truck and trailer.
func dispatchedLoad(t *testing.T, srv *apitest.Server, f storetest.Fixtures) tms.Load {
	t.Helper()
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "e2e", Role: tms.RoleDispatcher})
	l := bookedLoad(t, srv, f)
	a := tms.Assignment{DriverID: &f.Driver.ID, TruckID: &f.Truck.ID, TrailerID: &f.Trailer.ID}
	l, err := srv.App.Dispatch.Assign(ctx, l.ID, dispatch.AssignInput{Assignment: a})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// inTransitLoad stores a load that left Dallas ten hours ago and has not reached Houston.
func inTransitLoad(t *testing.T, srv *apitest.Server, f storetest.Fixtures) tms.Load {
	t.Helper()
	left := time.Now().Add(-10 * time.Hour).Truncate(time.Minute)
	l := f.Load(left.Add(-time.Hour))
	l.Status, l.DriverID, l.TruckID, l.TrailerID = tms.StatusInTransit, &f.Driver.ID, &f.Truck.ID, &f.Trailer.ID
	arrived := left.Add(-time.Hour)
	l.Stops[0].Status, l.Stops[0].ArrivedAt, l.Stops[0].DepartedAt = tms.StopDeparted, &arrived, &left
	if err := srv.App.Store.CreateLoad(context.Background(), &l); err != nil {
		t.Fatal(err)
	}
	return l
}
