package ui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

func TestMasterData(t *testing.T) {
	srv, email, pw := start(t)
	p := newPage(t, srv)
	p.login(email, pw)
	r := p.get("/customers/new").Want(http.StatusOK)
	contains(t, r, `name="payment_terms_days"`, `value="30"`, `value="pod"`)

	bad := url.Values{"name": {""}, "payment_terms_days": {"soon"}, "credit_limit": {"lots"}, "active": {"on"}}
	r = p.post("/customers/new", bad).Want(http.StatusUnprocessableEntity)
	contains(t, r, `id="f-payment_terms_days-error"`, "Must be a whole number.", `id="f-credit_limit-error"`, `value="soon"`)
	bad.Set("payment_terms_days", "400")
	bad.Set("credit_limit", "25,000")
	r = p.post("/customers/new", bad).Want(http.StatusUnprocessableEntity)
	contains(t, r, `id="f-name-error"`, "Is required (at most 200 characters).", `id="f-payment_terms_days-error"`, "Must be 0 to 365.")

	good := url.Values{"name": {"Acme Foods"}, "payment_terms_days": {"30"}, "credit_limit": {"25,000"}, "required_documents": {"pod, BOL"},
		"contact.name": {"Ann"}, "contact.email": {"ann@acme.example"}, "active": {"on"}}
	p.post("/customers/new", good).Want(http.StatusSeeOther)
	r = p.get("/customers?q=acme").Want(http.StatusOK)
	contains(t, r, "Saved Acme Foods.", "Acme Foods", "$25,000.00", "pod, bol", `href="/api/v1/export/customers.csv"`)
	c, _ := srv.App.Store.ListCustomers(t.Context(), tms.MasterFilter{Text: "Acme"})
	if len(c.Items) != 1 || len(c.Items[0].Contacts) != 1 || c.Items[0].Contacts[0].Email != "ann@acme.example" {
		t.Fatalf("stored customer = %+v", c.Items)
	}
	edit := fmt.Sprintf("/customers/%d", c.Items[0].ID)
	r = p.get(edit).Want(http.StatusOK)
	contains(t, r, `name="version" value="1"`, `value="Ann"`)
	good.Set("version", "1")
	good.Set("name", "Acme Foods Inc.")
	p.post(edit, good).Want(http.StatusSeeOther)
	good.Set("name", "Stale Name")
	r = p.post(edit, good).Want(http.StatusConflict)
	contains(t, r, "Someone changed this customer after you opened the page", `value="Stale Name"`)
	p.get("/customers/999").Want(http.StatusNotFound)

	viewer, vpw := apitest.CreateUser(t, srv.App.Store, "viewer@example.com", tms.RoleViewer)
	v := newPage(t, srv)
	v.login(viewer.Email, vpw)
	r = v.get(edit).Want(http.StatusOK)
	contains(t, r, "Acme Foods Inc.")
	if strings.Contains(string(r.Body), `action="/customers/`) || strings.Contains(string(v.get("/customers").Body), "New customer") {
		t.Error("a viewer sees write forms in master data")
	}
	v.post(edit, good).Want(http.StatusForbidden)
}

