package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/tms"
)

func testBilling(t *testing.T, newStore NewStore) {
	t.Run("CarrierSettings", func(t *testing.T) { testCarrierSettings(t, newStore(t)) })
	t.Run("DieselPrices", func(t *testing.T) { testDieselPrices(t, newStore(t)) })
	t.Run("Catalog", func(t *testing.T) { testBillingCatalog(t, newStore(t)) })
	t.Run("InvoiceLifecycle", func(t *testing.T) { testInvoiceLifecycle(t, newStore(t)) })
	t.Run("InvoiceRules", func(t *testing.T) { testInvoiceRules(t, newStore(t)) })
	t.Run("Settlements", func(t *testing.T) { testSettlements(t, newStore(t)) })
	t.Run("ChargeReview", func(t *testing.T) { testChargeReview(t, newStore(t)) })
	t.Run("Aging", func(t *testing.T) { testAgingInvoices(t, newStore(t)) })
}

func testCarrierSettings(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	c, err := s.CarrierSettings(ctx)
	must(t, err)
	if c.InvoiceSeries != "INV" || c.CreditMemoSeries != "CM" || c.Version != 1 {
		t.Fatalf("default settings = %+v, want series INV/CM at version 1", c)
	}
	_, err = s.UpdateCarrierSettings(ctx, func(c *tms.CarrierSettings) error { c.Version = 2; return nil })
	wantCode(t, err, tms.CodeConflict) // the first save is version-checked too
	c, err = s.UpdateCarrierSettings(ctx, func(c *tms.CarrierSettings) error {
		c.Name, c.MCNumber = "Lone Star Freight", "MC-123456"
		return nil
	})
	must(t, err)
	if c.Version != 2 {
		t.Fatalf("version after save = %d, want 2", c.Version)
	}
	_, err = s.UpdateCarrierSettings(ctx, func(c *tms.CarrierSettings) error { c.Version = 7; return nil })
	wantCode(t, err, tms.CodeConflict)
	_, err = s.UpdateCarrierSettings(ctx, func(c *tms.CarrierSettings) error { c.InvoiceSeries = "CM"; return nil })
	wantCode(t, err, tms.CodeInvalid)
	got, err := s.CarrierSettings(ctx)
	must(t, err)
	if got.Name != "Lone Star Freight" || got.MCNumber != "MC-123456" || got.Version != 2 {
		t.Fatalf("settings = %+v, want the saved name and MC at version 2", got)
	}
}

func testDieselPrices(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	_, err := s.DieselPriceOn(ctx, date("2026-11-30"))
	wantCode(t, err, tms.CodeNotFound)
	n, err := s.PutDieselPrices(ctx, []tms.DieselPrice{
		{Week: date("2026-11-16"), PriceMills: 3801}, {Week: date("2026-11-23"), PriceMills: 3859, Source: "eia"}, {Week: date("2026-11-09"), PriceMills: 3777},
	})
	must(t, err)
	if n != 3 {
		t.Fatalf("put %d prices, want 3", n)
	}
	_, err = s.PutDieselPrices(ctx, []tms.DieselPrice{{Week: date("2026-11-16"), PriceMills: 3811, Source: "csv"}})
	must(t, err)
	list, err := s.ListDieselPrices(ctx, date("2026-11-10"), tms.Date{}, 10)
	must(t, err)
	want := []tms.DieselPrice{{Week: date("2026-11-23"), PriceMills: 3859, Source: "eia"}, {Week: date("2026-11-16"), PriceMills: 3811, Source: "csv"}}
	if diff := cmp.Diff(want, list, cmp.Comparer(func(a, b tms.Date) bool { return a.Equal(b) })); diff != "" {
		t.Fatalf("prices from 2026-11-10 (-want +got):\n%s", diff)
	}
	on, err := s.DieselPriceOn(ctx, date("2026-11-22"))
	must(t, err)
	if !on.Week.Equal(date("2026-11-16")) || on.PriceMills != 3811 {
		t.Fatalf("price on 2026-11-22 = %v %d, want week 2026-11-16 at 3811 (the replaced value)", on.Week, on.PriceMills)
	}
	_, err = s.PutDieselPrices(ctx, []tms.DieselPrice{{Week: date("2026-11-30"), PriceMills: 0}})
	wantCode(t, err, tms.CodeInvalid)
}

