package billing_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

var creditCtx = tms.WithActor(context.Background(), tms.Actor{UserID: 0, Email: "dispatcher@example.com", Role: tms.RoleDispatcher})

// TestCreditAtBooking: credit used is the open invoice balance (aged as the aging report
// does) plus loads not yet invoiced; booking beyond the limit warns, books and records the
// warning on the load's timeline; within the limit, or without a limit, nothing is said.
func TestCreditAtBooking(t *testing.T) {
	for _, fac := range testenv.Factories(t) {
		t.Run(fac.Name, func(t *testing.T) {
			s := fac.Open(t)
			f := storetest.NewFixtures(t, s)
			today := time.Date(2027, 3, 31, 12, 0, 0, 0, time.UTC)
			bill := &billing.Service{Store: s, Now: func() time.Time { return today }}
			svc := &dispatch.Service{Store: s, Router: tms.GreatCircleRouter{}, CreditWarning: bill.CreditWarning}
			_, err := s.UpdateCustomer(creditCtx, f.Customer.ID, func(c *tms.Customer) error { c.CreditLimitCents = 500000; return nil })
			must(t, err)

			// An invoice of $2,000.00 issued 2027-02-01, 30-day terms: due 03-03, 28 days past due.
			invoiced := f.Load(f.MondayMorning)
			invoiced.Status, invoiced.Charges = tms.StatusDelivered, []tms.Charge{{Kind: "linehaul", AmountCents: 200000}}
			must(t, s.CreateLoad(creditCtx, &invoiced))
			inv := tms.Invoice{CustomerID: f.Customer.ID, IssueDate: tms.DateOf(time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)), TermsDays: 30,
				LoadIDs: []int64{invoiced.ID}, Lines: []tms.InvoiceLine{{LoadID: invoiced.ID, Kind: "linehaul", Description: "Linehaul", AmountCents: 200000}}}
			must(t, s.CreateInvoice(creditCtx, &inv, nil))
			_, err = s.UpdateInvoice(creditCtx, inv.ID, func(i *tms.Invoice) error { i.Status = tms.InvoiceSent; return nil })
			must(t, err)
			// A cancelled load uses no credit.
			cancelled := f.Load(f.MondayMorning)
			cancelled.Status = tms.StatusCancelled
			must(t, s.CreateLoad(creditCtx, &cancelled))

			// $1,430.50 booked: $3,430.50 of $5,000.00, no warning.
			first, err := svc.Book(creditCtx, loadInput(f, f.MondayMorning))
			must(t, err)
			if len(first.Warnings) != 0 {
				t.Errorf("within the limit: warnings %v, want none", first.Warnings)
			}
			c, err := bill.CustomerCredit(creditCtx, f.Customer.ID)
			must(t, err)
			if c.Open.Total != 200000 || c.Open.Days1To30 != 200000 || c.OldestDaysPastDue != 28 || c.Uninvoiced != 143050 || c.Used != 343050 || c.Over() {
				t.Errorf("credit = open %s (1-30 %s) oldest %d days, uninvoiced %s, used %s, over %v; want 2,000.00 / 28 days / 1,430.50 / 3,430.50 / false",
					c.Open.Total, c.Open.Days1To30, c.OldestDaysPastDue, c.Uninvoiced, c.Used, c.Over())
			}

			// Two more: $4,861.00 is within, $6,291.50 is beyond the limit: booked, with the warning.
			_, err = svc.Book(creditCtx, loadInput(f, f.MondayMorning.Add(24*time.Hour)))
			must(t, err)
			over, err := svc.Book(creditCtx, loadInput(f, f.MondayMorning.Add(48*time.Hour)))
			must(t, err)
			if over.Load.ID == 0 || over.Load.Status != tms.StatusBooked || len(over.Warnings) != 1 ||
				!strings.Contains(over.Warnings[0], "$6,291.50 of its $5,000.00 credit limit") {
				t.Fatalf("beyond the limit: load %d %s, warnings %q; want booked with the amounts", over.Load.ID, over.Load.Status, over.Warnings)
			}
			events, err := s.LoadEvents(creditCtx, over.Load.ID)
			must(t, err)
			if last := events[len(events)-1]; last.Type != tms.EventCreditWarning || last.Note != over.Warnings[0] {
				t.Errorf("last event = %s %q, want the credit warning", last.Type, last.Note)
			}
			if c, _ := bill.CustomerCredit(creditCtx, f.Customer.ID); !c.Over() {
				t.Errorf("credit used %s of %s: Over() = false", c.Used, c.Customer.CreditLimitCents)
			}

			// A draft is not booked yet, and a customer without a limit is never warned.
			draft := loadInput(f, f.MondayMorning)
			draft.Status = tms.StatusDraft
			if b, err := svc.Book(creditCtx, draft); err != nil || len(b.Warnings) != 0 {
				t.Errorf("draft: %v, %v; want no warning", b.Warnings, err)
			}
			_, err = s.UpdateCustomer(creditCtx, f.Customer.ID, func(c *tms.Customer) error { c.CreditLimitCents = 0; return nil })
			must(t, err)
			if b, err := svc.Book(creditCtx, loadInput(f, f.MondayMorning)); err != nil || len(b.Warnings) != 0 {
				t.Errorf("no limit: %v, %v; want no warning", b.Warnings, err)
			}
		})
	}
}

// loadInput books the fixtures' load: $1,250.00 linehaul and $180.50 fuel.
func loadInput(f storetest.Fixtures, start time.Time) dispatch.LoadInput {
	return dispatch.LoadInput{CustomerID: f.Customer.ID, Commodity: "Paper", WeightLb: 30000, EquipmentType: "dry_van",
		Charges: []tms.Charge{{Kind: "linehaul", AmountCents: 125000}, {Kind: "fuel_surcharge", AmountCents: 18050}},
		Stops: []dispatch.StopInput{
			{Kind: tms.StopPickup, FacilityID: f.Shipper.ID, AppointmentStart: start.Format(time.RFC3339)},
			{Kind: tms.StopDelivery, FacilityID: f.Receiver.ID, AppointmentStart: start.Add(6 * time.Hour).Format(time.RFC3339)},
		}}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
