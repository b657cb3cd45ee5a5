package tms

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// InvoiceKind separates invoices from credit memos; each has its own number series.
type InvoiceKind string

// Invoice kinds.
const (
	KindInvoice    InvoiceKind = "invoice"
	KindCreditMemo InvoiceKind = "credit_memo"
)

// InvoiceStatus is where an invoice is in its life. Invoices are never deleted: a mistake is
// voided (its number stays used) or corrected by a credit memo.
type InvoiceStatus string

// Invoice statuses. A credit memo is applied to its invoice when it is issued.
const (
	InvoiceDraft         InvoiceStatus = "draft"
	InvoiceSent          InvoiceStatus = "sent"
	InvoicePartiallyPaid InvoiceStatus = "partially_paid"
	InvoicePaid          InvoiceStatus = "paid"
	InvoiceVoid          InvoiceStatus = "void"
	InvoiceApplied       InvoiceStatus = "applied"
)

// InvoiceStatuses lists every status.
var InvoiceStatuses = []InvoiceStatus{InvoiceDraft, InvoiceSent, InvoicePartiallyPaid, InvoicePaid, InvoiceVoid, InvoiceApplied}

// Open reports whether an invoice in s still has money to collect.
func (s InvoiceStatus) Open() bool { return s == InvoiceSent || s == InvoicePartiallyPaid }

