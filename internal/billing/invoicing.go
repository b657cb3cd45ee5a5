package billing

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/tms"
)

// Readiness says whether a delivered load can be invoiced and, if not, why.
type Readiness struct {
	Load      tms.Load `json:"load"`
	Customer  string   `json:"customer"`
	Blockers  []string `json:"blockers"`
	Proposals int      `json:"pending_proposals"` // undecided detention: a warning, not a blocker
}

// Ready reports whether nothing blocks invoicing.
func (r Readiness) Ready() bool { return len(r.Blockers) == 0 }

// Queue lists delivered loads (of one customer, or all for 0) with what blocks each.
func (s *Service) Queue(ctx context.Context, customerID int64) ([]Readiness, error) {
	loads, err := s.allLoads(ctx, tms.LoadFilter{Statuses: []tms.LoadStatus{tms.StatusDelivered}, CustomerID: customerID})
	if err != nil {
		return nil, err
	}
	return s.readinessOf(ctx, loads)
}

// readinessOf checks each load, reading what the checks share (customers, the detention
// rule, the review decisions, the documents) once for all of them.
func (s *Service) readinessOf(ctx context.Context, loads []tms.Load) ([]Readiness, error) {
	shared, err := s.readinessInputs(ctx, loads)
	if err != nil {
		return nil, err
	}
	out := make([]Readiness, len(loads))
	for i, l := range loads {
		out[i] = readiness(l, shared)
	}
	return out, nil
}

// checkInputs is what the readiness checks of several loads share.
type checkInputs struct {
	customers map[int64]tms.Customer
	detention tms.Accessorial
	reviews   []tms.ChargeReview
	documents map[int64][]tms.DocumentType // active document types by load
}

func (s *Service) readinessInputs(ctx context.Context, loads []tms.Load) (checkInputs, error) {
	in := checkInputs{customers: map[int64]tms.Customer{}}
	customers := tms.NewLookup(s.Store)
	if err := customers.PrefetchCustomers(ctx, loads); err != nil {
		return in, err
	}
	ids := make([]int64, len(loads))
	for i, l := range loads {
		ids[i] = l.ID
		c, err := customers.Customer(ctx, l.CustomerID)
		if err != nil {
			return in, err
		}
		in.customers[c.ID] = c
	}
	var err error
	if in.detention, err = s.Store.Accessorial(ctx, kindDetention); err != nil {
		return in, err
	}
	if in.reviews, err = s.Store.ChargeReviews(ctx, ids); err != nil {
		return in, err
	}
	in.documents, err = s.Store.DocumentTypesOf(ctx, ids)
	return in, err
}

// readiness checks a load against its customer's required documents and references and
// counts its undecided detention proposals.
func readiness(l tms.Load, in checkInputs) Readiness {
	c := in.customers[l.CustomerID]
	r := Readiness{Load: l, Customer: c.Name, Blockers: []string{}, Proposals: len(undecided(l, in.detention, in.reviews))}
	if l.Status != tms.StatusDelivered {
		r.Blockers = append(r.Blockers, fmt.Sprintf("load is %s, not delivered", l.Status))
	}
	if missing := documents.MissingTypes(c, in.documents[l.ID]); len(missing) > 0 {
		r.Blockers = append(r.Blockers, "missing documents: "+strings.Join(missing, ", "))
	}
	if refs := missingReferences(c, l); len(refs) > 0 {
		r.Blockers = append(r.Blockers, "missing references: "+strings.Join(refs, ", "))
	}
	if len(l.Charges) == 0 {
		r.Blockers = append(r.Blockers, "no charges")
	}
	return r
}

func missingReferences(c tms.Customer, l tms.Load) []string {
	var out []string
	for _, kind := range c.RequiredReferences {
		if strings.TrimSpace(l.References.Get(kind)) == "" {
			out = append(out, kind)
		}
	}
	return out
}

// blocked turns a load's blockers into the error that refuses its invoice.
func blocked(r Readiness) error {
	if r.Ready() {
		return nil
	}
	msg := "load " + r.Load.Number + " cannot be invoiced: " + strings.Join(r.Blockers, "; ")
	return &tms.Error{Code: tms.CodeConflict, Message: msg, Detail: map[string]any{"load_id": r.Load.ID, "blockers": r.Blockers}}
}

