package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

var invoices = &table[tms.Invoice, *tms.Invoice]{
	name: "invoices", entity: "invoice", status: "status",
	cols: []string{"number", "series", "kind", "customer_id", "applies_to", "status", "issue_date", "terms_days", "due_date",
		"load_ids", "lines", "total_cents", "paid_cents", "credited_cents", "document_id", "sent_at", "void_reason", "notes"},
	fields: func(i *tms.Invoice) []any {
		return []any{&i.Number, &i.Series, &i.Kind, &i.CustomerID, &i.AppliesTo, &i.Status, &i.IssueDate, &i.TermsDays, &i.DueDate,
			JSON(&i.LoadIDs), JSON(&i.Lines), &i.TotalCents, &i.PaidCents, &i.CreditedCents, &i.DocumentID, &i.SentAt, &i.VoidReason, &i.Notes}
	},
	sorts: map[string]string{"number": "number", "issue_date": "issue_date", "due_date": "due_date", "total_cents": "total_cents", "status": "status"},
}

var payments = &table[tms.Payment, *tms.Payment]{
	name: "payments", entity: "payment",
	cols: []string{"invoice_id", "customer_id", "amount_cents", "date", "method", "reference", "notes", "reversed_at", "reversal_reason"},
	fields: func(p *tms.Payment) []any {
		return []any{&p.InvoiceID, &p.CustomerID, &p.AmountCents, &p.Date, &p.Method, &p.Reference, &p.Notes, &p.ReversedAt, &p.ReversalReason}
	},
	sorts: map[string]string{"date": "date", "amount_cents": "amount_cents"},
}

// CreateInvoice numbers and stores an invoice; its loads become invoiced in the same transaction.
func (db *DB) CreateInvoice(ctx context.Context, inv *tms.Invoice, loadVersions map[int64]int) error {
	inv.Kind, inv.Status, inv.PaidCents, inv.CreditedCents = tms.KindInvoice, tms.InvoiceDraft, 0, 0
	if err := inv.Validate(); err != nil {
		return err
	}
	if len(inv.LoadIDs) == 0 {
		return &tms.Error{Code: tms.CodeInvalid, Message: "an invoice bills at least one load", Fields: map[string]string{"load_ids": "is required"}}
	}
	return db.InTx(ctx, func(tx *Tx) error {
		if err := tx.numberInvoice(ctx, inv); err != nil {
			return err
		}
		if err := invoices.insert(ctx, tx, inv); err != nil {
			return err
		}
		for _, id := range inv.LoadIDs {
			if err := tx.invoiceLoad(ctx, inv, id, loadVersions); err != nil {
				return err
			}
		}
		return nil
	})
}

// numberInvoice gives the invoice the next number of its series (gap-free: the counter moves
// only when the invoice row commits with it).
func (tx *Tx) numberInvoice(ctx context.Context, inv *tms.Invoice) error {
	settings, err := tx.db.carrierSettings(ctx, tx.tx, "")
	if err != nil {
		return err
	}
	inv.Series = settings.InvoiceSeries
	if inv.Kind == tms.KindCreditMemo {
		inv.Series = settings.CreditMemoSeries
	}
	n, err := tx.nextCounter(ctx, "invoice:"+inv.Series)
	inv.Number = fmt.Sprintf("%s-%06d", inv.Series, n)
	return err
}

// invoiceLoad ties a delivered load of the customer to the invoice and moves it to invoiced.
func (tx *Tx) invoiceLoad(ctx context.Context, inv *tms.Invoice, loadID int64, versions map[int64]int) error {
	if _, err := tx.Exec(ctx, "INSERT INTO invoice_loads (invoice_id, load_id, active) VALUES (?, ?, TRUE)", inv.ID, loadID); err != nil {
		if tms.ErrorCode(tx.db.wrap(err, "")) == tms.CodeConflict {
			return tms.Errorf(tms.CodeConflict, "load %d is already on an invoice that is not void", loadID)
		}
		return tx.db.wrap(err, "invoice load")
	}
	_, err := tx.updateLoad(ctx, loadID, func(ltx tms.LoadTx, l *tms.Load) error {
		if l.CustomerID != inv.CustomerID {
			return tms.Errorf(tms.CodeInvalid, "load %s belongs to another customer", l.Number)
		}
		if v, ok := versions[loadID]; ok {
			if err := tms.CheckVersion(v, l.Version); err != nil {
				return err
			}
		}
		return moveLoad(ltx, l, tms.StatusInvoiced, "Invoice "+inv.Number)
	})
	return err
}

