package billing_test

import (
	"context"
	"testing"
	"time"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// TestOverview sums the billing desk on both engines: a delivered load ready to bill, one
// blocked on its POD, and an invoice 15 days past due with a payment, a bounced payment and
// a payment older than the overview's 30 days.
func TestOverview(t *testing.T) {
	for _, fac := range testenv.Factories(t) {
		t.Run(fac.Name, func(t *testing.T) {
			s := fac.Open(t)
			blobs, err := blob.NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			svc := &billing.Service{Store: s, Docs: &documents.Service{Store: s, Blobs: blobs}}
			ctx := tms.WithActor(context.Background(), tms.Actor{Email: "billing@example.com", Role: tms.RoleBilling})
			f := storetest.NewFixtures(t, s)
			open := tms.Customer{Name: "Open Road Co", Active: true, PaymentTermsDays: 30, RequiredDocuments: []string{}}
			if err := s.CreateCustomer(ctx, &open); err != nil {
				t.Fatal(err)
			}
			now := time.Now()
			delivered(t, ctx, s, f, open.ID, now)           // ready: its customer asks for no documents
			delivered(t, ctx, s, f, f.Customer.ID, now)     // blocked: no POD
			billed := delivered(t, ctx, s, f, open.ID, now) // invoiced 45 days ago on 30-day terms
			inv, err := svc.CreateInvoice(ctx, billing.InvoiceInput{LoadIDs: []int64{billed.ID}, IssueDate: daysAgo(now, 45)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.UpdateInvoice(ctx, inv.ID, func(i *tms.Invoice) error { i.Status = tms.InvoiceSent; return nil }); err != nil {
				t.Fatal(err)
			}
			pay(t, ctx, s, inv, 40000, daysAgo(now, 10))
			pay(t, ctx, s, inv, 5000, daysAgo(now, 40))
			bounced := pay(t, ctx, s, inv, 10000, daysAgo(now, 5))
			if _, err := s.ReversePayment(ctx, bounced.ID, "NSF"); err != nil {
				t.Fatal(err)
			}

			o, err := svc.Overview(ctx)
			if err != nil {
				t.Fatal(err)
			}
			owed := billed.Total() - 40000 - 5000
			want := billing.Overview{ReadyLoads: 1, ReadyCents: billed.Total(), BlockedLoads: 1, OpenInvoices: 1,
				Receivable:    o.Receivable, // checked below
				PaymentsSince: daysAgo(now, 30), Payments: 1, PaymentsCents: 40000}
			if o != want {
				t.Errorf("overview = %+v\nwant        %+v", o, want)
			}
			if o.Receivable.Total != owed || o.Receivable.Days1To30 != owed || o.PastDue() != owed {
				t.Errorf("receivable %+v, past due %v; want %v owed, all 1-30 days past due", o.Receivable, o.PastDue(), owed)
			}
		})
	}
}

// delivered stores a delivered Dallas to Houston load of the customer, picked up yesterday.
func delivered(t *testing.T, ctx context.Context, s tms.Store, f storetest.Fixtures, customerID int64, now time.Time) tms.Load {
	t.Helper()
	l := f.Load(now.Add(-30 * time.Hour).Truncate(time.Hour))
	l.CustomerID, l.Status = customerID, tms.StatusDelivered
	l.DriverID, l.TruckID = &f.Driver.ID, &f.Truck.ID
	if err := s.CreateLoad(ctx, &l); err != nil {
		t.Fatal(err)
	}
	return l
}

func pay(t *testing.T, ctx context.Context, s tms.Store, inv tms.Invoice, cents tms.Cents, on tms.Date) tms.Payment {
	t.Helper()
	p := tms.Payment{InvoiceID: inv.ID, CustomerID: inv.CustomerID, AmountCents: cents, Date: on, Method: "ach"}
	if _, err := s.RecordPayment(ctx, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func daysAgo(now time.Time, n int) tms.Date { return tms.DateOf(now.AddDate(0, 0, -n)) }