func TestFacilityAndDriverForms(t *testing.T) {
	srv, email, pw := start(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	if _, err := srv.App.Store.UpdateDriver(t.Context(), f.Driver.ID, func(d *tms.Driver) error {
		d.MedicalCardExpiry, _ = tms.ParseDate("2000-01-01")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	p := newPage(t, srv)
	p.login(email, pw)
	r := p.get(fmt.Sprintf("/facilities/%d", f.Shipper.ID)).Want(http.StatusOK)
	contains(t, r, `id="f-lat"`, `value="32.7767"`, `<option value="America/Chicago" selected>`)
	r = p.post("/facilities/new", url.Values{"name": {"Yard"}, "lat": {"north"}, "lon": {"0"}, "time_zone": {"America/Denver"}}).
		Want(http.StatusUnprocessableEntity)
	contains(t, r, "Must be a number.", "Must be a longitude between -180 and 180.")

	r = p.get("/drivers?status=active").Want(http.StatusOK)
	contains(t, r, "Dana Driver", "Medical card expired 2000-01-01")
	contains(t, p.get(fmt.Sprintf("/drivers/%d", f.Driver.ID)).Want(http.StatusOK), "Medical card expired 2000-01-01.")
	r = p.get("/").Want(http.StatusOK)
	contains(t, r, "Expiring driver documents", "Medical card expired 2000-01-01")

	dev := url.Values{"unique_id": {"phone-1"}, "truck_id": {fmt.Sprint(f.Truck.ID)}, "speed_unit": {"kn"}, "secret": {"s3cret-path"}, "active": {"on"}}
	p.post("/devices/new", dev).Want(http.StatusSeeOther)
	r = p.get("/devices").Want(http.StatusOK)
	contains(t, r, "phone-1", "T-101", "never", "Track a truck with your phone", "Traccar Client",
		"<code>"+srv.URL+"/osmand</code>", "30 seconds")
	d, err := srv.App.Store.DeviceByUniqueID(t.Context(), "phone-1")
	if err != nil {
		t.Fatal(err)
	}
	r = p.get(fmt.Sprintf("/devices/%d", d.ID)).Want(http.StatusOK)
	contains(t, r, `value="********"`)
	dev.Set("secret", "********")
	dev.Set("version", "1")
	p.post(fmt.Sprintf("/devices/%d", d.ID), dev).Want(http.StatusSeeOther)
	if d, _ := srv.App.Store.Device(t.Context(), d.ID); d.Secret != "s3cret-path" {
		t.Errorf("saving the masked secret changed it to %q", d.Secret)
	}
}

func TestCSVImport(t *testing.T) {
	srv, email, pw := start(t)
	p := newPage(t, srv)
	p.login(email, pw)
	p.get("/customers").Want(http.StatusOK)
	fields := map[string]string{"csrf_token": p.csrf}
	file := "name,payment_terms_days\nAcme Foods,30\n,45\nBeta Ltd,forever\n"
	r := p.Upload("/customers/import", fields, "customers.csv", []byte(file)).Want(http.StatusUnprocessableEntity)
	contains(t, r, "Imported 0 of 3 rows: nothing was imported", "<td>3</td>", "<td>4</td>", "payment_terms_days")
	p.Upload("/customers/import", fields, "", nil).Want(http.StatusUnprocessableEntity)
	fields["skip_invalid"] = "on"
	r = p.Upload("/customers/import", fields, "customers.csv", []byte(file)).Want(http.StatusOK)
	contains(t, r, "Imported 1 of 3 rows", "2 rows skipped", "Acme Foods")
}

func TestDriverReachesOnlyTheirLoads(t *testing.T) {
	srv, _, _ := start(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	mine, theirs := bookTwo(t, srv, f)
	ctx := tms.WithActor(t.Context(), tms.Actor{Email: "test", Role: tms.RoleDispatcher})
	mine, err := srv.App.Dispatch.Assign(ctx, mine.ID, assignInput(f.Driver.ID, f.Truck.ID, f.Trailer.ID))
	if err != nil {
		t.Fatal(err)
	}
	u, dpw := apitest.CreateUser(t, srv.App.Store, "driver@example.com", tms.RoleDriver)
	if _, err := srv.App.Store.UpdateUser(ctx, u.ID, func(u *tms.User) error { u.DriverID = &f.Driver.ID; return nil }); err != nil {
		t.Fatal(err)
	}
	d := newPage(t, srv)
	d.login(u.Email, dpw)
	r := d.get("/driver").Want(http.StatusOK)
	contains(t, r, mine.Number, "Acme DC Dallas", "https://www.google.com/maps/dir/?api=1&amp;destination=32.776700,-96.797000",
		`capture="environment"`, `accept="image/*,application/pdf"`, ">Arrived</button>")
	for _, path := range []string{"/dispatch", fmt.Sprintf("/loads/%d", mine.ID), "/customers", "/fleet"} {
		d.get(path).Want(http.StatusForbidden)
	}
	d.post(fmt.Sprintf("/driver/loads/%d/checkcall", theirs.ID), url.Values{"location": {"I-35"}}).Want(http.StatusForbidden)
	r = d.post(fmt.Sprintf("/driver/loads/%d/checkcall", mine.ID), url.Values{"location": {""}}).Want(http.StatusUnprocessableEntity)
	contains(t, r, `id="c-location-error"`)
	d.post(fmt.Sprintf("/driver/loads/%d/checkcall", mine.ID), url.Values{"location": {"I-35 mile 12"}, "note": {"Rolling"}}).Want(http.StatusSeeOther)
	r = d.post(fmt.Sprintf("/driver/loads/%d/stops/%d/depart", mine.ID, mine.Stops[0].ID), url.Values{}).Want(http.StatusConflict)
	contains(t, r, "Record the arrival at stop 1 before its departure.")
	d.post(fmt.Sprintf("/driver/loads/%d/stops/%d/arrive", mine.ID, mine.Stops[0].ID), url.Values{}).Want(http.StatusSeeOther)
	contains(t, d.get("/driver").Want(http.StatusOK), "Arrived at stop 1 of "+mine.Number, ">Departed</button>")
}