// InvoiceLine is one billed amount, copied from a load's approved charge.
type InvoiceLine struct {
	LoadID      int64  `json:"load_id,omitempty"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
	AmountCents Cents  `json:"amount_cents"`
}

// Invoice bills a customer for one or more delivered loads; a credit memo (Kind) reduces the
// balance of the invoice it AppliesTo.
type Invoice struct {
	Meta
	Number        string        `json:"number"`
	Series        string        `json:"series"`
	Kind          InvoiceKind   `json:"kind"`
	CustomerID    int64         `json:"customer_id"`
	AppliesTo     *int64        `json:"applies_to,omitempty"`
	Status        InvoiceStatus `json:"status"`
	IssueDate     Date          `json:"issue_date"`
	TermsDays     int           `json:"terms_days"`
	DueDate       Date          `json:"due_date"`
	LoadIDs       []int64       `json:"load_ids"`
	Lines         []InvoiceLine `json:"lines"`
	TotalCents    Cents         `json:"total_cents"`
	PaidCents     Cents         `json:"paid_cents"`     // payments applied
	CreditedCents Cents         `json:"credited_cents"` // credit memos applied
	DocumentID    *int64        `json:"document_id,omitempty"`
	SentAt        *time.Time    `json:"sent_at,omitempty"`
	VoidReason    string        `json:"void_reason,omitempty"`
	Notes         string        `json:"notes"`
}

// Balance is what the customer still owes.
func (i *Invoice) Balance() Cents { return i.TotalCents - i.PaidCents - i.CreditedCents }

// Total sums the lines.
func (i *Invoice) Total() Cents {
	var t Cents
	for _, l := range i.Lines {
		t += l.AmountCents
	}
	return t
}

// Validate checks the invoice, fills defaults, computes the total and the due date.
func (i *Invoice) Validate() error {
	v := Validation{}
	if i.Kind == "" {
		i.Kind = KindInvoice
	}
	if i.Status == "" {
		i.Status = InvoiceDraft
	}
	if i.LoadIDs == nil {
		i.LoadIDs = []int64{}
	}
	v.Check(i.Kind == KindInvoice || i.Kind == KindCreditMemo, "kind", "must be invoice or credit_memo")
	v.Check(slices.Contains(InvoiceStatuses, i.Status), "status", "is not an invoice status")
	v.Check(i.CustomerID > 0, "customer_id", "is required")
	v.Check(i.Kind == KindInvoice || i.AppliesTo != nil, "applies_to", "a credit memo names the invoice it credits")
	v.Check(!i.IssueDate.IsZero(), "issue_date", "is required")
	v.Check(i.TermsDays >= 0 && i.TermsDays <= 365, "terms_days", "must be 0 to 365")
	v.Check(len(i.Lines) > 0, "lines", "need at least one line")
	for n, l := range i.Lines {
		field := fmt.Sprintf("lines[%d]", n)
		v.Check(slices.Contains(ChargeKinds, l.Kind), field+".kind", "must be one of "+strings.Join(ChargeKinds, ", "))
		v.Check(strings.TrimSpace(l.Description) != "", field+".description", "is required")
		v.Check(l.AmountCents > -100_000_000 && l.AmountCents < 100_000_000, field+".amount_cents", "is out of range")
	}
	i.TotalCents = i.Total()
	v.Check(i.Kind == KindInvoice || i.TotalCents > 0, "lines", "a credit memo credits a positive amount")
	v.Check(i.PaidCents >= 0 && i.CreditedCents >= 0, "paid_cents", "must not be negative")
	v.Check(i.Status == InvoiceVoid || i.Kind == KindCreditMemo || i.Balance() >= 0, "paid_cents", "more than the total is applied")
	if !i.IssueDate.IsZero() {
		i.DueDate = DateOf(i.IssueDate.Time().AddDate(0, 0, i.TermsDays))
	}
	return v.Err()
}

// PaymentStatus derives an open invoice's status from what has been applied to it.
func (i *Invoice) PaymentStatus() InvoiceStatus {
	switch {
	case i.Balance() <= 0:
		return InvoicePaid
	case i.PaidCents+i.CreditedCents > 0:
		return InvoicePartiallyPaid
	}
	return InvoiceSent
}

// PaymentMethods are how customers pay.
var PaymentMethods = []string{"check", "ach", "wire", "card", "factoring", "other"}

// Payment is money received against one invoice.
type Payment struct {
	Meta
	InvoiceID   int64  `json:"invoice_id"`
	CustomerID  int64  `json:"customer_id"`
	AmountCents Cents  `json:"amount_cents"`
	Date        Date   `json:"date"`
	Method      string `json:"method"`
	Reference   string `json:"reference"`
	Notes       string `json:"notes"`
	// ReversedAt is set when the payment bounced (NSF check, recalled ACH); it then no longer
	// counts on its invoice.
	ReversedAt     *time.Time `json:"reversed_at,omitempty"`
	ReversalReason string     `json:"reversal_reason,omitempty"`
}

// Validate checks a payment.
func (p *Payment) Validate() error {
	v := Validation{}
	v.Check(p.InvoiceID > 0, "invoice_id", "is required")
	v.Check(p.AmountCents > 0, "amount_cents", "must be positive")
	v.Check(!p.Date.IsZero(), "date", "is required")
	v.Check(slices.Contains(PaymentMethods, p.Method), "method", "must be one of "+strings.Join(PaymentMethods, ", "))
	v.Check(len(p.Reference) <= 100, "reference", "is at most 100 characters")
	return v.Err()
}

// InvoiceFilter selects invoices for a list.
type InvoiceFilter struct {
	CustomerID int64
	Statuses   []InvoiceStatus
	Kind       InvoiceKind
	LoadID     int64
	From, To   Date // issue date in [From, To]
	Text       string
	Page       PageRequest
}

// PaymentFilter selects payments.
type PaymentFilter struct {
	InvoiceID  int64
	CustomerID int64
	From, To   Date
	Page       PageRequest
}

// ReviewDecision is billing staff's answer to a proposed charge.
type ReviewDecision string

// Review decisions.
const (
	ReviewApproved ReviewDecision = "approved"
	ReviewRejected ReviewDecision = "rejected"
)

// ChargeReview records the decision on a charge the system proposed (detention measured by
// geofence) so it is neither proposed again nor ever added silently.
type ChargeReview struct {
	LoadID      int64          `json:"load_id"`
	StopID      int64          `json:"stop_id"`
	Kind        string         `json:"kind"`
	Decision    ReviewDecision `json:"decision"`
	AmountCents Cents          `json:"amount_cents"`
	Note        string         `json:"note"`
	ActorID     *int64         `json:"actor_id,omitempty"`
	DecidedAt   time.Time      `json:"decided_at"`
}
