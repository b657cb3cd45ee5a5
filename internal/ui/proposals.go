package ui

import (
	"net/http"
	"time"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/tms"
)

// billingPanel is the billing side of the load page: the load's invoices for office staff;
// for billing staff the detention the system measured, to approve or reject, and re-rating.
type billingPanel struct {
	Invoices  []tms.Invoice
	Proposals []proposalView
	Review    bool // billing staff see the proposals
	CanDecide bool // accounting decides them
	CanRerate bool
	Problem   *actionProblem
}

// proposalView is a detention proposal with its evidence in the facility's time.
type proposalView struct {
	billing.Proposal
	Stop                  stopView
	Dwell, Free, Billable string
	ClockStart            string
	ArrivedBy, DepartedBy string // gps or user
}

func (u *UI) billingPanel(r *http.Request, v loadView, p *actionProblem) (*billingPanel, error) {
	if u.billing == nil {
		return nil, nil
	}
	ctx := r.Context()
	invs, err := u.store.ListInvoices(ctx, tms.InvoiceFilter{LoadID: v.ID, Page: tms.PageRequest{Limit: tms.MaxPageSize}})
	if err != nil {
		return nil, err
	}
	b := &billingPanel{Invoices: invs.Items, Review: permsOf(r).Bill}
	if p != nil && (p.Action == "proposal" || p.Action == "rerate") {
		b.Problem = p
	}
	if !b.Review {
		return b, nil
	}
	b.CanDecide = isAccounting(r)
	b.CanRerate = v.Status != tms.StatusInvoiced && v.Status != tms.StatusPaid
	props, err := u.billing.Proposals(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	for _, pr := range props {
		i := v.StopIndex(pr.StopID)
		if i < 0 {
			continue
		}
		s := v.Stops[i]
		b.Proposals = append(b.Proposals, proposalView{Proposal: pr, Stop: s,
			Dwell: minutes(pr.DwellMinutes), Free: minutes(pr.FreeMinutes), Billable: minutes(pr.BillableMinutes),
			ClockStart: localTime(pr.ClockStart, s.tz()), ArrivedBy: label(pr.ArrivalSource), DepartedBy: label(pr.DepartedSource)})
	}
	return b, nil
}

func minutes(m int) string { return duration(time.Duration(m) * time.Minute) }

// decideProposal approves (optionally for another amount) or rejects detention at a stop.
func (u *UI) decideProposal(w http.ResponseWriter, r *http.Request) error {
	return u.loadAction(w, r, "proposal", func(id int64, f Form) (string, error) {
		stop, err := pathID(r, "stop")
		if err != nil {
			return "", err
		}
		var amount tms.Cents
		if s := trimmed(f, "amount"); s != "" {
			if amount, err = parseCents(s); err != nil || amount <= 0 {
				return "", tms.Errorf(tms.CodeInvalid, "the detention amount must be a positive amount such as 75.00, or empty for the proposed one")
			}
		}
		d := tms.ReviewDecision(f.Get("decision"))
		if _, err := u.billing.Decide(r.Context(), id, stop, d, amount, trimmed(f, "note")); err != nil {
			return "", err
		}
		if d == tms.ReviewApproved {
			return "Detention approved and added to the charges.", nil
		}
		return "Detention rejected.", nil
	})
}

// rerateLoad prices the load again from its customer's rate defaults and fuel schedule.
func (u *UI) rerateLoad(w http.ResponseWriter, r *http.Request) error {
	return u.loadAction(w, r, "rerate", func(id int64, f Form) (string, error) {
		l, err := u.billing.Rerate(r.Context(), id, formInt(f, "version"))
		return "Re-rated from the customer’s rate defaults: the total is " + l.TotalCents.String() + ".", err
	})
}
