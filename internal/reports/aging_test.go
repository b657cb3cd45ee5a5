package reports

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/tms"
)

// equateDates compares tms.Date (unexported field) by day.
var equateDates = cmp.Comparer(func(a, b tms.Date) bool { return a.Equal(b) })

func date(t *testing.T, s string) tms.Date {
	t.Helper()
	d, err := tms.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestAgingBuckets(t *testing.T) {
	const asOf = "2026-03-31"
	tests := []struct {
		name string
		inv  tms.Invoice // customer 1, kind invoice unless set
		due  string
		want *AgingBuckets // nil: the invoice is not counted
	}{
		{name: "due today is current", due: "2026-03-31",
			inv:  tms.Invoice{Status: tms.InvoiceSent, TotalCents: 100000},
			want: &AgingBuckets{Current: 100000, Total: 100000}},
		{name: "due later is current", due: "2026-04-30",
			inv:  tms.Invoice{Status: tms.InvoiceSent, TotalCents: 500},
			want: &AgingBuckets{Current: 500, Total: 500}},
		{name: "1 day past due", due: "2026-03-30",
			inv:  tms.Invoice{Status: tms.InvoiceSent, TotalCents: 700},
			want: &AgingBuckets{Days1To30: 700, Total: 700}},
		{name: "30 days past due is 1-30", due: "2026-03-01",
			inv:  tms.Invoice{Status: tms.InvoiceSent, TotalCents: 3000},
			want: &AgingBuckets{Days1To30: 3000, Total: 3000}},
		{name: "31 days past due is 31-60", due: "2026-02-28",
			inv:  tms.Invoice{Status: tms.InvoiceSent, TotalCents: 3100},
			want: &AgingBuckets{Days31To60: 3100, Total: 3100}},
		{name: "60 days past due is 31-60", due: "2026-01-30",
			inv:  tms.Invoice{Status: tms.InvoiceSent, TotalCents: 6000},
			want: &AgingBuckets{Days31To60: 6000, Total: 6000}},
		{name: "61 days past due is 61-90", due: "2026-01-29",
			inv:  tms.Invoice{Status: tms.InvoiceSent, TotalCents: 6100},
			want: &AgingBuckets{Days61To90: 6100, Total: 6100}},
		{name: "90 days past due is 61-90", due: "2025-12-31",
			inv:  tms.Invoice{Status: tms.InvoiceSent, TotalCents: 9000},
			want: &AgingBuckets{Days61To90: 9000, Total: 9000}},
		{name: "91 days past due is over 90", due: "2025-12-30",
			inv:  tms.Invoice{Status: tms.InvoiceSent, TotalCents: 9100},
			want: &AgingBuckets{Over90: 9100, Total: 9100}},
		// 500.00 - 200.00 paid - 50.00 credited = 250.00 still owed.
		{name: "partially paid counts its balance", due: "2026-03-21",
			inv:  tms.Invoice{Status: tms.InvoicePartiallyPaid, TotalCents: 50000, PaidCents: 20000, CreditedCents: 5000},
			want: &AgingBuckets{Days1To30: 25000, Total: 25000}},
		{name: "paid is ignored", due: "2025-01-01",
			inv: tms.Invoice{Status: tms.InvoicePaid, TotalCents: 100, PaidCents: 100}},
		{name: "void is ignored", due: "2025-01-01",
			inv: tms.Invoice{Status: tms.InvoiceVoid, TotalCents: 100}},
		{name: "draft is ignored", due: "2025-01-01",
			inv: tms.Invoice{Status: tms.InvoiceDraft, TotalCents: 100}},
		{name: "credit memo is ignored", due: "2025-01-01",
			inv: tms.Invoice{Kind: tms.KindCreditMemo, Status: tms.InvoiceSent, TotalCents: 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := tt.inv
			inv.CustomerID, inv.DueDate = 1, date(t, tt.due)
			if inv.Kind == "" {
				inv.Kind = tms.KindInvoice
			}
			got := Aging([]tms.Invoice{inv}, map[int64]string{1: "Acme"}, date(t, asOf))
			want := AgingReport{AsOf: date(t, asOf), Rows: []AgingRow{}}
			if tt.want != nil {
				want.Rows = []AgingRow{{CustomerID: 1, CustomerName: "Acme", AgingBuckets: *tt.want, Invoices: 1}}
				want.Totals = *tt.want
			}
			if diff := cmp.Diff(want, got, equateDates); diff != "" {
				t.Errorf("Aging mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAgingReportGroupsAndSorts(t *testing.T) {
	inv := func(customer int64, due string, cents tms.Cents) tms.Invoice {
		return tms.Invoice{Kind: tms.KindInvoice, Status: tms.InvoiceSent, CustomerID: customer,
			DueDate: date(t, due), TotalCents: cents}
	}
	invoices := []tms.Invoice{
		inv(2, "2026-03-31", 100000), // Beta: current
		inv(1, "2026-03-15", 25000),  // Acme (1): 16 days
		inv(2, "2025-12-01", 40000),  // Beta: 120 days
		inv(5, "2026-02-01", 1234),   // Acme (5): 58 days
		inv(1, "2026-03-30", 5000),   // Acme (1): 1 day
		inv(9, "2026-03-31", 777),    // no name known: sorts first
	}
	names := map[int64]string{1: "Acme", 2: "Beta", 5: "Acme"}
	got := Aging(invoices, names, date(t, "2026-03-31"))
	want := AgingReport{
		AsOf: date(t, "2026-03-31"),
		Rows: []AgingRow{
			{CustomerID: 9, AgingBuckets: AgingBuckets{Current: 777, Total: 777}, Invoices: 1},
			{CustomerID: 1, CustomerName: "Acme", AgingBuckets: AgingBuckets{Days1To30: 30000, Total: 30000}, Invoices: 2},
			{CustomerID: 5, CustomerName: "Acme", AgingBuckets: AgingBuckets{Days31To60: 1234, Total: 1234}, Invoices: 1},
			{CustomerID: 2, CustomerName: "Beta", AgingBuckets: AgingBuckets{Current: 100000, Over90: 40000, Total: 140000}, Invoices: 2},
		},
		// 777 + 100000 current; 30000; 1234; 40000 over 90; 172011 in all.
		Totals: AgingBuckets{Current: 100777, Days1To30: 30000, Days31To60: 1234, Over90: 40000, Total: 172011},
	}
	if diff := cmp.Diff(want, got, equateDates); diff != "" {
		t.Errorf("Aging mismatch (-want +got):\n%s", diff)
	}
}