func testBillingCatalog(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	acc, err := s.ListAccessorials(ctx)
	must(t, err)
	if len(acc) != 7 || acc[0].Code != "detention" || acc[0].FreeMinutes != 120 || acc[0].IncrementMinutes != 15 {
		t.Fatalf("catalog = %+v, want 7 entries starting with detention (120 free minutes, 15-minute increments)", acc)
	}
	d, err := s.UpdateAccessorial(ctx, "detention", func(a *tms.Accessorial) error { a.RateCents, a.Code = 9000, "tonu"; return nil })
	must(t, err)
	if d.Code != "detention" || d.RateCents != 9000 {
		t.Fatalf("updated detention = %+v, want code kept and rate 9000", d)
	}
	_, err = s.Accessorial(ctx, "nope")
	wantCode(t, err, tms.CodeNotFound)

	fs := tms.FuelSchedule{Name: "DOE standard", Method: tms.FuelFormula, PegMills: 1200, MPGTenths: 60, EffectiveLagDays: 1, Active: true}
	must(t, s.CreateFuelSchedule(ctx, &fs))
	got, err := s.FuelSchedule(ctx, fs.ID)
	must(t, err)
	if got.PegMills != 1200 || got.MPGTenths != 60 || got.Steps == nil {
		t.Fatalf("schedule = %+v, want peg 1200, mpg 60, empty steps", got)
	}
	_, err = s.UpdateFuelSchedule(ctx, fs.ID, func(fs *tms.FuelSchedule) error {
		fs.Method, fs.Steps = tms.FuelStepTable, []tms.FuelStep{{FromMills: 3000, MillsPerMile: 300}, {FromMills: 3500, MillsPerMile: 400}}
		return nil
	})
	must(t, err)
	bad := tms.FuelSchedule{Name: "bad", Method: tms.FuelStepTable, Steps: []tms.FuelStep{{FromMills: 3500}, {FromMills: 3000}}}
	wantCode(t, s.CreateFuelSchedule(ctx, &bad), tms.CodeInvalid)

	r := tms.RateDefault{CustomerID: f.Customer.ID, OriginState: "TX", Method: tms.LinehaulPerMile, Rate: 2500, StopOffCents: 7500, Active: true}
	must(t, s.CreateRateDefault(ctx, &r))
	rates, err := s.ListRateDefaults(ctx, f.Customer.ID)
	must(t, err)
	if len(rates) != 1 || rates[0].Rate != 2500 || rates[0].OriginState != "TX" {
		t.Fatalf("rate defaults = %+v, want the TX per-mile default", rates)
	}
	f.Customer.FuelScheduleID = &fs.ID
	c, err := s.UpdateCustomer(ctx, f.Customer.ID, func(c *tms.Customer) error { c.FuelScheduleID = &fs.ID; return nil })
	must(t, err)
	if c.FuelScheduleID == nil || *c.FuelScheduleID != fs.ID {
		t.Fatalf("customer fuel schedule = %v, want %d", c.FuelScheduleID, fs.ID)
	}
}

// deliveredLoad stores a delivered load of the fixtures' customer.
func deliveredLoad(t *testing.T, s tms.Store, f Fixtures, start time.Time) tms.Load {
	t.Helper()
	l := f.Load(start)
	l.Status = tms.StatusDelivered
	l.DriverID, l.TruckID = &f.Driver.ID, &f.Truck.ID
	must(t, s.CreateLoad(ctxAs(0), &l))
	return l
}

func invoiceFor(f Fixtures, l tms.Load, issued string) tms.Invoice {
	inv := tms.Invoice{CustomerID: f.Customer.ID, IssueDate: date(issued), TermsDays: 30, LoadIDs: []int64{l.ID}}
	for _, c := range l.Charges {
		inv.Lines = append(inv.Lines, tms.InvoiceLine{LoadID: l.ID, Kind: c.Kind, Description: c.Kind + " " + l.Number, AmountCents: c.AmountCents})
	}
	return inv
}