// InvoiceInput asks for an invoice of delivered loads of one customer.
type InvoiceInput struct {
	LoadIDs   []int64  `json:"load_ids"`
	IssueDate tms.Date `json:"issue_date"` // default today
	Notes     string   `json:"notes"`
}

// CreateInvoice drafts an invoice for the loads, with lines copied from their charges and
// the customer's terms. Any blocker of any load refuses the whole invoice with its reason.
func (s *Service) CreateInvoice(ctx context.Context, in InvoiceInput) (tms.Invoice, error) {
	if len(in.LoadIDs) == 0 {
		return tms.Invoice{}, &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: map[string]string{"load_ids": "name at least one delivered load"}}
	}
	loads, err := s.readyLoads(ctx, in.LoadIDs)
	if err != nil {
		return tms.Invoice{}, err
	}
	c, err := s.Store.Customer(ctx, loads[0].CustomerID)
	if err != nil {
		return tms.Invoice{}, err
	}
	inv := tms.Invoice{CustomerID: c.ID, IssueDate: in.IssueDate, TermsDays: c.PaymentTermsDays, Notes: in.Notes}
	if inv.IssueDate.IsZero() {
		inv.IssueDate = s.today()
	}
	versions := map[int64]int{}
	for _, l := range loads {
		inv.LoadIDs = append(inv.LoadIDs, l.ID)
		inv.Lines = append(inv.Lines, linesOf(l)...)
		versions[l.ID] = l.Version
	}
	return inv, s.Store.CreateInvoice(ctx, &inv, versions)
}

// readyLoads reads the loads, refusing any that is blocked or of another customer.
func (s *Service) readyLoads(ctx context.Context, ids []int64) ([]tms.Load, error) {
	var loads []tms.Load
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		l, err := s.Store.Load(ctx, id)
		if err != nil {
			return nil, err
		}
		if len(loads) > 0 && l.CustomerID != loads[0].CustomerID {
			return nil, tms.Errorf(tms.CodeInvalid, "loads %s and %s belong to different customers; invoice them separately", loads[0].Number, l.Number)
		}
		loads = append(loads, l)
	}
	checked, err := s.readinessOf(ctx, loads)
	if err != nil {
		return nil, err
	}
	for _, r := range checked {
		if err := blocked(r); err != nil {
			return nil, err
		}
	}
	return loads, nil
}

// linesOf copies a load's charges into invoice lines.
func linesOf(l tms.Load) []tms.InvoiceLine {
	out := make([]tms.InvoiceLine, 0, len(l.Charges))
	for _, c := range l.Charges {
		desc := c.Description
		if desc == "" {
			desc = chargeName(c.Kind)
		}
		out = append(out, tms.InvoiceLine{LoadID: l.ID, Kind: c.Kind, Description: l.Number + ": " + desc, AmountCents: c.AmountCents})
	}
	return out
}

func chargeName(kind string) string {
	return strings.ToUpper(kind[:1]) + strings.ReplaceAll(kind[1:], "_", " ")
}

// InvoiceReady drafts one invoice per customer for every delivered load nothing blocks; it
// returns the invoices and the loads left out with their blockers.
func (s *Service) InvoiceReady(ctx context.Context, customerID int64) ([]tms.Invoice, []Readiness, error) {
	queue, err := s.Queue(ctx, customerID)
	if err != nil {
		return nil, nil, err
	}
	byCustomer := map[int64][]int64{}
	var order []int64
	var skipped []Readiness
	for _, r := range queue {
		if !r.Ready() {
			skipped = append(skipped, r)
			continue
		}
		if _, seen := byCustomer[r.Load.CustomerID]; !seen {
			order = append(order, r.Load.CustomerID)
		}
		byCustomer[r.Load.CustomerID] = append(byCustomer[r.Load.CustomerID], r.Load.ID)
	}
	var out []tms.Invoice
	for _, c := range order {
		inv, err := s.CreateInvoice(ctx, InvoiceInput{LoadIDs: byCustomer[c]})
		if err != nil {
			return out, skipped, err
		}
		out = append(out, inv)
	}
	return out, skipped, nil
}
