package billing

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/mail"
	"github.com/anditms/tms/internal/reports"
	"github.com/anditms/tms/internal/tms"
)

// invoiceMail is the email of a sent invoice to the customer's AP contacts: its stored PDF
// (doc) and, when the customer asked for them, the loads' PODs as they are at send time.
// None when the customer has no AP contact with an address.
func (s *Service) invoiceMail(ctx context.Context, inv tms.Invoice, docID int64) ([]tms.Mail, error) {
	c, err := s.Store.Customer(ctx, inv.CustomerID)
	if err != nil {
		return nil, err
	}
	to := c.EmailsFor(tms.ContactAP)
	if len(to) == 0 {
		return nil, nil
	}
	carrier, err := s.Store.CarrierSettings(ctx)
	if err != nil {
		return nil, err
	}
	numbers, err := s.loadNumbers(ctx, inv.LoadIDs)
	if err != nil {
		return nil, err
	}
	content, err := mail.Render("invoice", mail.InvoiceData{Carrier: carrier.Name, Customer: c.Name, Number: inv.Number,
		Loads: strings.Join(numbers, ", "), Total: inv.TotalCents, Due: inv.DueDate, WithPOD: c.Notifications.PODWithInvoice})
	if err != nil {
		return nil, err
	}
	m := tms.Mail{DedupeKey: "invoice:" + strconv.FormatInt(inv.ID, 10) + ":sent", To: to,
		CustomerID: &c.ID, InvoiceID: &inv.ID,
		Attachments: []tms.MailAttachment{{Name: inv.Number + ".pdf", DocumentID: &docID}}}
	if c.Notifications.PODWithInvoice {
		for _, id := range inv.LoadIDs {
			m.Attachments = append(m.Attachments, tms.MailAttachment{PODsOfLoad: &id})
		}
	}
	content.Fill(&m)
	return []tms.Mail{m}, nil
}

func (s *Service) loadNumbers(ctx context.Context, ids []int64) ([]string, error) {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		l, err := s.Store.Load(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, l.Number)
	}
	return out, nil
}

// EmailStatement queues a statement of account to the customer's AP contacts: its open
// invoices as of asOf (today when zero) in the body and as a CSV attachment.
func (s *Service) EmailStatement(ctx context.Context, customerID int64, asOf tms.Date) (tms.Mail, error) {
	if asOf.IsZero() {
		asOf = s.today()
	}
	c, err := s.Store.Customer(ctx, customerID)
	if err != nil {
		return tms.Mail{}, err
	}
	to := c.EmailsFor(tms.ContactAP)
	if len(to) == 0 {
		return tms.Mail{}, tms.Errorf(tms.CodeConflict, "%s has no accounts-payable contact with an email address", c.Name)
	}
	data, err := s.statementData(ctx, c, asOf)
	if err != nil {
		return tms.Mail{}, err
	}
	content, err := mail.Render("statement", data)
	if err != nil {
		return tms.Mail{}, err
	}
	m := tms.Mail{To: to, CustomerID: &c.ID, Attachments: []tms.MailAttachment{{
		Name: "statement-" + asOf.String() + ".csv", ContentType: "text/csv", Data: statementCSV(data.Invoices)}}}
	content.Fill(&m)
	_, err = s.Store.QueueMail(ctx, &m)
	return m, err
}

// statementData lists the customer's invoices open as of asOf (issued by then), oldest due first.
func (s *Service) statementData(ctx context.Context, c tms.Customer, asOf tms.Date) (mail.StatementData, error) {
	carrier, err := s.Store.CarrierSettings(ctx)
	if err != nil {
		return mail.StatementData{}, err
	}
	open, err := s.Store.OpenInvoices(ctx, c.ID)
	if err != nil {
		return mail.StatementData{}, err
	}
	d := mail.StatementData{Carrier: carrier.Name, Customer: c.Name, AsOf: asOf}
	for _, inv := range open {
		if inv.Kind != tms.KindInvoice || inv.IssueDate.Time().After(asOf.Time()) {
			continue
		}
		d.Invoices = append(d.Invoices, mail.StatementLine{Number: inv.Number, IssueDate: inv.IssueDate, DueDate: inv.DueDate, Balance: inv.Balance()})
		d.Balance += inv.Balance()
	}
	if len(d.Invoices) == 0 {
		return d, tms.Errorf(tms.CodeConflict, "%s has no open invoices as of %s", c.Name, asOf)
	}
	return d, nil
}

func statementCSV(lines []mail.StatementLine) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"invoice", "issue_date", "due_date", "balance"})
	for _, l := range lines {
		_ = w.Write([]string{l.Number, l.IssueDate.String(), l.DueDate.String(), reports.Amount(l.Balance)})
	}
	w.Flush()
	return b.Bytes()
}

// MailFiles resolves an outbox attachment stored elsewhere: a document, or the active PODs
// of a load (none is no file).
func (s *Service) MailFiles(ctx context.Context, a tms.MailAttachment) ([]mail.File, error) {
	switch {
	case a.DocumentID != nil:
		d, body, err := s.Docs.Bytes(ctx, *a.DocumentID)
		if err != nil {
			return nil, err
		}
		return []mail.File{{Name: orText(a.Name, d.Filename), ContentType: d.ContentType, Data: body}}, nil
	case a.PODsOfLoad != nil:
		pods, err := s.podAttachments(ctx, []int64{*a.PODsOfLoad})
		out := make([]mail.File, len(pods))
		for i, p := range pods {
			out[i] = mail.File{Name: p.Name, ContentType: p.ContentType, Data: p.Data}
		}
		return out, err
	}
	return nil, fmt.Errorf("attachment %q names no stored file", a.Name)
}