func testInvoiceLifecycle(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	first := deliveredLoad(t, s, f, f.MondayMorning)
	second := deliveredLoad(t, s, f, f.MondayMorning.Add(48*time.Hour))

	inv := invoiceFor(f, first, "2026-12-08")
	must(t, s.CreateInvoice(ctx, &inv, map[int64]int{first.ID: first.Version}))
	if inv.Number != "INV-000001" || inv.TotalCents != 143050 || !inv.DueDate.Equal(date("2027-01-07")) || inv.Status != tms.InvoiceDraft {
		t.Fatalf("invoice = %s total %d due %s %s, want INV-000001 total 143050 due 2027-01-07 draft", inv.Number, inv.TotalCents, inv.DueDate, inv.Status)
	}
	assertLoadStatus(t, s, first.ID, tms.StatusInvoiced)
	voided, err := s.VoidInvoice(ctx, inv.ID, "wrong rate")
	must(t, err)
	if voided.Status != tms.InvoiceVoid || voided.Number != "INV-000001" {
		t.Fatalf("voided = %s %s, want INV-000001 void", voided.Number, voided.Status)
	}
	assertLoadStatus(t, s, first.ID, tms.StatusDelivered)

	again := invoiceFor(f, first, "2026-12-09")
	must(t, s.CreateInvoice(ctx, &again, nil))
	if again.Number != "INV-000002" {
		t.Fatalf("invoice after a void = %s, want INV-000002 (numbers are never reused)", again.Number)
	}
	again, err = s.UpdateInvoice(ctx, again.ID, func(i *tms.Invoice) error {
		i.Lines = append(i.Lines, tms.InvoiceLine{LoadID: first.ID, Kind: "lumper", Description: "Lumper receipt 88", AmountCents: 15000})
		i.Status = tms.InvoiceSent
		return nil
	})
	must(t, err)
	if again.TotalCents != 158050 || again.Status != tms.InvoiceSent {
		t.Fatalf("sent invoice = total %d %s, want 158050 sent", again.TotalCents, again.Status)
	}
	_, err = s.UpdateInvoice(ctx, again.ID, func(i *tms.Invoice) error { i.Lines = i.Lines[:1]; return nil })
	wantCode(t, err, tms.CodeConflict)

	_, err = s.RecordPayment(ctx, &tms.Payment{InvoiceID: again.ID, AmountCents: 200000, Date: date("2026-12-20"), Method: "ach"})
	wantCode(t, err, tms.CodeInvalid)
	part, err := s.RecordPayment(ctx, &tms.Payment{InvoiceID: again.ID, AmountCents: 100000, Date: date("2026-12-20"), Method: "check", Reference: "1001"})
	must(t, err)
	if part.Status != tms.InvoicePartiallyPaid || part.Balance() != 58050 {
		t.Fatalf("after $1,000 = %s balance %d, want partially_paid 58050", part.Status, part.Balance())
	}
	_, err = s.VoidInvoice(ctx, again.ID, "changed mind")
	wantCode(t, err, tms.CodeConflict)

	other := invoiceFor(f, second, "2026-12-10")
	must(t, s.CreateInvoice(ctx, &other, nil))
	_, err = s.UpdateInvoice(ctx, other.ID, func(i *tms.Invoice) error { i.Status = tms.InvoiceSent; return nil })
	must(t, err)
	credited, err := s.IssueCreditMemo(ctx, &tms.Invoice{CustomerID: f.Customer.ID, AppliesTo: &other.ID, IssueDate: date("2026-12-11"),
		Lines: []tms.InvoiceLine{{Kind: "other", Description: "Late delivery allowance", AmountCents: 5000}}})
	must(t, err)
	if credited.CreditedCents != 5000 || credited.Status != tms.InvoicePartiallyPaid {
		t.Fatalf("credited invoice = %d credited, %s; want 5000, partially_paid", credited.CreditedCents, credited.Status)
	}
	memos, err := s.ListInvoices(ctx, tms.InvoiceFilter{Kind: tms.KindCreditMemo})
	must(t, err)
	if memos.Total != 1 || memos.Items[0].Number != "CM-000001" || memos.Items[0].Status != tms.InvoiceApplied {
		t.Fatalf("credit memos = %+v, want CM-000001 applied", memos.Items)
	}

	paid, err := s.RecordPayment(ctx, &tms.Payment{InvoiceID: again.ID, AmountCents: 58050, Date: date("2026-12-28"), Method: "ach"})
	must(t, err)
	if paid.Status != tms.InvoicePaid || paid.Balance() != 0 {
		t.Fatalf("after the rest = %s balance %d, want paid 0", paid.Status, paid.Balance())
	}
	assertLoadStatus(t, s, first.ID, tms.StatusPaid)
	pays, err := s.ListPayments(ctx, tms.PaymentFilter{InvoiceID: again.ID})
	must(t, err)
	if pays.Total != 2 || pays.Items[0].AmountCents != 58050 || pays.Items[0].CustomerID != f.Customer.ID {
		t.Fatalf("payments = %+v, want 2, newest first, with the customer filled in", pays.Items)
	}
	byLoad, err := s.ListInvoices(ctx, tms.InvoiceFilter{LoadID: first.ID, Page: tms.PageRequest{Sort: "number"}})
	must(t, err)
	if byLoad.Total != 2 || byLoad.Items[0].Number != "INV-000001" {
		t.Fatalf("invoices of the first load = %d, want both (void one first)", byLoad.Total)
	}

	// The last payment bounces: the invoice reopens and the load goes back to invoiced.
	reopened, err := s.ReversePayment(ctx, pays.Items[0].ID, "NSF")
	must(t, err)
	if reopened.Status != tms.InvoicePartiallyPaid || reopened.Balance() != 58050 {
		t.Fatalf("after the reversal = %s balance %d, want partially_paid 58050", reopened.Status, reopened.Balance())
	}
	assertLoadStatus(t, s, first.ID, tms.StatusInvoiced)
	_, err = s.ReversePayment(ctx, pays.Items[0].ID, "NSF again")
	wantCode(t, err, tms.CodeConflict)
	_, err = s.ReversePayment(ctx, pays.Items[1].ID, " ")
	wantCode(t, err, tms.CodeInvalid)
	pays, err = s.ListPayments(ctx, tms.PaymentFilter{InvoiceID: again.ID})
	must(t, err)
	if pays.Items[0].ReversedAt == nil || pays.Items[0].ReversalReason != "NSF" || pays.Items[1].ReversedAt != nil {
		t.Fatalf("payments after the reversal = %+v, want the newest reversed for NSF", pays.Items)
	}
}

