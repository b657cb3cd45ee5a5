package ui_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

// loadForm is a filled-in new-load form over the fixtures: Dallas to Houston tomorrow.
func loadForm(f storetest.Fixtures) url.Values {
	day := time.Now().AddDate(0, 0, 1).Format("2006-01-02")
	return url.Values{
		"customer_id": {fmt.Sprint(f.Customer.ID)}, "status": {"booked"}, "commodity": {"Paper"}, "weight_lb": {"30,000"},
		"equipment_type": {"dry_van"}, "stops_count": {"2"}, "charges_count": {"1"},
		"stops[0].kind": {"pickup"}, "stops[0].facility_id": {fmt.Sprint(f.Shipper.ID)},
		"stops[0].appointment_start": {day + "T08:00"}, "stops[0].appointment_end": {day + "T10:00"},
		"stops[1].kind": {"delivery"}, "stops[1].facility_id": {fmt.Sprint(f.Receiver.ID)},
		"stops[1].appointment_start": {day + "T16:00"},
		"charges[0].kind":            {"linehaul"}, "charges[0].amount": {"1,250.00"},
	}
}

func TestLoadForm(t *testing.T) {
	srv, email, pw := start(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	p := newPage(t, srv)
	p.login(email, pw)
	r := p.get("/loads/new").Want(http.StatusOK)
	contains(t, r, `name="stops[1].appointment_start"`, `type="datetime-local"`, `hx-get="/facilities/search"`)

	form := loadForm(f)
	form.Set("op", "add-stop")
	r = p.post("/loads/new", form).Want(http.StatusOK)
	contains(t, r, `name="stops[2].kind"`, `name="stops_count" value="3"`, `value="Paper"`)
	form.Set("op", "up-stop-1")
	r = p.post("/loads/new", form).Want(http.StatusOK)
	if i, j := strings.Index(string(r.Body), "Grocer Houston — Houston"), strings.Index(string(r.Body), "Acme DC Dallas — Dallas"); i < 0 || j < 0 {
		t.Fatalf("facilities missing from the form:\n%s", r.Body)
	}
	if got := selected(r, "stops[0].kind"); got != "delivery" {
		t.Errorf("after moving stop 2 up, stop 1 is a %q", got)
	}

	bad := loadForm(f)
	bad.Set("op", "save")
	bad.Set("stops[0].appointment_start", "tomorrow morning")
	bad.Set("stops[1].facility_id", "")
	bad.Set("charges[0].amount", "lots")
	r = p.post("/loads/new", bad).Want(http.StatusUnprocessableEntity)
	contains(t, r, `id="c0-amount-error"`, "Must be an amount such as 1250.00.", `id="s1-facility_id-error"`, "Choose a facility.")
	bad.Set("charges[0].amount", "1250")
	bad.Set("stops[1].facility_id", fmt.Sprint(f.Receiver.ID))
	r = p.post("/loads/new", bad).Want(http.StatusUnprocessableEntity)
	contains(t, r, `id="s0-appointment_start-error"`, "Must be a time like", `value="tomorrow morning"`)

	form = loadForm(f)
	form.Set("op", "save")
	loc := p.post("/loads/new", form).Want(http.StatusSeeOther).Header.Get("Location")
	r = p.get(loc).Want(http.StatusOK)
	contains(t, r, "Booked L-", "08:00–10:00 CST", "$1,250.00", "Acme DC Dallas", `data-stop-status="pending"`)

	edit := loc + "/edit"
	r = p.get(edit).Want(http.StatusOK)
	contains(t, r, `value="`+time.Now().AddDate(0, 0, 1).Format("2006-01-02")+`T08:00"`, "America/Chicago")
	form.Set("version", "1")
	form.Set("commodity", "Tissue")
	p.post(edit, form).Want(http.StatusSeeOther)
	r = p.post(edit, form).Want(http.StatusConflict) // version 1 is stale now
	contains(t, r, "The record was changed by someone else", `value="Tissue"`)
}

// selected returns the chosen option's value of a select named name.
func selected(r *apitest.Response, name string) string {
	body := string(r.Body)
	i := strings.Index(body, `name="`+name+`"`)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	rest = rest[:strings.Index(rest, "</select>")]
	j := strings.Index(rest, " selected")
	if j < 0 {
		return ""
	}
	k := strings.LastIndex(rest[:j], `value="`)
	return strings.SplitN(rest[k+7:], `"`, 2)[0]
}

func TestFacilitySearch(t *testing.T) {
	srv, email, pw := start(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	p := newPage(t, srv)
	p.login(email, pw)
	q := url.Values{"stops[0].facility_q": {"houston"}, "stops[0].facility_id": {fmt.Sprint(f.Shipper.ID)}}
	r := p.get("/facilities/search?"+q.Encode(), "HX-Request", "true").Want(http.StatusOK)
	contains(t, r, "Grocer Houston", `data-tz="America/Chicago"`, fmt.Sprintf(`value="%d" data-tz="America/Chicago" selected`, f.Shipper.ID))
	if strings.Contains(string(r.Body), "<html") {
		t.Error("the search answers a whole page, want the options")
	}
}

func TestAssignConflictAndStatus(t *testing.T) {
	srv, email, pw := start(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	p := newPage(t, srv)
	p.login(email, pw)
	first, second := bookTwo(t, srv, f)
	p.get("/dispatch").Want(http.StatusOK)
	assign := url.Values{"driver_id": {fmt.Sprint(f.Driver.ID)}, "truck_id": {fmt.Sprint(f.Truck.ID)},
		"trailer_id": {fmt.Sprint(f.Trailer.ID)}, "return": {"/dispatch?q=L-"}}
	r := p.post(fmt.Sprintf("/loads/%d/assign", first.ID), assign).Want(http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/dispatch?q=L-" {
		t.Errorf("after assigning: Location %q, want the board with its filter", loc)
	}
	// The cards fetch their assign forms when opened: the board and a board filtered on the
	// second load, which does not show the first, each point the second card at its form
	// returning to that board, and the form says what the first load holds.
	for _, board := range []string{"/dispatch", "/dispatch?q=" + second.Number} {
		r = p.get(board).Want(http.StatusOK)
		if strings.Contains(string(r.Body), "V-201 (Dry van)") {
			t.Errorf("%s draws the pickers into its cards, want them fetched on open", board)
		}
		if board != "/dispatch" && strings.Contains(string(r.Body), `id="load-`+strconv.FormatInt(first.ID, 10)+`"`) {
			t.Fatalf("the board filtered on %s shows %s", second.Number, first.Number)
		}
		form := fmt.Sprintf("/loads/%d/assign?return=%s", second.ID, url.QueryEscape(board))
		contains(t, r, `hx-get="`+strings.ReplaceAll(form, "+", "&#43;")+`" hx-trigger="toggle once"`)
		r = p.get(form, "HX-Request", "true").Want(http.StatusOK)
		contains(t, r, "Dana Driver — on "+first.Number+" until", "T-101 — on "+first.Number+" until", "V-201 (Dry van) — on "+first.Number,
			`<input type="hidden" name="return" value="`+strings.ReplaceAll(board, "+", "&#43;")+`">`, fmt.Sprintf(`id="a%d-driver_id"`, second.ID))
		if strings.Contains(string(r.Body), "F-301") {
			t.Error("the pickers of dry van loads offer the flatbed F-301")
		}
	}
	r = p.post(fmt.Sprintf("/loads/%d/assign", second.ID), assign).Want(http.StatusConflict)
	contains(t, r, "This assignment was refused:", "are on load "+first.Number+" (dispatched) until", "Assign anyway", `name="reason"`)

	assign.Set("override", "on")
	r = p.post(fmt.Sprintf("/loads/%d/assign", second.ID), assign).Want(http.StatusUnprocessableEntity)
	contains(t, r, "Is required to override.")

	status := url.Values{"status": {"paid"}, "return": {fmt.Sprintf("/loads/%d", first.ID)}}
	r = p.post(fmt.Sprintf("/loads/%d/status", first.ID), status).Want(http.StatusConflict)
	contains(t, r, "A dispatched load cannot become paid", "<h1>"+first.Number)
	status.Set("status", "in_transit")
	p.post(fmt.Sprintf("/loads/%d/status", first.ID), status).Want(http.StatusSeeOther)
	contains(t, p.get(fmt.Sprintf("/loads/%d", first.ID)).Want(http.StatusOK), first.Number+" is now in transit.")
}

// bookTwo books two loads over the same hours of tomorrow.
func bookTwo(t *testing.T, srv *apitest.Server, f storetest.Fixtures) (tms.Load, tms.Load) {
	t.Helper()
	ctx := tms.WithActor(t.Context(), tms.Actor{Email: "test", Role: tms.RoleDispatcher})
	start := time.Now().Add(24 * time.Hour).Truncate(time.Hour)
	var out [2]tms.Load
	for i := range out {
		l := f.Load(start.Add(time.Duration(i) * time.Hour))
		if err := srv.App.Store.CreateLoad(ctx, &l); err != nil {
			t.Fatal(err)
		}
		out[i] = l
	}
	return out[0], out[1]
}

func TestUploadAndCharges(t *testing.T) {
	srv, email, pw := start(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	l, _ := bookTwo(t, srv, f)
	billing, bpw := apitest.CreateUser(t, srv.App.Store, "billing@example.com", tms.RoleBilling)
	p := newPage(t, srv)
	p.login(billing.Email, bpw)
	path := fmt.Sprintf("/loads/%d", l.ID)
	r := p.get(path).Want(http.StatusOK)
	contains(t, r, `enctype="multipart/form-data"`, `accept="image/*,application/pdf"`, "Edit charges")
	if strings.Contains(string(r.Body), "/assign") || strings.Contains(string(r.Body), "Edit load") {
		t.Error("billing sees dispatch controls")
	}
	fields := map[string]string{"csrf_token": p.csrf, "type": "pod", "return": path}
	p.Upload(path+"/documents", fields, "notes.txt", []byte("just text")).Want(http.StatusUnprocessableEntity)
	scan := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("% a phone camera scan\n"), 100_000)...) // 2 MB: over the server's default body limit
	p.Upload(path+"/documents", fields, "pod.pdf", scan).Want(http.StatusSeeOther)
	contains(t, p.get(path).Want(http.StatusOK), "Uploaded POD pod.pdf.", "/api/v1/documents/")

	charges := url.Values{"version": {fmt.Sprint(l.Version)}, "charges_count": {"2"}, "return": {path},
		"charges[0].kind": {"linehaul"}, "charges[0].amount": {"1300"}, "charges[1].kind": {"detention"}, "charges[1].amount": {"75.5"}}
	charges.Set("op", "add-charge")
	r = p.post(path+"/charges", charges).Want(http.StatusOK)
	contains(t, r, `name="charges[2].kind"`)
	charges.Set("op", "save")
	p.post(path+"/charges", charges).Want(http.StatusSeeOther)
	contains(t, p.get(path).Want(http.StatusOK), "Charges saved.", "$1,375.50")

	_, _ = email, pw
	viewer, vpw := apitest.CreateUser(t, srv.App.Store, "viewer@example.com", tms.RoleViewer)
	v := newPage(t, srv)
	v.login(viewer.Email, vpw)
	r = v.get(path).Want(http.StatusOK)
	if strings.Contains(string(r.Body), `method="post" action="/loads/`) {
		t.Error("a viewer sees write forms on the load page")
	}
	v.post(path+"/status", url.Values{"status": {"cancelled"}}).Want(http.StatusForbidden)
	v.get("/loads/new").Want(http.StatusForbidden)
}

func assignInput(driver, truck, trailer int64) dispatch.AssignInput {
	return dispatch.AssignInput{Assignment: tms.Assignment{DriverID: &driver, TruckID: &truck, TrailerID: &trailer}}
}