// moveLoad changes a load's status with its timeline event.
func moveLoad(ltx tms.LoadTx, l *tms.Load, to tms.LoadStatus, note string) error {
	from := l.Status
	if err := l.Transition(to); err != nil {
		return err
	}
	ltx.AddEvent(tms.LoadEvent{Type: tms.EventStatus, FromStatus: from, ToStatus: to, Note: note})
	return nil
}

// Invoice returns one invoice.
func (db *DB) Invoice(ctx context.Context, id int64) (tms.Invoice, error) {
	return invoices.get(ctx, db, id)
}

// ListInvoices lists invoices.
func (db *DB) ListInvoices(ctx context.Context, f tms.InvoiceFilter) (tms.Page[tms.Invoice], error) {
	return invoices.page(ctx, db, db.invoiceFilter(f), f.Page, "-number")
}

func (db *DB) invoiceFilter(f tms.InvoiceFilter) where {
	w := where{}
	if len(f.Statuses) > 0 {
		args := make([]any, len(f.Statuses))
		for i, s := range f.Statuses {
			args[i] = s
		}
		w.add("status IN ("+placeholders(len(args))+")", args...)
	}
	w.addIf(f.CustomerID != 0, "customer_id = ?", f.CustomerID)
	w.addIf(f.Kind != "", "kind = ?", f.Kind)
	w.addIf(f.LoadID != 0, "id IN (SELECT invoice_id FROM invoice_loads WHERE load_id = ?)", f.LoadID)
	w.addIf(!f.From.IsZero(), "issue_date >= ?", f.From)
	w.addIf(!f.To.IsZero(), "issue_date <= ?", f.To)
	w.addIf(f.Text != "", "number "+db.dialect.Like+" ?", "%"+escapeLike(f.Text)+"%")
	return w
}

// OpenInvoices returns every sent or partially paid invoice, of one customer or all (0).
func (db *DB) OpenInvoices(ctx context.Context, customerID int64) ([]tms.Invoice, error) {
	w := where{}
	w.add("status IN (?, ?)", tms.InvoiceSent, tms.InvoicePartiallyPaid)
	w.addIf(customerID != 0, "customer_id = ?", customerID)
	return invoices.all(ctx, db, w, " ORDER BY due_date, id")
}

// UpdateInvoice changes an invoice through fn. Lines, customer and loads of a sent invoice
// cannot change, and fn may only move a draft to sent (payments, voids and credits have
// their own methods).
func (db *DB) UpdateInvoice(ctx context.Context, id int64, fn func(*tms.Invoice) error) (tms.Invoice, error) {
	return db.UpdateInvoiceWithMail(ctx, id, fn, nil)
}

// UpdateInvoiceWithMail is UpdateInvoice queueing mails in the same transaction.
func (db *DB) UpdateInvoiceWithMail(ctx context.Context, id int64, fn func(*tms.Invoice) error, mails []tms.Mail) (tms.Invoice, error) {
	var out tms.Invoice
	err := db.InTx(ctx, func(tx *Tx) (err error) {
		out, err = invoices.updateIn(ctx, tx, id, func(inv *tms.Invoice) error {
			before := *inv
			if err := fn(inv); err != nil {
				return err
			}
			return checkInvoiceEdit(&before, inv)
		})
		if err != nil {
			return err
		}
		return tx.queueMails(ctx, mails)
	})
	return out, err
}

func checkInvoiceEdit(before, after *tms.Invoice) error {
	after.Number, after.Series, after.Kind, after.CustomerID, after.AppliesTo = before.Number, before.Series, before.Kind, before.CustomerID, before.AppliesTo
	after.LoadIDs, after.PaidCents, after.CreditedCents, after.VoidReason = before.LoadIDs, before.PaidCents, before.CreditedCents, before.VoidReason
	switch {
	case before.Status == after.Status:
	case before.Status == tms.InvoiceDraft && after.Status == tms.InvoiceSent:
	default:
		return tms.Errorf(tms.CodeConflict, "a %s invoice cannot become %s here", before.Status, after.Status)
	}
	if before.Status != tms.InvoiceDraft && (after.Total() != before.TotalCents || len(after.Lines) != len(before.Lines) ||
		!after.IssueDate.Equal(before.IssueDate) || after.TermsDays != before.TermsDays) {
		return tms.Errorf(tms.CodeConflict, "a %s invoice is locked; issue a credit memo or void it", before.Status)
	}
	return nil
}

