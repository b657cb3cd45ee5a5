package billing

import (
	"context"

	"github.com/anditms/tms/internal/billingpdf"
	"github.com/anditms/tms/internal/tms"
)

// InvoicePDF renders an invoice (any status; a draft is a preview), followed by the
// loads' PODs when withPOD is set.
func (s *Service) InvoicePDF(ctx context.Context, id int64, withPOD bool) (tms.Invoice, []byte, error) {
	inv, err := s.Store.Invoice(ctx, id)
	if err != nil {
		return inv, nil, err
	}
	pdf, err := s.renderInvoice(ctx, inv)
	if err != nil || !withPOD {
		return inv, pdf, err
	}
	pods, err := s.podAttachments(ctx, inv.LoadIDs)
	if err != nil {
		return inv, nil, err
	}
	combined, err := billingpdf.Combine(pdf, pods)
	if err != nil {
		return inv, nil, &tms.Error{Code: tms.CodeConflict, Message: "the PODs cannot be attached to the invoice; download them separately", Err: err}
	}
	return inv, combined, nil
}

func (s *Service) renderInvoice(ctx context.Context, inv tms.Invoice) ([]byte, error) {
	d, err := s.invoiceData(ctx, inv)
	if err != nil {
		return nil, err
	}
	return billingpdf.RenderInvoice(d)
}

// invoiceData gathers what the invoice prints: carrier, customer, loads with facilities.
func (s *Service) invoiceData(ctx context.Context, inv tms.Invoice) (billingpdf.InvoiceData, error) {
	d := billingpdf.InvoiceData{Invoice: inv}
	var err error
	if d.Carrier, err = s.Store.CarrierSettings(ctx); err != nil {
		return d, err
	}
	if d.Customer, err = s.Store.Customer(ctx, inv.CustomerID); err != nil {
		return d, err
	}
	if inv.AppliesTo != nil {
		target, err := s.Store.Invoice(ctx, *inv.AppliesTo)
		if err != nil {
			return d, err
		}
		d.AppliesToNumber = target.Number
	}
	for _, id := range inv.LoadIDs {
		ld, err := s.loadDetail(ctx, id)
		if err != nil {
			return d, err
		}
		d.Loads = append(d.Loads, ld)
	}
	return d, nil
}

func (s *Service) loadDetail(ctx context.Context, id int64) (billingpdf.LoadDetail, error) {
	l, err := s.Store.Load(ctx, id)
	if err != nil {
		return billingpdf.LoadDetail{}, err
	}
	facilities, err := s.facilities(ctx, l)
	if err != nil {
		return billingpdf.LoadDetail{}, err
	}
	ld := billingpdf.LoadDetail{Load: l}
	for _, st := range l.Stops {
		ld.Stops = append(ld.Stops, billingpdf.StopDetail{Stop: st, Facility: facilities[st.FacilityID]})
	}
	return ld, nil
}

// podAttachments reads the active PODs of the loads, oldest load first.
func (s *Service) podAttachments(ctx context.Context, loadIDs []int64) ([]billingpdf.Attachment, error) {
	var out []billingpdf.Attachment
	for _, id := range loadIDs {
		docs, err := s.Docs.List(ctx, tms.Owner{Kind: tms.OwnerLoad, ID: id}, false)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			if d.Type != tms.DocPOD || d.Status != tms.DocumentActive {
				continue
			}
			_, body, err := s.Docs.Bytes(ctx, d.ID)
			if err != nil {
				return nil, err
			}
			out = append(out, billingpdf.Attachment{Name: d.Filename, ContentType: d.ContentType, Data: body})
		}
	}
	return out, nil
}

// SendInvoice finalises a draft: its PDF is stored as an invoice document on its first load
// and it becomes sent (locked; payments may follow), its email to the customer's AP contacts
// queued in the same transaction. Sending a sent invoice again changes
// nothing.
func (s *Service) SendInvoice(ctx context.Context, id int64, expected int) (tms.Invoice, error) {
	inv, err := s.Store.Invoice(ctx, id)
	if err != nil {
		return inv, err
	}
	if err := tms.CheckVersion(expected, inv.Version); err != nil {
		return inv, err
	}
	if inv.Status != tms.InvoiceDraft {
		return inv, tms.Errorf(tms.CodeConflict, "invoice %s is %s; only a draft can be sent", inv.Number, inv.Status)
	}
	inv.Status = tms.InvoiceSent
	pdf, err := s.renderInvoice(ctx, inv)
	if err != nil {
		return inv, err
	}
	doc, err := s.Docs.SaveGenerated(ctx, inv.LoadIDs[0], tms.DocInvoice, inv.Number+".pdf", pdf)
	if err != nil {
		return inv, err
	}
	mails, err := s.invoiceMail(ctx, inv, doc.ID)
	if err != nil {
		return inv, err
	}
	now := s.now().UTC()
	return s.Store.UpdateInvoiceWithMail(ctx, id, func(i *tms.Invoice) error {
		if err := tms.CheckVersion(inv.Version, i.Version); err != nil {
			return err
		}
		i.Status, i.DocumentID, i.SentAt = tms.InvoiceSent, &doc.ID, &now
		return nil
	}, mails)
}

// EditInvoice replaces a draft's lines, dates and notes; expected is the version the
// client saw.
func (s *Service) EditInvoice(ctx context.Context, id int64, expected int, edit func(*tms.Invoice)) (tms.Invoice, error) {
	return s.Store.UpdateInvoice(ctx, id, func(i *tms.Invoice) error {
		if err := tms.CheckVersion(expected, i.Version); err != nil {
			return err
		}
		if i.Status != tms.InvoiceDraft {
			return tms.Errorf(tms.CodeConflict, "invoice %s is %s; only a draft can be edited", i.Number, i.Status)
		}
		edit(i)
		return nil
	})
}

// CreditInput asks for a credit memo against an invoice.
type CreditInput struct {
	AmountCents tms.Cents `json:"amount_cents"`
	Reason      string    `json:"reason"`
	IssueDate   tms.Date  `json:"issue_date"`
}

// CreditInvoice issues a credit memo of the amount against a sent invoice.
func (s *Service) CreditInvoice(ctx context.Context, id int64, in CreditInput) (tms.Invoice, tms.Invoice, error) {
	target, err := s.Store.Invoice(ctx, id)
	if err != nil {
		return tms.Invoice{}, target, err
	}
	if in.IssueDate.IsZero() {
		in.IssueDate = s.today()
	}
	memo := tms.Invoice{CustomerID: target.CustomerID, AppliesTo: &target.ID, IssueDate: in.IssueDate,
		Lines: []tms.InvoiceLine{{Kind: "other", Description: "Credit against " + target.Number + ": " + orText(in.Reason, "adjustment"), AmountCents: in.AmountCents}}}
	credited, err := s.Store.IssueCreditMemo(ctx, &memo)
	return memo, credited, err
}

func orText(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
