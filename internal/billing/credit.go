package billing

import (
	"context"
	"fmt"
	"slices"

	"github.com/anditms/tms/internal/reports"
	"github.com/anditms/tms/internal/tms"
)

// Credit is what a customer owes and has on the road, against their credit limit.
type Credit struct {
	Customer tms.Customer
	AsOf     tms.Date
	// Open is the customer's unpaid invoices bucketed by days past due (the aging report's row);
	// OpenInvoices lists them, the longest overdue first.
	Open         reports.AgingRow
	OpenInvoices []tms.Invoice
	// OldestDaysPastDue is how overdue the oldest unpaid invoice is (0: none is past due).
	OldestDaysPastDue int
	// Uninvoiced is the total of the customer's booked loads not invoiced yet (booked through
	// delivered, on hold included): work done or promised that will become receivables.
	Uninvoiced tms.Cents
	Used       tms.Cents // Open.Total + Uninvoiced
}

// Limited reports whether the customer has a credit limit (0 means none was set).
func (c Credit) Limited() bool { return c.Customer.CreditLimitCents > 0 }

// Over reports whether Used is beyond the limit.
func (c Credit) Over() bool { return c.Limited() && c.Used > c.Customer.CreditLimitCents }

// uninvoicedStatuses are the loads whose revenue is not yet on an invoice.
var uninvoicedStatuses = []tms.LoadStatus{tms.StatusBooked, tms.StatusDispatched, tms.StatusInTransit,
	tms.StatusOnHold, tms.StatusDelivered}

// CustomerCredit computes a customer's open receivables (as the aging report buckets them,
// as of today) and the credit used: open balance plus loads not yet invoiced.
func (s *Service) CustomerCredit(ctx context.Context, customerID int64) (Credit, error) {
	c := Credit{AsOf: s.today()}
	var err error
	if c.Customer, err = s.Store.Customer(ctx, customerID); err != nil {
		return c, err
	}
	open, err := s.Store.OpenInvoices(ctx, customerID)
	if err != nil {
		return c, err
	}
	aging := reports.Aging(open, map[int64]string{customerID: c.Customer.Name}, c.AsOf)
	c.Open = reports.AgingRow{CustomerID: customerID, CustomerName: c.Customer.Name}
	if len(aging.Rows) == 1 {
		c.Open = aging.Rows[0]
	}
	c.OpenInvoices = slices.DeleteFunc(open, func(inv tms.Invoice) bool { return !inv.Status.Open() || inv.Kind != tms.KindInvoice })
	slices.SortFunc(c.OpenInvoices, func(a, b tms.Invoice) int { return a.DueDate.Time().Compare(b.DueDate.Time()) })
	if len(c.OpenInvoices) > 0 {
		c.OldestDaysPastDue = max(reports.DaysPastDue(c.OpenInvoices[0].DueDate, c.AsOf), 0)
	}
	loads, err := s.allLoads(ctx, tms.LoadFilter{CustomerID: customerID, Statuses: uninvoicedStatuses})
	if err != nil {
		return c, err
	}
	for _, l := range loads {
		c.Uninvoiced += l.TotalCents
	}
	c.Used = c.Open.Total + c.Uninvoiced
	return c, nil
}

// CreditWarning says why booking l takes its customer beyond their credit limit, or "" when
// it does not (or the customer has no limit, or l is a draft). It warns; booking goes on.
func (s *Service) CreditWarning(ctx context.Context, l tms.Load) (string, error) {
	if l.Status == tms.StatusDraft {
		return "", nil
	}
	// Most customers have no limit: read their open invoices and loads only for one that has.
	if cust, err := s.Store.Customer(ctx, l.CustomerID); err != nil || cust.CreditLimitCents <= 0 {
		return "", err
	}
	c, err := s.CustomerCredit(ctx, l.CustomerID)
	if err != nil {
		return "", err
	}
	after := c.Used + l.Total()
	if !c.Limited() || after <= c.Customer.CreditLimitCents {
		return "", nil
	}
	return fmt.Sprintf("Credit limit exceeded: this load (%s) takes %s to %s of its %s credit limit (open invoices %s, loads not yet invoiced %s).",
		l.Total(), c.Customer.Name, after, c.Customer.CreditLimitCents, c.Open.Total, c.Uninvoiced), nil
}
