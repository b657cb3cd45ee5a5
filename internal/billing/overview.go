package billing

import (
	"context"

	"github.com/anditms/tms/internal/reports"
	"github.com/anditms/tms/internal/tms"
)

// paymentsWindow is how far back the overview sums payments received.
const paymentsWindow = 30

// Overview is the billing desk at a glance: what can be invoiced now, what is owed and how
// late, and the cash that came in lately.
type Overview struct {
	ReadyLoads   int                  `json:"ready_loads"`   // delivered loads nothing blocks from invoicing
	ReadyCents   tms.Cents            `json:"ready_cents"`   // their charges
	BlockedLoads int                  `json:"blocked_loads"` // delivered loads waiting on paperwork or references
	Receivable   reports.AgingBuckets `json:"receivable"`    // open balances by days past due, as of today
	OpenInvoices int                  `json:"open_invoices"`
	// Payments received in the last paymentsWindow days, bounced ones left out. A payment is
	// always applied to an invoice when recorded (more than the balance is refused), so no
	// cash is ever unapplied.
	PaymentsSince tms.Date  `json:"payments_since"`
	Payments      int       `json:"payments"`
	PaymentsCents tms.Cents `json:"payments_cents"`
}

// Overview sums the billing queue, receivables aging and recent payments.
func (s *Service) Overview(ctx context.Context) (Overview, error) {
	var o Overview
	queue, err := s.Queue(ctx, 0)
	if err != nil {
		return o, err
	}
	for _, r := range queue {
		if r.Ready() {
			o.ReadyLoads++
			o.ReadyCents += r.Load.Total()
		} else {
			o.BlockedLoads++
		}
	}
	aging, err := s.Aging(ctx, tms.Date{})
	if err != nil {
		return o, err
	}
	o.Receivable = aging.Totals
	for _, row := range aging.Rows {
		o.OpenInvoices += row.Invoices
	}
	return o, s.recentPayments(ctx, &o)
}

// recentPayments sums the payments received from paymentsWindow days ago through today.
func (s *Service) recentPayments(ctx context.Context, o *Overview) error {
	today := s.today()
	o.PaymentsSince = tms.DateOf(today.Time().AddDate(0, 0, -paymentsWindow))
	pays, err := collect("date", func(p tms.PageRequest) (tms.Page[tms.Payment], error) {
		return s.Store.ListPayments(ctx, tms.PaymentFilter{From: o.PaymentsSince, To: today, Page: p})
	})
	for _, p := range pays {
		if p.ReversedAt == nil {
			o.Payments++
			o.PaymentsCents += p.AmountCents
		}
	}
	return err
}

// PastDue is the part of the receivable past its due date.
func (o Overview) PastDue() tms.Cents { return o.Receivable.Total - o.Receivable.Current }