// VoidInvoice voids an invoice that has nothing applied; its loads return to delivered.
func (db *DB) VoidInvoice(ctx context.Context, id int64, reason string) (tms.Invoice, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return tms.Invoice{}, &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: map[string]string{"reason": "is required"}}
	}
	var out tms.Invoice
	err := db.InTx(ctx, func(tx *Tx) error {
		before, err := invoices.getTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkVoid(&before); err != nil {
			return err
		}
		after := before
		after.Status, after.VoidReason = tms.InvoiceVoid, reason
		if err := invoices.write(ctx, tx, &before, &after); err != nil {
			return err
		}
		if err := tx.releaseLoads(ctx, &after); err != nil {
			return err
		}
		out = after
		return tx.Audit(ctx, "invoice", id, "void", &before, &after)
	})
	return out, err
}

func checkVoid(inv *tms.Invoice) error {
	switch {
	case inv.Status == tms.InvoiceVoid:
		return tms.Errorf(tms.CodeConflict, "invoice %s is already void", inv.Number)
	case inv.Kind == tms.KindCreditMemo:
		return tms.Errorf(tms.CodeConflict, "a credit memo cannot be voided; issue an invoice for the amount instead")
	case inv.PaidCents > 0 || inv.CreditedCents > 0:
		return tms.Errorf(tms.CodeConflict, "invoice %s has payments or credits applied; credit the balance instead of voiding", inv.Number)
	}
	return nil
}

