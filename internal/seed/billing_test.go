package seed_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/pdftest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// checkInvoices: every invoiced or paid load is on exactly one live invoice, whose total is
// the sum of its lines and of its loads' charges; a paid load's invoice is paid by payments
// summing to its total. One invoice covers two loads and one is partially paid.
func checkInvoices(t *testing.T, s tms.Store, loads []tms.Load) {
	t.Helper()
	byID := map[int64]tms.Load{}
	for _, l := range loads {
		byID[l.ID] = l
	}
	var combined, partial int
	for _, l := range loads {
		if l.Status != tms.StatusInvoiced && l.Status != tms.StatusPaid {
			continue
		}
		page, err := s.ListInvoices(ctx, tms.InvoiceFilter{LoadID: l.ID, Kind: tms.KindInvoice})
		if err != nil {
			t.Fatal(err)
		}
		var live []tms.Invoice
		for _, inv := range page.Items {
			if inv.Status != tms.InvoiceVoid {
				live = append(live, inv)
			}
		}
		if len(live) != 1 {
			t.Errorf("%s load %s is on %d live invoices, want 1", l.Status, l.Number, len(live))
			continue
		}
		inv := live[0]
		var charges tms.Cents
		for _, id := range inv.LoadIDs {
			l := byID[id]
			charges += l.Total()
		}
		if inv.TotalCents != inv.Total() || inv.TotalCents != charges {
			t.Errorf("invoice %s: total %v, lines %v, loads' charges %v; want all equal", inv.Number, inv.TotalCents, inv.Total(), charges)
		}
		if inv.Status == tms.InvoiceDraft || inv.DocumentID == nil || inv.SentAt == nil {
			t.Errorf("invoice %s: status %s, document %v, sent %v; want it sent with its PDF", inv.Number, inv.Status, inv.DocumentID, inv.SentAt)
		}
		want := addDays(deliveredOn(t, s, l), 1)
		if inv.IssueDate.Time().Before(want.Time()) || len(inv.LoadIDs) == 1 && !inv.IssueDate.Equal(want) {
			t.Errorf("invoice %s issued %s; load %s was delivered the day before %s", inv.Number, inv.IssueDate, l.Number, want)
		}
		paid := paymentsOf(t, s, inv, l)
		if l.Status == tms.StatusPaid && (inv.Status != tms.InvoicePaid || paid != inv.TotalCents) {
			t.Errorf("paid load %s: invoice %s is %s with payments of %v, want paid with %v", l.Number, inv.Number, inv.Status, paid, inv.TotalCents)
		}
		if l.Status == tms.StatusInvoiced && inv.Status == tms.InvoicePaid {
			t.Errorf("invoiced load %s: invoice %s is paid", l.Number, inv.Number)
		}
		if len(inv.LoadIDs) == 2 {
			combined++
		}
		if inv.Status == tms.InvoicePartiallyPaid {
			partial++
		}
	}
	if combined != 2 || partial != 1 {
		t.Errorf("got %d loads on two-load invoices and %d on partially paid ones, want 2 and 1", combined, partial)
	}
}

// paymentsOf sums an invoice's payments, checking each is dated within its terms.
func paymentsOf(t *testing.T, s tms.Store, inv tms.Invoice, l tms.Load) tms.Cents {
	t.Helper()
	page, err := s.ListPayments(ctx, tms.PaymentFilter{InvoiceID: inv.ID})
	if err != nil {
		t.Fatal(err)
	}
	var sum tms.Cents
	for _, p := range page.Items {
		sum += p.AmountCents
		if p.Date.Time().Before(inv.IssueDate.Time()) || p.Date.Time().After(inv.DueDate.Time()) || p.Reference == "" {
			t.Errorf("load %s: payment %+v, want one with a reference dated from %s to %s", l.Number, p, inv.IssueDate, inv.DueDate)
		}
	}
	if sum != inv.PaidCents {
		t.Errorf("invoice %s: payments sum to %v, paid %v", inv.Number, sum, inv.PaidCents)
	}
	return sum
}

