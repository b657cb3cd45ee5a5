package ui_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

// payrollEnv is a server with the fixtures and a delivered load of the first driver in the
// week of f.MondayMorning; the driver is paid 55.0 cents a loaded mile less $25 insurance.
type payrollEnv struct {
	srv  *apitest.Server
	f    storetest.Fixtures
	load tms.Load
}

const payWeek = "period_start=2026-12-07&period_end=2026-12-13"

func newPayrollEnv(t *testing.T) payrollEnv {
	t.Helper()
	srv, _, _ := start(t)
	e := payrollEnv{srv: srv, f: storetest.NewFixtures(t, srv.App.Store)}
	ctx := tms.WithActor(t.Context(), tms.Actor{Email: "test", Role: tms.RoleAdmin})
	_, err := srv.App.Store.UpdateDriver(ctx, e.f.Driver.ID, func(d *tms.Driver) error {
		d.Pay = tms.PayProfile{Basis: tms.PayPerLoadedMile, Rate: 550}
		d.Deductions = []tms.Deduction{{Description: "Insurance", AmountCents: 2500}}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	e.load = e.f.Load(e.f.MondayMorning)
	e.load.Status, e.load.DriverID, e.load.TruckID, e.load.PlannedMiles = tms.StatusDelivered, &e.f.Driver.ID, &e.f.Truck.ID, 239.6
	if err := srv.App.Store.CreateLoad(ctx, &e.load); err != nil {
		t.Fatal(err)
	}
	return e
}

// as logs a new user of role in; a driver user is linked to driverID.
func (e payrollEnv) as(t *testing.T, email string, role tms.Role, driverID int64) *page {
	t.Helper()
	u, pw := apitest.CreateUser(t, e.srv.App.Store, email, role)
	if driverID != 0 {
		ctx := tms.WithActor(t.Context(), tms.Actor{Email: "test", Role: tms.RoleAdmin})
		if _, err := e.srv.App.Store.UpdateUser(ctx, u.ID, func(u *tms.User) error { u.DriverID = &driverID; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	p := newPage(t, e.srv)
	p.login(u.Email, pw)
	return p
}

func form(s string) url.Values {
	v, err := url.ParseQuery(s)
	if err != nil {
		panic(err)
	}
	return v
}

// version reads the version hidden input of the form posting to action.
func version(t *testing.T, r *apitest.Response, action string) string {
	t.Helper()
	m := regexp.MustCompile(`action="` + regexp.QuoteMeta(action) + `"[^>]*>\s*<input type="hidden" name="csrf_token" value="[^"]*">\s*<input type="hidden" name="version" value="(\d+)">`).FindSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no version in the form posting to %s:\n%s", action, r.Body)
	}
	return string(m[1])
}

func TestSettlementPages(t *testing.T) {
	e := newPayrollEnv(t)
	p := e.as(t, "billing@example.com", tms.RoleBilling, 0)
	r := p.get("/settlements").Want(http.StatusOK)
	contains(t, r, "New settlement", `name="period_start"`, "Dana Driver")

	bad := form(payWeek)
	bad.Set("driver_id", fmt.Sprint(e.f.Driver.ID))
	bad.Set("period_end", "2026-12-01")
	r = p.post("/settlements", bad).Want(http.StatusUnprocessableEntity)
	contains(t, r, `id="n-period_end-error"`, "Must not be before the start.")

	create := form(payWeek)
	create.Set("driver_id", fmt.Sprint(e.f.Driver.ID))
	loc := p.post("/settlements", create).Want(http.StatusSeeOther).Header.Get("Location")
	r = p.get(loc).Want(http.StatusOK)
	contains(t, r, "Drafted settlement", "Trip pay", e.load.Number, fmt.Sprintf(`href="/loads/%d"`, e.load.ID),
		"Insurance", "-$25.00", "$131.78", "$106.78", "Add line", ">Approve</button>")

	lines := loc + "/lines"
	r = p.post(lines, url.Values{"kind": {"deduction"}, "description": {""}, "amount": {"-5"}, "version": {version(t, r, lines)}}).Want(http.StatusUnprocessableEntity)
	contains(t, r, `id="l-amount-error"`, `id="l-description-error"`)
	p.post(lines, url.Values{"kind": {"deduction"}, "description": {"Fuel advance"}, "amount": {"50"}, "version": {"1"}}).Want(http.StatusSeeOther)
	r = p.get(loc).Want(http.StatusOK)
	contains(t, r, "Deduction added.", "Fuel advance", "-$50.00", "$75.00", "$56.78")

	status := loc + "/status"
	r = p.post(status, url.Values{"status": {"approved"}, "version": {"1"}}).Want(http.StatusConflict)
	contains(t, r, "The record was changed by someone else")
	p.post(status, url.Values{"status": {"approved"}, "version": {version(t, r, status)}}).Want(http.StatusSeeOther)
	r = p.get(loc).Want(http.StatusOK)
	contains(t, r, "is now approved.", "This settlement is locked.", ">Mark paid</button>", ">Reopen</button>")
	if strings.Contains(string(r.Body), `action="`+lines+`"`) {
		t.Error("an approved settlement still offers the add-line form")
	}
	r = p.post(lines, url.Values{"kind": {"bonus"}, "description": {"Late"}, "amount": {"10"}}).Want(http.StatusConflict)
	contains(t, r, "locked")

	r = p.get(loc + "/pdf").Want(http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "application/pdf" || !bytes.HasPrefix(r.Body, []byte("%PDF")) {
		t.Errorf("statement: Content-Type %q, body starts %q", ct, r.Body[:min(8, len(r.Body))])
	}
	contains(t, p.get("/settlements?status=approved").Want(http.StatusOK), "Dana Driver", "$56.78")
	if strings.Contains(string(p.get("/settlements?status=paid").Want(http.StatusOK).Body), "$56.78") {
		t.Error("the paid filter lists an approved settlement")
	}

	id := strings.TrimPrefix(loc, "/settlements/")
	dana := e.as(t, "dana@example.com", tms.RoleDriver, e.f.Driver.ID)
	r = dana.get("/driver").Want(http.StatusOK)
	contains(t, r, "My statements", "/driver/settlements/"+id+"/pdf", "$56.78")
	r = dana.get("/driver/settlements/" + id + "/pdf").Want(http.StatusOK)
	if !bytes.HasPrefix(r.Body, []byte("%PDF")) {
		t.Error("the driver's statement is not a PDF")
	}
	dana.get(loc).Want(http.StatusForbidden)
	sam := e.as(t, "sam@example.com", tms.RoleDriver, e.f.Driver2.ID)
	sam.get("/driver/settlements/" + id + "/pdf").Want(http.StatusNotFound)
	if strings.Contains(string(sam.get("/driver").Want(http.StatusOK).Body), "/driver/settlements/") {
		t.Error("another driver sees the statement")
	}
}

func TestDraftStatementHiddenFromDriver(t *testing.T) {
	e := newPayrollEnv(t)
	p := e.as(t, "admin2@example.com", tms.RoleAdmin, 0)
	p.get("/settlements").Want(http.StatusOK)
	create := form(payWeek)
	create.Set("driver_id", fmt.Sprint(e.f.Driver.ID))
	loc := p.post("/settlements", create).Want(http.StatusSeeOther).Header.Get("Location")
	dana := e.as(t, "dana@example.com", tms.RoleDriver, e.f.Driver.ID)
	dana.get("/driver/settlements/" + strings.TrimPrefix(loc, "/settlements/") + "/pdf").Want(http.StatusNotFound)
	contains(t, dana.get("/driver").Want(http.StatusOK), "Your pay statements show here once they are approved.")
}

func TestBillingSettingsPage(t *testing.T) {
	e := newPayrollEnv(t)
	admin := e.as(t, "admin2@example.com", tms.RoleAdmin, 0)
	r := admin.get("/settings/billing").Want(http.StatusOK)
	v := version(t, r, "/settings/billing")
	settings := form("name=Lone Star Freight&address.line1=1 Main St&address.city=Austin&address.state=TX&address.zip=78701" +
		"&phone=512-555-0100&email=ap@lonestar.example&mc_number=MC-123456&dot_number=7654321&remit_to_name=LSF Factoring" +
		"&invoice_series=LSF&credit_memo_series=LCM&invoice_footer=Thank you&version=" + v)
	admin.post("/settings/billing", settings).Want(http.StatusSeeOther)
	r = admin.get("/settings/billing").Want(http.StatusOK)
	contains(t, r, "Carrier settings saved.", `value="Lone Star Freight"`, `value="LSF"`, `value="MC-123456"`, "Thank you")
	settings.Set("version", version(t, r, "/settings/billing"))
	admin.post("/settings/billing", settings).Want(http.StatusSeeOther)
	r = admin.post("/settings/billing", settings).Want(http.StatusConflict) // the version is stale now
	contains(t, r, "The record was changed by someone else")
	settings.Set("version", version(t, admin.get("/settings/billing"), "/settings/billing"))
	settings.Set("invoice_series", "L S F!")
	r = admin.post("/settings/billing", settings).Want(http.StatusUnprocessableEntity)
	contains(t, r, `id="c-invoice_series-error"`, "Must be 1 to 10 letters")

	r = admin.post("/settings/accessorials/detention", url.Values{"rate": {"80"}, "free_minutes": {"120"}, "increment_minutes": {"15"}, "driver_pay": {"x"}}).Want(http.StatusUnprocessableEntity)
	contains(t, r, `id="acc-detention-driver_pay-error"`)
	admin.post("/settings/accessorials/detention", url.Values{"rate": {"80"}, "free_minutes": {"120"}, "increment_minutes": {"15"}, "driver_pay": {"20"}}).Want(http.StatusSeeOther)
	contains(t, admin.get("/settings/billing").Want(http.StatusOK), `id="acc-detention-rate" name="rate" form="acc-detention" value="80.00"`)

	billing := e.as(t, "billing@example.com", tms.RoleBilling, 0)
	r = billing.get("/settings/billing").Want(http.StatusOK)
	contains(t, r, "Lone Star Freight", "Only an admin changes these.")
	if strings.Contains(string(r.Body), `action="/settings/billing"`) {
		t.Error("billing staff see the carrier form")
	}
	billing.post("/settings/billing", settings).Want(http.StatusForbidden)
	billing.post("/settings/accessorials/detention", url.Values{"rate": {"1"}}).Want(http.StatusForbidden)
}

func TestFuelPages(t *testing.T) {
	e := newPayrollEnv(t)
	p := e.as(t, "billing@example.com", tms.RoleBilling, 0)
	p.get("/settings/fuel").Want(http.StatusOK)
	r := p.post("/settings/fuel/prices", url.Values{"week": {"2026-12-07"}, "price": {"3.8591"}}).Want(http.StatusUnprocessableEntity)
	contains(t, r, `id="p-price-error"`, `value="3.8591"`)
	p.post("/settings/fuel/prices", url.Values{"week": {"2026-12-07"}, "price": {"3.859"}}).Want(http.StatusSeeOther)
	contains(t, p.get("/settings/fuel").Want(http.StatusOK), "Saved $3.859 for the week of 2026-12-07.", "<td>2026-12-07</td><td class=\"num\">$3.859</td>")

	fields := map[string]string{"csrf_token": p.csrf}
	p.Upload("/settings/fuel/import", fields, "diesel.csv", []byte("week,price\n2026-11-30,3.801\n2026-11-23,3.777\n")).Want(http.StatusSeeOther)
	r = p.get("/settings/fuel").Want(http.StatusOK)
	contains(t, r, "Imported 2 weekly prices.", "$3.801", "$3.777")
	if i, j := strings.Index(string(r.Body), "$3.859"), strings.Index(string(r.Body), "$3.801"); i < 0 || j < i {
		t.Error("prices are not newest first")
	}
	r = p.Upload("/settings/fuel/import", fields, "diesel.csv", []byte("week,price\nsoon,cheap\n")).Want(http.StatusUnprocessableEntity)
	contains(t, r, "line 2: &#34;soon&#34; is not a date")
	r = p.post("/settings/fuel/fetch", url.Values{}).Want(http.StatusConflict)
	contains(t, r, "No EIA API key is configured")

	p.get("/settings/fuel/schedules/new").Want(http.StatusOK)
	bad := form("name=Standard&method=formula&peg=abc&mpg=&effective_lag_days=1&steps_count=0")
	r = p.post("/settings/fuel/schedules", bad).Want(http.StatusUnprocessableEntity)
	contains(t, r, `id="s-peg-error"`, `id="s-mpg-error"`, `value="abc"`)
	steps := form("name=Bands&method=step&effective_lag_days=0&steps_count=3&steps[0].from=3.500&steps[0].cpm=4.5&steps[1].from=3.000&steps[1].cpm=5")
	r = p.post("/settings/fuel/schedules", steps).Want(http.StatusUnprocessableEntity)
	contains(t, r, `id="st-1-from-error"`, "Must be above the previous band")

	p.post("/settings/fuel/schedules", form("name=Standard&method=formula&peg=1.250&mpg=6.5&effective_lag_days=1&active=on")).Want(http.StatusSeeOther)
	r = p.get("/settings/fuel").Want(http.StatusOK)
	contains(t, r, "Saved fuel schedule Standard.", "above $1.250 a gallon at 6.5 mpg")
	m := regexp.MustCompile(`href="(/settings/fuel/schedules/\d+)">Standard`).FindSubmatch(r.Body)
	if m == nil {
		t.Fatal("no link to the new schedule")
	}
	edit := string(m[1])
	r = p.get(edit).Want(http.StatusOK)
	contains(t, r, `value="1.250"`, `value="6.5"`)
	p.post(edit, form("name=Standard&method=percent&percent=25&effective_lag_days=1&active=on&version=1")).Want(http.StatusSeeOther)
	contains(t, p.get("/settings/fuel").Want(http.StatusOK), "25.00 % of the linehaul")
	p.post(edit, form("name=Old&method=percent&percent=25&effective_lag_days=1&version=1")).Want(http.StatusConflict)
}

func TestRatePages(t *testing.T) {
	e := newPayrollEnv(t)
	p := e.as(t, "billing@example.com", tms.RoleBilling, 0)
	p.get("/settings/rates").Want(http.StatusOK)
	c := fmt.Sprint(e.f.Customer.ID)
	r := p.post("/settings/rates", form("customer_id="+c+"&origin_state=Texas&method=per_mile&rate=2.1505")).Want(http.StatusUnprocessableEntity)
	contains(t, r, `id="r-origin_state-error"`, `id="r-rate-error"`)
	p.post("/settings/rates", form("customer_id="+c+"&origin_state=tx&dest_state=TX&method=per_mile&rate=2.150&stop_off=75&active=on")).Want(http.StatusSeeOther)
	r = p.get("/settings/rates?customer_id=" + c).Want(http.StatusOK)
	contains(t, r, "Rate added.", "Acme Foods", "TX → TX", "$2.150 per mile", "$75.00", ">Deactivate</button>")
	m := regexp.MustCompile(`href="/settings/rates\?edit=(\d+)"`).FindSubmatch(r.Body)
	if m == nil {
		t.Fatal("no edit link")
	}
	id := string(m[1])
	contains(t, p.get("/settings/rates?edit="+id).Want(http.StatusOK), `value="2.150"`, `action="/settings/rates/`+id+`"`)
	p.post("/settings/rates/"+id, form("customer_id="+c+"&method=flat&rate=1500&active=on&version=1")).Want(http.StatusSeeOther)
	contains(t, p.get("/settings/rates").Want(http.StatusOK), "$1,500.00 flat", "Any lane")
	p.post("/settings/rates/"+id, form("op=deactivate&version=2")).Want(http.StatusSeeOther)
	contains(t, p.get("/settings/rates").Want(http.StatusOK), ">Activate</button>")
	r = p.post("/settings/rates/"+id, form("op=activate&version=2")).Want(http.StatusConflict)
	contains(t, r, "The record was changed by someone else")
}

func TestReportsPage(t *testing.T) {
	e := newPayrollEnv(t)
	viewer := e.as(t, "viewer@example.com", tms.RoleViewer, 0)
	r := viewer.get("/reports").Want(http.StatusOK)
	contains(t, r, "Operating report", `name="from"`, "Download CSV")
	r = viewer.get("/reports?from=2026-12-07&to=2026-12-13").Want(http.StatusOK)
	contains(t, r, "$1,430.50", "Acme Foods", "Dana Driver", "239.6", "T-101", "2026-12-07")
	r = viewer.get("/reports/operating.csv?from=2026-12-07&to=2026-12-13").Want(http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(string(r.Body), "1430.50") {
		t.Errorf("CSV: Content-Type %q, body:\n%s", ct, r.Body)
	}
	r = viewer.get("/reports?from=2026-12-13&to=2026-12-07").Want(http.StatusUnprocessableEntity)
	contains(t, r, `id="r-to-error"`)
}

func TestPayrollRoles(t *testing.T) {
	e := newPayrollEnv(t)
	viewer := e.as(t, "viewer@example.com", tms.RoleViewer, 0)
	viewer.get("/reports").Want(http.StatusOK)
	for _, path := range []string{"/settlements", "/settings/fuel/prices", "/settings/fuel/schedules", "/settings/rates", "/settings/billing"} {
		viewer.post(path, url.Values{}).Want(http.StatusForbidden)
	}
	dispatcher := e.as(t, "dispatcher@example.com", tms.RoleDispatcher, 0)
	for _, path := range []string{"/settlements", "/settings/fuel", "/settings/billing", "/settings/rates"} {
		dispatcher.get(path).Want(http.StatusForbidden)
	}
	dispatcher.get("/reports").Want(http.StatusOK)
}