// releaseLoads frees a void invoice's loads and moves them back to delivered.
func (tx *Tx) releaseLoads(ctx context.Context, inv *tms.Invoice) error {
	if _, err := tx.Exec(ctx, "UPDATE invoice_loads SET active = FALSE WHERE invoice_id = ?", inv.ID); err != nil {
		return tx.db.wrap(err, "release invoice loads")
	}
	for _, id := range inv.LoadIDs {
		_, err := tx.updateLoad(ctx, id, func(ltx tms.LoadTx, l *tms.Load) error {
			return moveLoad(ltx, l, tms.StatusDelivered, "Invoice "+inv.Number+" voided")
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// RecordPayment applies a payment to an open invoice.
func (db *DB) RecordPayment(ctx context.Context, p *tms.Payment) (tms.Invoice, error) {
	if err := p.Validate(); err != nil {
		return tms.Invoice{}, err
	}
	var out tms.Invoice
	err := db.InTx(ctx, func(tx *Tx) error {
		inv, err := tx.applyToInvoice(ctx, p.InvoiceID, p.AmountCents, 0, "payment")
		if err != nil {
			return err
		}
		p.CustomerID = inv.CustomerID
		out = inv
		return payments.insert(ctx, tx, p)
	})
	return out, err
}

// ReversePayment takes a bounced payment off its invoice.
func (db *DB) ReversePayment(ctx context.Context, id int64, reason string) (tms.Invoice, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return tms.Invoice{}, &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: map[string]string{"reason": "is required"}}
	}
	var out tms.Invoice
	err := db.InTx(ctx, func(tx *Tx) error {
		before, err := payments.getTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.ReversedAt != nil {
			return tms.Errorf(tms.CodeConflict, "payment %d was already reversed", id)
		}
		after, now := before, tx.Now
		after.ReversedAt, after.ReversalReason = &now, reason
		if err := payments.write(ctx, tx, &before, &after); err != nil {
			return err
		}
		if out, err = tx.unapply(ctx, before.InvoiceID, before.AmountCents); err != nil {
			return err
		}
		return tx.Audit(ctx, "payment", id, "reverse", &before, &after)
	})
	return out, err
}

// unapply takes a paid amount back off an invoice, reopening it and its loads.
func (tx *Tx) unapply(ctx context.Context, invoiceID int64, amount tms.Cents) (tms.Invoice, error) {
	before, err := invoices.getTx(ctx, tx, invoiceID)
	if err != nil {
		return before, err
	}
	after := before
	after.PaidCents -= amount
	after.Status = after.PaymentStatus()
	if err := invoices.write(ctx, tx, &before, &after); err != nil {
		return before, err
	}
	if before.Status == tms.InvoicePaid && after.Status != tms.InvoicePaid {
		if err := tx.moveLoads(ctx, after.LoadIDs, tms.StatusInvoiced, "Payment on invoice "+after.Number+" reversed"); err != nil {
			return before, err
		}
	}
	return after, tx.Audit(ctx, "invoice", invoiceID, "payment reversed", &before, &after)
}

// applyToInvoice adds a payment or a credit to an open invoice, moves its status and, once
// it is paid, its loads.
func (tx *Tx) applyToInvoice(ctx context.Context, id int64, paid, credited tms.Cents, what string) (tms.Invoice, error) {
	before, err := invoices.getTx(ctx, tx, id)
	if err != nil {
		return before, err
	}
	if before.Kind != tms.KindInvoice || !before.Status.Open() {
		return before, tms.Errorf(tms.CodeConflict, "a %s cannot be applied to %s invoice %s; only sent invoices take payments and credits", what, before.Status, before.Number)
	}
	if paid+credited > before.Balance() {
		return before, &tms.Error{Code: tms.CodeInvalid, Message: fmt.Sprintf("the %s of %s is more than the balance of %s", what, paid+credited, before.Balance()),
			Fields: map[string]string{"amount_cents": "must not exceed the balance " + before.Balance().String()}}
	}
	after := before
	after.PaidCents += paid
	after.CreditedCents += credited
	after.Status = after.PaymentStatus()
	if err := invoices.write(ctx, tx, &before, &after); err != nil {
		return before, err
	}
	if after.Status == tms.InvoicePaid {
		if err := tx.moveLoads(ctx, after.LoadIDs, tms.StatusPaid, "Invoice "+after.Number+" paid"); err != nil {
			return before, err
		}
	}
	return after, tx.Audit(ctx, "invoice", id, what, &before, &after)
}

func (tx *Tx) moveLoads(ctx context.Context, ids []int64, to tms.LoadStatus, note string) error {
	for _, id := range ids {
		_, err := tx.updateLoad(ctx, id, func(ltx tms.LoadTx, l *tms.Load) error { return moveLoad(ltx, l, to, note) })
		if err != nil {
			return err
		}
	}
	return nil
}

// ListPayments lists payments, newest first unless sorted otherwise.
func (db *DB) ListPayments(ctx context.Context, f tms.PaymentFilter) (tms.Page[tms.Payment], error) {
	w := where{}
	w.addIf(f.InvoiceID != 0, "invoice_id = ?", f.InvoiceID)
	w.addIf(f.CustomerID != 0, "customer_id = ?", f.CustomerID)
	w.addIf(!f.From.IsZero(), "date >= ?", f.From)
	w.addIf(!f.To.IsZero(), "date <= ?", f.To)
	return payments.page(ctx, db, w, f.Page, "-date")
}

// IssueCreditMemo numbers a credit memo and applies it to the invoice it credits.
func (db *DB) IssueCreditMemo(ctx context.Context, memo *tms.Invoice) (tms.Invoice, error) {
	memo.Kind, memo.Status, memo.LoadIDs, memo.PaidCents, memo.CreditedCents = tms.KindCreditMemo, tms.InvoiceApplied, []int64{}, 0, 0
	if err := memo.Validate(); err != nil {
		return tms.Invoice{}, err
	}
	var out tms.Invoice
	err := db.InTx(ctx, func(tx *Tx) error {
		target, err := tx.applyToInvoice(ctx, *memo.AppliesTo, 0, memo.TotalCents, "credit memo")
		if err != nil {
			return err
		}
		if target.CustomerID != memo.CustomerID {
			return tms.Errorf(tms.CodeInvalid, "the credit memo's customer differs from invoice %s's", target.Number)
		}
		out = target
		if err := tx.numberInvoice(ctx, memo); err != nil {
			return err
		}
		return invoices.insert(ctx, tx, memo)
	})
	return out, err
}