// deliveredOn is the receiver's day when the truck left the last stop.
func deliveredOn(t *testing.T, s tms.Store, l tms.Load) tms.Date {
	t.Helper()
	last := l.Stops[len(l.Stops)-1]
	f, err := s.Facility(ctx, last.FacilityID)
	if err != nil || last.DepartedAt == nil {
		t.Fatalf("load %s: last stop departed %v, facility %v", l.Number, last.DepartedAt, err)
	}
	return tms.DateOf(last.DepartedAt.In(f.Location()))
}

func addDays(d tms.Date, n int) tms.Date { return tms.DateOf(d.Time().AddDate(0, 0, n)) }

// checkAging: at the seeding day open balances fall in at least two aging buckets.
func checkAging(t *testing.T, s tms.Store, at time.Time) {
	t.Helper()
	r, err := (&billing.Service{Store: s}).Aging(ctx, tms.DateOf(at.UTC()))
	if err != nil {
		t.Fatal(err)
	}
	b := r.Totals
	buckets := 0
	for _, c := range []tms.Cents{b.Current, b.Days1To30, b.Days31To60, b.Days61To90, b.Over90} {
		if c > 0 {
			buckets++
		}
	}
	if buckets < 2 {
		t.Errorf("aging totals %+v: %d buckets with a balance, want at least 2", b, buckets)
	}
}

