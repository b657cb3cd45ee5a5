package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/reports"
	"github.com/anditms/tms/internal/tms"
)

// testAgingInvoices crafts open invoices at every bucket edge and checks the aging report
// built from OpenInvoices against buckets computed by hand.
func testAgingInvoices(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	other := tms.Customer{Name: "Zephyr Paper", Active: true, PaymentTermsDays: 15}
	must(t, s.CreateCustomer(ctx, &other))
	type crafted struct {
		customer     int64
		issued       string
		amount, paid tms.Cents
		status       tms.InvoiceStatus
	}
	// As of 2027-03-31 with 30-day terms: due 03-31 is current, due 03-03 is 28 days late,
	// 01-31 is 59, 12-31 is 90 and 12-01 is 120.
	cases := []crafted{
		{f.Customer.ID, "2027-03-01", 100000, 0, tms.InvoiceSent},    // current 1,000.00
		{f.Customer.ID, "2027-02-01", 50000, 20000, tms.InvoiceSent}, // 1-30: balance 300.00
		{f.Customer.ID, "2027-01-01", 70000, 0, tms.InvoiceSent},     // 31-60: 700.00
		{f.Customer.ID, "2026-12-01", 40000, 0, tms.InvoiceSent},     // 61-90 (exactly 90): 400.00
		{f.Customer.ID, "2026-11-01", 25000, 0, tms.InvoiceSent},     // over 90: 250.00
		{f.Customer.ID, "2026-11-02", 99900, 99900, tms.InvoiceSent}, // paid: not aged
		{f.Customer.ID, "2026-11-03", 88800, 0, tms.InvoiceDraft},    // draft: not aged
		{other.ID, "2027-02-28", 10000, 0, tms.InvoiceSent},          // 1-30 (1 day): 100.00
	}
	for i, c := range cases {
		l := f.Load(f.MondayMorning.Add(time.Duration(i) * 24 * time.Hour))
		l.CustomerID, l.Status = c.customer, tms.StatusDelivered
		l.Charges = []tms.Charge{{Kind: "linehaul", AmountCents: c.amount}}
		must(t, s.CreateLoad(ctx, &l))
		inv := tms.Invoice{CustomerID: c.customer, IssueDate: date(c.issued), TermsDays: 30, LoadIDs: []int64{l.ID},
			Lines: []tms.InvoiceLine{{LoadID: l.ID, Kind: "linehaul", Description: "Linehaul " + l.Number, AmountCents: c.amount}}}
		must(t, s.CreateInvoice(ctx, &inv, nil))
		if c.status == tms.InvoiceDraft {
			continue
		}
		_, err := s.UpdateInvoice(ctx, inv.ID, func(i *tms.Invoice) error { i.Status = tms.InvoiceSent; return nil })
		must(t, err)
		if c.paid > 0 {
			_, err := s.RecordPayment(ctx, &tms.Payment{InvoiceID: inv.ID, AmountCents: c.paid, Date: date("2027-03-15"), Method: "check"})
			must(t, err)
		}
	}
	open, err := s.OpenInvoices(ctx, 0)
	must(t, err)
	names := map[int64]string{f.Customer.ID: f.Customer.Name, other.ID: other.Name}
	got := reports.Aging(open, names, date("2027-03-31"))
	want := []reports.AgingRow{
		{CustomerID: f.Customer.ID, CustomerName: "Acme Foods", Invoices: 5, AgingBuckets: reports.AgingBuckets{
			Current: 100000, Days1To30: 30000, Days31To60: 70000, Days61To90: 40000, Over90: 25000, Total: 265000}},
		{CustomerID: other.ID, CustomerName: "Zephyr Paper", Invoices: 1, AgingBuckets: reports.AgingBuckets{Days1To30: 10000, Total: 10000}},
	}
	if diff := cmp.Diff(want, got.Rows); diff != "" {
		t.Fatalf("aging rows (-want +got):\n%s", diff)
	}
	wantTotals := reports.AgingBuckets{Current: 100000, Days1To30: 40000, Days31To60: 70000, Days61To90: 40000, Over90: 25000, Total: 275000}
	if diff := cmp.Diff(wantTotals, got.Totals); diff != "" {
		t.Fatalf("aging totals (-want +got):\n%s", diff)
	}
}
