package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

// desktop is the office screen the board and billing pages are laid out for.
func (b *browser) desktop() {
	b.t.Helper()
	b.do(chromedp.EmulateViewport(1440, 900))
}

// storeLoad stores a load of the fixtures in a status, with planned miles and a linehaul.
func storeLoad(t *testing.T, srv *apitest.Server, f storetest.Fixtures, status tms.LoadStatus, start time.Time, miles float64, linehaul tms.Cents) tms.Load {
	t.Helper()
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "e2e", Role: tms.RoleDispatcher})
	l := f.Load(start)
	l.Status, l.PlannedMiles, l.MilesManual = status, miles, true
	l.Charges = []tms.Charge{{Kind: "linehaul", AmountCents: linehaul}}
	if status != tms.StatusBooked {
		l.DriverID, l.TruckID = &f.Driver.ID, &f.Truck.ID
	}
	if err := srv.App.Store.CreateLoad(ctx, &l); err != nil {
		t.Fatal(err)
	}
	return l
}

// TestBoardTable: the table view shows 25 or more loads on a 1440 x 900 screen, sorts by
// miles both ways, flags a dispatched load whose pickup window ended without an arrival, and
// stays the user's layout on the next visit.
func TestBoardTable(t *testing.T) {
	srv := server(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	tomorrow := time.Now().Add(24 * time.Hour).Truncate(time.Hour)
	for i := range 30 {
		storeLoad(t, srv, f, tms.StatusBooked, tomorrow.Add(time.Duration(i)*time.Hour), float64(100+7*((i*11)%30)), tms.Cents(100000+i))
	}
	late := storeLoad(t, srv, f, tms.StatusDispatched, time.Now().Add(-5*time.Hour).Truncate(time.Minute), 270, 125000)
	_, pw := user(t, srv, "dana@example.com", "Dana Dispatcher", tms.RoleDispatcher)

	b := newBrowser(t, srv.URL)
	b.desktop()
	b.login("dana@example.com", pw)
	b.visit("/dispatch")
	b.submit(`.view-switch a[href*="view=table"]`)
	if visible := b.visibleRows("#table-moving"); visible < 25 {
		t.Errorf("%d loads visible on a 1440 x 900 screen, want at least 25", visible)
	}
	if got := strings.Join(strings.Fields(b.text(fmt.Sprintf("#row-%d .flag-late", late.ID))), " "); !strings.HasPrefix(got, "late : window ended") {
		t.Errorf("late flag of %s = %q", late.Number, got)
	}

	b.submit(`#table-moving th a[data-sort="miles"]`)
	if miles := b.column("#table-moving", 8); !slices.IsSorted(miles) {
		t.Errorf("sorted by miles, the column reads %v", miles)
	}
	b.submit(`#table-moving th a[data-sort="miles"]`)
	if miles := b.column("#table-moving", 8); !slices.IsSortedFunc(miles, func(a, b int) int { return b - a }) {
		t.Errorf("sorted by miles descending, the column reads %v", miles)
	}

	b.visit("/dispatch")
	if n := run(b, chromedp.Evaluate[int](`document.querySelectorAll('#table-moving tbody tr').length`)); n != 31 {
		t.Errorf("back on /dispatch the remembered table shows %d loads, want 31", n)
	}
}

// visibleRows counts the table's rows that end within the window.
func (b *browser) visibleRows(table string) int {
	b.t.Helper()
	return run(b, chromedp.Evaluate[int](fmt.Sprintf(`Array.prototype.filter.call(document.querySelectorAll(%q),
		function (tr) { return tr.getBoundingClientRect().bottom <= window.innerHeight; }).length`, table+" tbody tr")))
}

// column reads a table's column (1-based) as whole numbers.
func (b *browser) column(table string, n int) []int {
	b.t.Helper()
	cells := run(b, chromedp.Evaluate[[]string](fmt.Sprintf(`Array.prototype.map.call(document.querySelectorAll(%q),
		function (td) { return td.textContent.trim(); })`, fmt.Sprintf("%s tbody td:nth-child(%d)", table, n))))
	out := make([]int, len(cells))
	for i, c := range cells {
		v, err := strconv.Atoi(strings.ReplaceAll(c, ",", ""))
		if err != nil {
			b.t.Fatalf("cell %q of %s is not a number", c, table)
		}
		out[i] = v
	}
	return out
}

// TestOfficeCheckCall: a dispatcher enters a check call taken by phone, with the time it was
// made in the load's zone; it shows on the load's history at that time.
func TestOfficeCheckCall(t *testing.T) {
	srv := server(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	l := storeLoad(t, srv, f, tms.StatusInTransit, time.Now().Add(-3*time.Hour).Truncate(time.Minute), 270, 125000)
	_, pw := user(t, srv, "dana@example.com", "Dana Dispatcher", tms.RoleDispatcher)
	called := time.Now().Add(-40 * time.Minute).In(f.Shipper.Location()).Truncate(time.Minute)

	b := newBrowser(t, srv.URL)
	b.login("dana@example.com", pw)
	b.visit(fmt.Sprintf("/loads/%d", l.ID))
	b.do(chromedp.Click(chromedp.CSS("details.checkcall summary")))
	b.fill("#cc-location", "I-45 mile 190, Centerville")
	b.do(chromedp.SetValue(chromedp.CSS("#cc-at"), called.Format("2006-01-02T15:04")),
		chromedp.SetValue(chromedp.CSS("#cc-note"), "Driver says on time"))
	if status := b.submit(`#checkcall-form button[type="submit"]`); status != 200 {
		t.Fatalf("recording the check call answered %d: %s", status, b.text("main"))
	}
	if got := b.text(".notice-ok"); !strings.HasPrefix(got, "Check call recorded on "+l.Number) {
		t.Errorf("notice = %q", got)
	}
	history := b.text("#history .events")
	want := called.Format("Mon Jan 2 15:04 MST") + " Check call · I-45 mile 190, Centerville · Driver says on time"
	if !strings.Contains(strings.Join(strings.Fields(history), " "), want) {
		t.Errorf("history = %q, want %q", history, want)
	}
}

// TestBillingHome: a billing user lands on the billing overview, whose figures are billing's
// own; rates and fuel sit under Billing; the payments table fits a 1440 px screen.
func TestBillingHome(t *testing.T) {
	srv := server(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "e2e", Role: tms.RoleBilling})
	open := tms.Customer{Name: "Open Road Co", Active: true, PaymentTermsDays: 30, RequiredDocuments: []string{}}
	if err := srv.App.Store.CreateCustomer(ctx, &open); err != nil {
		t.Fatal(err)
	}
	f.Customer = open
	yesterday := time.Now().Add(-30 * time.Hour).Truncate(time.Hour)
	storeLoad(t, srv, f, tms.StatusDelivered, yesterday, 270, 125000)
	storeLoad(t, srv, f, tms.StatusDelivered, yesterday, 310, 98000)
	inv := sentInvoice(t, ctx, srv, storeLoad(t, srv, f, tms.StatusDelivered, yesterday, 400, 210000))
	p := tms.Payment{InvoiceID: inv.ID, CustomerID: inv.CustomerID, AmountCents: 60000, Date: tms.DateOf(time.Now()), Method: "check", Reference: "CHK-99120388"}
	if _, err := srv.App.Store.RecordPayment(ctx, &p); err != nil {
		t.Fatal(err)
	}
	_, pw := user(t, srv, "bea@example.com", "Bea Billing", tms.RoleBilling)

	b := newBrowser(t, srv.URL)
	b.desktop()
	b.login("bea@example.com", pw)
	if got := b.path(); got != "/billing/overview" {
		t.Fatalf("billing lands on %q, want /billing/overview", got)
	}
	for sel, want := range map[string]string{
		"#ready dd":      "$2,230.00",
		"#receivable dd": "$1,500.00",
		"#payments dd":   "$600.00",
		"#blocked dd":    "0",
	} {
		if got := b.text(sel); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	if got := b.text(`nav.tabs[aria-label="Billing"]`); !strings.Contains(got, "Rates") || !strings.Contains(got, "Fuel") {
		t.Errorf("billing tabs = %q, want rates and fuel under Billing", got)
	}
	b.visit("/settings/rates")
	if got := b.text(`.mainnav a[aria-current="page"]`); got != "Billing" {
		t.Errorf("on the rates page the current section is %q, want Billing", got)
	}

	b.visit(fmt.Sprintf("/invoices/%d", inv.ID))
	if overflow := run(b, chromedp.Evaluate[float64](`(function () {
		var t = document.querySelector('#payments table').getBoundingClientRect();
		var card = document.querySelector('#payments').getBoundingClientRect();
		return Math.max(t.right - card.right, card.right - window.innerWidth);
	})()`)); overflow > 0 {
		t.Errorf("the payments table overflows by %.0f px at 1440 px", overflow)
	}
}

// sentInvoice invoices a delivered load and sends it.
func sentInvoice(t *testing.T, ctx context.Context, srv *apitest.Server, l tms.Load) tms.Invoice {
	t.Helper()
	inv, err := srv.App.Billing.CreateInvoice(ctx, billing.InvoiceInput{LoadIDs: []int64{l.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if inv, err = srv.App.Billing.SendInvoice(ctx, inv.ID, inv.Version); err != nil {
		t.Fatal(err)
	}
	return inv
}

// TestUploadErrorNextToForm: a refused upload says why right above the upload form, without
// reloading the page or scrolling away from the form.
func TestUploadErrorNextToForm(t *testing.T) {
	srv := server(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	l := storeLoad(t, srv, f, tms.StatusDelivered, time.Now().Add(-30*time.Hour).Truncate(time.Hour), 270, 125000)
	_, pw := user(t, srv, "dana@example.com", "Dana Dispatcher", tms.RoleDispatcher)
	notes := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notes, []byte("not a scan"), 0o644); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, srv.URL)
	b.desktop()
	b.login("dana@example.com", pw)
	b.visit(fmt.Sprintf("/loads/%d", l.ID))
	run(b, chromedp.Evaluate[bool](`window.samePage = true`))
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#d-file"), []string{notes}),
		chromedp.Click(chromedp.CSS(`#upload-form button[type="submit"]`)))
	b.waitFor(`document.querySelector('#upload-error [role="alert"]') !== null`)
	if got := b.text("#d-file-error"); got == "" {
		t.Errorf("no error on the file field; the page says %q", b.text("#documents"))
	}
	gap := run(b, chromedp.Evaluate[[]float64](`(function () {
		var alert = document.querySelector('#upload-error [role="alert"]').getBoundingClientRect();
		var form = document.querySelector('#upload-form').getBoundingClientRect();
		return [form.top - alert.bottom, alert.top, window.innerHeight - alert.bottom];
	})()`))
	if gap[0] < 0 || gap[0] > 40 || gap[1] < 0 || gap[2] < 0 {
		t.Errorf("the error is %.0f px above the form, %.0f px from the window's top and %.0f px from its bottom; want it on screen, next to the form", gap[0], gap[1], gap[2])
	}
	if !run(b, chromedp.Evaluate[bool](`window.samePage === true`)) {
		t.Error("the refused upload reloaded the page")
	}
}