// checkSettlements: each driver has one settlement, and a driver who delivered in its week has
// those loads on it; net is gross less deductions; draft, approved and paid all show, and one
// statement takes a fuel advance.
func checkSettlements(t *testing.T, s tms.Store, loads []tms.Load) {
	t.Helper()
	drivers, err := s.ListDrivers(ctx, tms.MasterFilter{})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[tms.SettlementStatus]int{}
	var advances, settledLoads int
	for _, d := range drivers.Items {
		page, err := s.ListSettlements(ctx, tms.SettlementFilter{DriverID: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 {
			t.Errorf("driver %s has %d settlements, want 1", d.Name, len(page.Items))
			continue
		}
		st := page.Items[0]
		statuses[st.Status]++
		settledLoads += len(st.LoadIDs)
		var gross, deductions tms.Cents
		for _, line := range st.Lines {
			if line.AmountCents < 0 {
				deductions -= line.AmountCents
			} else {
				gross += line.AmountCents
			}
			if line.Kind == tms.LineDeduction && !recurring(d, line) {
				advances++
			}
		}
		if st.GrossCents != gross || st.DeductionsCents != deductions || st.NetCents != gross-deductions {
			t.Errorf("settlement %s: gross %v, deductions %v, net %v; lines give %v, %v, %v",
				st.Number, st.GrossCents, st.DeductionsCents, st.NetCents, gross, deductions, gross-deductions)
		}
		if st.PeriodStart.Time().Weekday() != time.Monday || st.PeriodEnd.Time().Sub(st.PeriodStart.Time()) != 6*24*time.Hour {
			t.Errorf("settlement %s: period %s to %s, want a Monday-to-Sunday week", st.Number, st.PeriodStart, st.PeriodEnd)
		}
		if delivered(loads, d.ID) > 0 && len(st.LoadIDs) == 0 {
			t.Errorf("driver %s delivered loads but settlement %s pays none", d.Name, st.Number)
		}
	}
	if statuses[tms.SettlementDraft] != 1 || statuses[tms.SettlementApproved] != 2 || advances == 0 || settledLoads == 0 {
		t.Errorf("settlement statuses %v, %d fuel advances, %d loads settled; want 1 draft, 2 approved, the rest paid, an advance and loads",
			statuses, advances, settledLoads)
	}
}

// recurring reports whether a deduction line takes one of the driver's recurring deductions.
func recurring(d tms.Driver, line tms.SettlementLine) bool {
	for _, ded := range d.Deductions {
		if line.AmountCents == -ded.AmountCents && strings.HasPrefix(line.Description, ded.Description+", ") {
			return true
		}
	}
	return false
}

func delivered(loads []tms.Load, driverID int64) int {
	n := 0
	for _, l := range loads {
		if l.DriverID != nil && *l.DriverID == driverID &&
			(l.Status == tms.StatusDelivered || l.Status == tms.StatusInvoiced || l.Status == tms.StatusPaid) {
			n++
		}
	}
	return n
}

// checkBillingSetup: eight weekly Monday prices up to now, a default fuel schedule, a
// letterhead, and fuel surcharges rated from the prices.
func checkBillingSetup(t *testing.T, s tms.Store, loads []tms.Load, at time.Time) {
	t.Helper()
	for _, l := range loads {
		for _, c := range l.Charges {
			if c.Kind == "fuel_surcharge" && (c.FuelIndex == nil || c.AmountCents <= 0) {
				t.Errorf("load %s: fuel surcharge %+v, want one rated from a diesel price", l.Number, c)
			}
		}
	}
	prices, err := s.ListDieselPrices(ctx, tms.Date{}, tms.Date{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(prices) != 8 {
		t.Fatalf("got %d diesel prices, want 8", len(prices))
	}
	for i, p := range prices {
		if p.Week.Time().Weekday() != time.Monday || p.Week.Time().After(at) || p.PriceMills < 3700 || p.PriceMills > 3950 ||
			i > 0 && prices[i-1].Week.Time().Sub(p.Week.Time()) != 7*24*time.Hour {
			t.Errorf("diesel price %d: %+v, want weekly Mondays up to %v at $3.70-$3.95", i, p, at)
		}
	}
	c, err := s.CarrierSettings(ctx)
	if err != nil || c.Name == "" || c.RemitToName == "" || c.FuelScheduleID == nil || c.MCNumber == "" {
		t.Errorf("carrier settings = %+v, %v; want a letterhead and a default fuel schedule", c, err)
	}
}

// An invoice for a demo load the queue calls ready: its PDF (with the POD appended) renders
// and reads back its number and total, the total is the sum of its lines and of the load's
// charges, and after it is voided the next invoice takes the next number.
func TestInvoiceADemoLoad(t *testing.T) {
	for _, fac := range testenv.Factories(t) {
		t.Run(fac.Name, func(t *testing.T) {
			s := fac.Open(t)
			_, bill := demoWithBilling(t, s, now)
			queue, err := bill.Queue(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(queue, billing.Readiness.Ready)
			if i < 0 {
				t.Fatalf("no demo load is ready to invoice: %+v", queue)
			}
			l := queue[i].Load
			inv, err := bill.CreateInvoice(ctx, billing.InvoiceInput{LoadIDs: []int64{l.ID}})
			if err != nil {
				t.Fatal(err)
			}
			if inv.TotalCents != inv.Total() || inv.TotalCents != l.Total() {
				t.Errorf("invoice %s total %v, lines %v, load %v: want all equal", inv.Number, inv.TotalCents, inv.Total(), l.Total())
			}
			_, pdf, err := bill.InvoicePDF(ctx, inv.ID, true)
			if err != nil {
				t.Fatal(err)
			}
			file := pdftest.WriteFile(t, pdf)
			pdftest.CheckPage(t, file, 1)
			if n := pdftest.Pages(t, file); n < 2 {
				t.Errorf("invoice with POD has %d pages, want the POD behind the invoice", n)
			}
			text := pdftest.Text(t, file, 0, 0)
			for _, want := range []string{inv.Number, inv.TotalCents.String(), l.Number, "PROOF OF DELIVERY"} {
				if !strings.Contains(strings.ToUpper(text), strings.ToUpper(want)) {
					t.Errorf("the invoice PDF lacks %q", want)
				}
			}
			if _, err := s.VoidInvoice(ctx, inv.ID, "wrong terms"); err != nil {
				t.Fatal(err)
			}
			again, err := bill.CreateInvoice(ctx, billing.InvoiceInput{LoadIDs: []int64{l.ID}})
			if err != nil {
				t.Fatal(err)
			}
			if want := nextNumber(t, inv.Number); again.Number != want {
				t.Errorf("invoice after voiding %s = %s, want %s", inv.Number, again.Number, want)
			}
		})
	}
}

// nextNumber is the number after "INV-000010": "INV-000011".
func nextNumber(t *testing.T, number string) string {
	prefix, digits, _ := strings.Cut(number, "-")
	n, err := strconv.Atoi(digits)
	if err != nil {
		t.Fatalf("invoice number %q has no sequence", number)
	}
	return fmt.Sprintf("%s-%06d", prefix, n+1)
}