func testInvoiceRules(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	l := deliveredLoad(t, s, f, f.MondayMorning)
	inv := invoiceFor(f, l, "2026-12-08")
	must(t, s.CreateInvoice(ctx, &inv, nil))
	dup := invoiceFor(f, l, "2026-12-08")
	wantCode(t, s.CreateInvoice(ctx, &dup, nil), tms.CodeConflict)

	booked := f.Load(f.MondayMorning.Add(72 * time.Hour))
	must(t, s.CreateLoad(ctx, &booked))
	early := invoiceFor(f, booked, "2026-12-08")
	wantCode(t, s.CreateInvoice(ctx, &early, nil), tms.CodeConflict)

	stale := deliveredLoad(t, s, f, f.MondayMorning.Add(96*time.Hour))
	old := invoiceFor(f, stale, "2026-12-08")
	wantCode(t, s.CreateInvoice(ctx, &old, map[int64]int{stale.ID: stale.Version - 1 + 5}), tms.CodeConflict)
	empty := tms.Invoice{CustomerID: f.Customer.ID, IssueDate: date("2026-12-08")}
	wantCode(t, s.CreateInvoice(ctx, &empty, nil), tms.CodeInvalid)
	// A failed invoice consumes no number.
	next := invoiceFor(f, stale, "2026-12-08")
	must(t, s.CreateInvoice(ctx, &next, nil))
	if next.Number != "INV-000002" {
		t.Fatalf("number after refused invoices = %s, want INV-000002", next.Number)
	}
	_, err := s.RecordPayment(ctx, &tms.Payment{InvoiceID: next.ID, AmountCents: 100, Date: date("2026-12-09"), Method: "ach"})
	wantCode(t, err, tms.CodeConflict) // a draft takes no payment
}

func assertLoadStatus(t *testing.T, s tms.Store, id int64, want tms.LoadStatus) {
	t.Helper()
	l, err := s.Load(ctxAs(0), id)
	must(t, err)
	if l.Status != want {
		t.Fatalf("load %s status = %s, want %s", l.Number, l.Status, want)
	}
}

