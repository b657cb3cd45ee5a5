package seed

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/tms"
)

// shortPaid is the shipper whose open invoice was short-paid: the linehaul came in, the
// fuel surcharge is in dispute.
const shortPaid = 13

// invoiceRun is what invoicing the demo loads made.
type invoiceRun struct{ invoices, payments int }

// addInvoices invoices the loads planned invoiced or paid, through billing as a clerk would:
// an invoice per load, except that a customer's loads planned in the same status share one,
// dated the day after the last delivery, and sent with its PDF. Paid invoices are paid in
// full within their terms; the short-paid shipper's invoice is paid in part.
func addInvoices(ctx context.Context, s tms.Store, bill *billing.Service, loads []booked, now time.Time) (invoiceRun, error) {
	var run invoiceRun
	for k, group := range invoiceGroups(loads) {
		inv, err := sendInvoice(ctx, bill, group)
		if err != nil {
			return run, err
		}
		run.invoices++
		p, ok := payment(k, inv, group[0], tms.DateOf(now.UTC()))
		if !ok {
			continue
		}
		if _, err := s.RecordPayment(ctx, &p); err != nil {
			return run, fmt.Errorf("demo payment of %s: %w", inv.Number, err)
		}
		run.payments++
	}
	return run, nil
}

// invoiceGroups gathers the loads to invoice together, in the order they were booked.
func invoiceGroups(loads []booked) [][]booked {
	var groups [][]booked
	for _, l := range loads {
		if l.status != tms.StatusInvoiced && l.status != tms.StatusPaid {
			continue
		}
		i := slices.IndexFunc(groups, func(g []booked) bool { return g[0].from == l.from && g[0].status == l.status })
		if i < 0 {
			groups = append(groups, nil)
			i = len(groups) - 1
		}
		groups[i] = append(groups[i], l)
	}
	return groups
}

// sendInvoice drafts the group's invoice, issued the day after its last delivery, and sends it
// that afternoon.
func sendInvoice(ctx context.Context, bill *billing.Service, group []booked) (tms.Invoice, error) {
	in := billing.InvoiceInput{}
	for _, l := range group {
		in.LoadIDs = append(in.LoadIDs, l.load.ID)
		if day := addDays(l.deliveredOn(), 1); day.Time().After(in.IssueDate.Time()) {
			in.IssueDate = day
		}
	}
	inv, err := bill.CreateInvoice(ctx, in)
	if err != nil {
		return inv, fmt.Errorf("demo invoice of load %d: %w", group[0].i, err)
	}
	sender := *bill
	sender.Now = func() time.Time { return in.IssueDate.Time().Add(21 * time.Hour) } // 4 pm in Dallas
	if inv, err = sender.SendInvoice(ctx, inv.ID, inv.Version); err != nil {
		return inv, fmt.Errorf("send demo invoice %s: %w", inv.Number, err)
	}
	return inv, nil
}

// deliveredOn is the day the receiver signed the POD, at the receiver.
func (t trip) deliveredOn() tms.Date {
	ev := t.stopEvents()
	return tms.DateOf(ev[len(ev)-1].at.In(t.deliveryLoc))
}

// payment is the k-th invoice's payment, if any: paid invoices in full, by ACH or check, a
// few days before they fall due (and before today); the short-paid one its linehaul.
func payment(k int, inv tms.Invoice, first booked, today tms.Date) (tms.Payment, bool) {
	p := tms.Payment{InvoiceID: inv.ID, AmountCents: inv.TotalCents, Method: "ach",
		Reference: fmt.Sprintf("ACH trace 0210000%08d", 4_417_300+37*k)}
	if k%3 == 1 {
		p.Method, p.Reference = "check", fmt.Sprintf("Check #%d", 20_418+k*7)
	}
	switch {
	case first.status == tms.StatusPaid:
	case first.from == shortPaid:
		p.AmountCents = linehaulOf(inv)
		p.Notes = "Short-paid: customer disputes the fuel surcharge"
	default:
		return p, false
	}
	days := int(today.Time().Sub(inv.IssueDate.Time()).Hours() / 24)
	p.Date = addDays(inv.IssueDate, max(1, min(inv.TermsDays-2-4*(k%3), days-1)))
	return p, true
}

func linehaulOf(inv tms.Invoice) tms.Cents {
	var sum tms.Cents
	for _, l := range inv.Lines {
		if l.Kind == "linehaul" {
			sum += l.AmountCents
		}
	}
	return sum
}
