package e2e

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/seed"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

// TestFindPaidLoad, over the demo data: a paid load is found by its PO (typed in lower case)
// on the Loads page with the paid status ticked, and by the header's global search; the
// Loads page sorts by a column; the CSV of a filtered list holds exactly the loads the filter
// selects. With TMS_SCREENSHOTS=1 it photographs the Loads page.
func TestFindPaidLoad(t *testing.T) {
	srv := server(t)
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "seed", Role: tms.RoleAdmin, Source: tms.SourceAPI})
	if _, err := seed.Demo(ctx, srv.App.Store, srv.App.Dispatch, srv.App.Documents, srv.App.Billing, time.Now()); err != nil {
		t.Fatal(err)
	}
	paid := paidLoadWithPO(t, srv)
	_, pw := user(t, srv, "vera@example.com", "Vera Viewer", tms.RoleViewer)
	b := newBrowser(t, srv.URL)
	b.login("vera@example.com", pw)

	b.visit("/loads")
	b.screenshot("loads")
	b.fill("#f-q", strings.ToLower(paid.References.PO))
	b.do(chromedp.Click(chromedp.CSS(`input[name="status"][value="paid"]`)))
	if status := b.submit(`form[aria-label="Filter loads"] button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("filtering answered %d", status)
	}
	if got := b.text("#results tbody"); !strings.Contains(got, paid.Number) || !strings.Contains(got, "Paid") {
		t.Errorf("Loads page filtered by PO %s and paid shows %q, want %s", paid.References.PO, got, paid.Number)
	}

	b.visit("/loads")
	if status := b.submit(`.loads-table thead a[href*="sort=customer"]`); status != http.StatusOK {
		t.Fatalf("sorting answered %d", status)
	}
	if got := b.text(`.loads-table th[aria-sort="ascending"]`); got != "Customer" {
		t.Errorf("after clicking Customer the ascending column is %q", got)
	}

	b.fill("#global-q", strings.ToLower(paid.References.PO))
	if status := b.submit(`.globalsearch button`); status != http.StatusOK {
		t.Fatalf("global search answered %d", status)
	}
	if got := b.text("#found-loads + ul"); !strings.Contains(got, paid.Number) {
		t.Errorf("global search for %s lists loads %q, want %s", paid.References.PO, got, paid.Number)
	}
	if status := b.submit(fmt.Sprintf(`.found a[href="/loads/%d"]`, paid.ID)); status != http.StatusOK || b.path() != fmt.Sprintf("/loads/%d", paid.ID) {
		t.Errorf("following the result: status %d at %s", status, b.path())
	}

	checkFilteredCSV(t, srv, b, paid.CustomerID)
}

// paidLoadWithPO is a paid demo load that has a PO.
func paidLoadWithPO(t *testing.T, srv *apitest.Server) tms.Load {
	t.Helper()
	page, err := srv.App.Store.ListLoads(context.Background(), tms.LoadFilter{Statuses: []tms.LoadStatus{tms.StatusPaid}, Page: tms.PageRequest{Limit: tms.MaxPageSize}})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(page.Items, func(l tms.Load) bool { return l.References.PO != "" })
	if i < 0 {
		t.Fatal("the demo data has no paid load with a PO")
	}
	return page.Items[i]
}

// checkFilteredCSV filters the Loads page by a customer and the delivered, invoiced and paid
// statuses, downloads its CSV link and compares its load numbers with the store's answer.
func checkFilteredCSV(t *testing.T, srv *apitest.Server, b *browser, customerID int64) {
	t.Helper()
	statuses := []tms.LoadStatus{tms.StatusDelivered, tms.StatusInvoiced, tms.StatusPaid}
	b.visit(fmt.Sprintf("/loads?customer_id=%d&status=delivered&status=invoiced&status=paid", customerID))
	link := run(b, chromedp.Evaluate[string](`document.querySelector('a[href^="/loads.csv"]').getAttribute('href')`))
	body := run(b, chromedp.Evaluate[string](fmt.Sprintf(`fetch(%q).then(r => r.text())`, link), chromedp.EvalAwaitPromise))
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) == 0 || rows[0][1] != "number" {
		t.Fatalf("CSV from %s: %v, %q", link, err, body)
	}
	var got []string
	for _, r := range rows[1:] {
		got = append(got, r[1])
	}
	page, err := srv.App.Store.ListLoads(context.Background(), tms.LoadFilter{CustomerID: customerID, Statuses: statuses,
		Page: tms.PageRequest{Limit: tms.MaxPageSize, Sort: "id"}})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, l := range page.Items {
		want = append(want, l.Number)
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("CSV of %s has loads %v, want %v", link, got, want)
	}
}

// TestCreditWarningAtBooking: a customer with open receivables near their credit limit shows
// them on their page; booking a load beyond the limit through the form books it with a
// warning, which the load's history keeps, and the customer page then shows the limit exceeded.
func TestCreditWarningAtBooking(t *testing.T) {
	srv := server(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "e2e", Role: tms.RoleAdmin})
	if _, err := srv.App.Store.UpdateCustomer(ctx, f.Customer.ID, func(c *tms.Customer) error { c.CreditLimitCents = 250000; return nil }); err != nil {
		t.Fatal(err)
	}
	storedSentInvoice(t, srv, f, 200000)
	_, pw := user(t, srv, "dana@example.com", "Dana Dispatcher", tms.RoleDispatcher)
	b := newBrowser(t, srv.URL)
	b.login("dana@example.com", pw)

	customer := fmt.Sprintf("/customers/%d", f.Customer.ID)
	b.visit(customer)
	if got := b.text("#credit-title + dl"); !strings.Contains(got, "$2,000.00 in 1 invoice") || !strings.Contains(got, "$2,500.00") {
		t.Errorf("customer page credit = %q, want the open $2,000.00 against $2,500.00", got)
	}

	id := b.bookLoad(f, time.Now().Add(2*time.Hour).In(f.Shipper.Location()).Truncate(time.Minute))
	if got := b.text(".notice-warn"); !strings.Contains(got, "Credit limit exceeded") || !strings.Contains(got, "$2,500.00 credit limit") {
		t.Errorf("warning after booking = %q", got)
	}
	if l, err := srv.App.Store.Load(ctx, id); err != nil || l.Status != tms.StatusBooked {
		t.Errorf("the load beyond the limit is %s (%v), want booked", l.Status, err)
	}
	b.visit(fmt.Sprintf("/loads/%d", id))
	if got := b.text("main"); !strings.Contains(got, "Credit limit exceeded") {
		t.Error("the load's page does not show the credit warning in its history")
	}
	b.visit(customer)
	if got := b.text("#credit-title ~ .notice-warn"); !strings.Contains(got, "Over the credit limit") {
		t.Errorf("customer page after booking: %q, want the limit exceeded", got)
	}
	if got := b.text("#cust-loads-title + ul"); !strings.Contains(got, "L-") {
		t.Errorf("customer page loads = %q, want the booked load", got)
	}
}

// storedSentInvoice stores an invoice, marked sent, for a new delivered load of amount for the fixtures' customer and sends it.
func storedSentInvoice(t *testing.T, srv *apitest.Server, f storetest.Fixtures, amount tms.Cents) {
	t.Helper()
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "e2e", Role: tms.RoleAdmin})
	s := srv.App.Store
	l := f.Load(time.Now().Add(-72 * time.Hour))
	l.Status, l.Charges = tms.StatusDelivered, []tms.Charge{{Kind: "linehaul", AmountCents: amount}}
	if err := s.CreateLoad(ctx, &l); err != nil {
		t.Fatal(err)
	}
	inv := tms.Invoice{CustomerID: f.Customer.ID, IssueDate: tms.DateOf(time.Now()), TermsDays: 30, LoadIDs: []int64{l.ID},
		Lines: []tms.InvoiceLine{{LoadID: l.ID, Kind: "linehaul", Description: "Linehaul", AmountCents: amount}}}
	if err := s.CreateInvoice(ctx, &inv, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateInvoice(ctx, inv.ID, func(i *tms.Invoice) error { i.Status = tms.InvoiceSent; return nil }); err != nil {
		t.Fatal(err)
	}
}