func testSettlements(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	l := deliveredLoad(t, s, f, f.MondayMorning)
	st := tms.Settlement{DriverID: f.Driver.ID, PeriodStart: date("2026-12-06"), PeriodEnd: date("2026-12-12"), LoadIDs: []int64{l.ID},
		Lines: []tms.SettlementLine{
			{LoadID: l.ID, Kind: tms.LineTripPay, Description: "trip", AmountCents: 27500},
			{Kind: tms.LineDeduction, Description: "Escrow", AmountCents: -5000},
		}}
	must(t, s.CreateSettlement(ctx, &st))
	if st.Number != "ST-000001" || st.GrossCents != 27500 || st.DeductionsCents != 5000 || st.NetCents != 22500 {
		t.Fatalf("settlement = %s gross %d deductions %d net %d, want ST-000001 27500 5000 22500", st.Number, st.GrossCents, st.DeductionsCents, st.NetCents)
	}
	dup := st
	dup.ID = 0
	wantCode(t, s.CreateSettlement(ctx, &dup), tms.CodeConflict)
	settled, err := s.SettledLoads(ctx, f.Driver.ID, []int64{l.ID, 999})
	must(t, err)
	if diff := cmp.Diff(map[int64]int64{l.ID: st.ID}, settled); diff != "" {
		t.Fatalf("settled loads (-want +got):\n%s", diff)
	}
	approved, err := s.UpdateSettlement(ctx, st.ID, func(s *tms.Settlement) error { s.Status = tms.SettlementApproved; return nil })
	must(t, err)
	if approved.ApprovedAt == nil {
		t.Fatal("approved settlement has no approval time")
	}
	_, err = s.UpdateSettlement(ctx, st.ID, func(s *tms.Settlement) error { s.Lines = s.Lines[:1]; return nil })
	wantCode(t, err, tms.CodeConflict)
	paid, err := s.UpdateSettlement(ctx, st.ID, func(s *tms.Settlement) error { s.Status = tms.SettlementPaid; return nil })
	must(t, err)
	if paid.PaidAt == nil || paid.Status != tms.SettlementPaid {
		t.Fatalf("paid settlement = %s at %v", paid.Status, paid.PaidAt)
	}
	_, err = s.UpdateSettlement(ctx, st.ID, func(s *tms.Settlement) error { s.Status = tms.SettlementDraft; return nil })
	wantCode(t, err, tms.CodeConflict)

	other := tms.Settlement{DriverID: f.Driver2.ID, PeriodStart: date("2026-12-06"), PeriodEnd: date("2026-12-12"), LoadIDs: []int64{l.ID},
		Lines: []tms.SettlementLine{{LoadID: l.ID, Kind: tms.LineTripPay, Description: "co-driver trip", AmountCents: 10000}}}
	must(t, s.CreateSettlement(ctx, &other))
	_, err = s.UpdateSettlement(ctx, other.ID, func(s *tms.Settlement) error { s.Status = tms.SettlementVoid; return nil })
	must(t, err)
	settled, err = s.SettledLoads(ctx, f.Driver2.ID, []int64{l.ID})
	must(t, err)
	if len(settled) != 0 {
		t.Fatalf("loads of a void settlement = %v, want none", settled)
	}
	list, err := s.ListSettlements(ctx, tms.SettlementFilter{DriverID: f.Driver.ID})
	must(t, err)
	if list.Total != 1 || list.Items[0].NetCents != 22500 {
		t.Fatalf("driver's settlements = %+v, want the one paid", list.Items)
	}
}

func testChargeReview(t *testing.T, s tms.Store) {
	f := NewFixtures(t, s)
	ctx := ctxAs(mustCreateUser(t, s, "billing@example.com", tms.RoleBilling).ID)
	l := deliveredLoad(t, s, f, f.MondayMorning)
	stop := l.Stops[1].ID
	charge := tms.Charge{Kind: "detention", Description: "Detention 1h", AmountCents: 7500, StopID: &stop}
	got, err := s.ReviewCharge(ctx, &tms.ChargeReview{LoadID: l.ID, StopID: stop, Kind: "detention", Decision: tms.ReviewApproved, AmountCents: 7500}, &charge)
	must(t, err)
	if got.TotalCents != l.TotalCents+7500 || got.Charges[len(got.Charges)-1].StopID == nil {
		t.Fatalf("load after approval = total %d, charges %+v; want +7500 with the stop id", got.TotalCents, got.Charges)
	}
	_, err = s.ReviewCharge(ctx, &tms.ChargeReview{LoadID: l.ID, StopID: stop, Kind: "detention", Decision: tms.ReviewRejected}, nil)
	wantCode(t, err, tms.CodeConflict)
	_, err = s.ReviewCharge(ctx, &tms.ChargeReview{LoadID: l.ID, StopID: l.Stops[0].ID, Kind: "detention", Decision: tms.ReviewRejected, Note: "shipper disputes"}, nil)
	must(t, err)
	reviews, err := s.ChargeReviews(ctx, []int64{l.ID})
	must(t, err)
	if len(reviews) != 2 || reviews[0].Decision != tms.ReviewRejected || reviews[1].Decision != tms.ReviewApproved || reviews[1].ActorID == nil {
		t.Fatalf("reviews = %+v, want rejected pickup then approved delivery, with the actor", reviews)
	}
}
