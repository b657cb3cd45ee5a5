package ui

import (
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// invoiceAction runs an action on the invoice of the path. Done, it goes back to the
// invoice with a notice; refused, it shows the invoice again with the problem by the form.
func (u *UI) invoiceAction(w http.ResponseWriter, r *http.Request, action string, do func(id int64, f Form) (string, error)) error {
	return u.recordAction(w, r, action, invoicePath, u.renderInvoice, func(id int64, f Form) (string, error) {
		done, err := do(id, f)
		return done, amountFields(err)
	})
}

// recordAction runs an action on the record of the path (an invoice, a settlement): done, it
// flashes done and goes to the record's page; refused (bad input, a stale version, a locked
// record), it renders that page again with the problem next to the form that asked.
func (u *UI) recordAction(w http.ResponseWriter, r *http.Request, action string, page func(int64) string,
	again func(http.ResponseWriter, *http.Request, int, int64, *actionProblem) error, do func(int64, Form) (string, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.formAction(w, r, page(id), func(f Form) (string, error) { return do(id, f) },
		func(status int, f Form) error { return again(w, r, status, id, problem(action, f)) })
}

// editInvoice saves a draft's lines, dates and notes; the add and remove buttons show the
// form again with a line more or less.
func (u *UI) editInvoice(w http.ResponseWriter, r *http.Request) error {
	id, f, err := pathForm(r)
	if err != nil {
		return err
	}
	if applyLineOp(f, f.Get("op")) {
		return u.renderInvoice(w, r, http.StatusOK, id, &actionProblem{Action: "edit", Form: f})
	}
	return u.invoiceAction(w, r, "edit", func(id int64, f Form) (string, error) {
		edit, err := draftInput(f)
		if err != nil {
			return "", err
		}
		inv, err := u.billing.EditInvoice(r.Context(), id, formInt(f, "version"), edit)
		return "Invoice " + inv.Number + " saved.", err
	})
}

// lineOp is a button that adds a line or removes line n: "add-line", "remove-line-2".
var lineOp = regexp.MustCompile(`^(add|remove)-line(?:-(\d+))?$`)

// applyLineOp performs op on the draft form's lines; false when op is not a line operation.
func applyLineOp(f Form, op string) bool {
	m := lineOp.FindStringSubmatch(op)
	if m == nil {
		return false
	}
	rows := readRows(f, "lines", lineFields)
	i, _ := strconv.Atoi(m[2])
	switch {
	case m[1] == "add" && len(rows) < maxRows:
		rows = append(rows, row{"kind": "other"})
	case m[1] == "remove" && i < len(rows):
		rows = append(rows[:i], rows[i+1:]...)
	}
	writeRows(f, "lines", lineFields, rows)
	return true
}

// draftInput reads the draft form into the change it makes to the invoice.
func draftInput(f Form) (func(*tms.Invoice), error) {
	v := tms.Validation{}
	rows := readRows(f, "lines", lineFields)
	lines := make([]tms.InvoiceLine, len(rows))
	for i, r := range rows {
		cents, err := parseCents(r["amount"])
		v.Check(err == nil, rowName("lines", i, "amount"), "must be an amount such as 1250.00")
		loadID, _ := strconv.ParseInt(r["load_id"], 10, 64)
		lines[i] = tms.InvoiceLine{LoadID: loadID, Kind: r["kind"], Description: r["description"], AmountCents: cents}
	}
	issue := formDate(f, "issue_date", v)
	terms, err := strconv.Atoi(trimmed(f, "terms_days"))
	v.Check(err == nil, "terms_days", "must be a whole number of days")
	notes := trimmed(f, "notes")
	return func(inv *tms.Invoice) {
		inv.Lines, inv.IssueDate, inv.TermsDays, inv.Notes = lines, issue, terms, notes
	}, v.Err()
}

// formAmount reads a required amount in dollars.
func formAmount(f Form, name string, v tms.Validation) tms.Cents {
	c, err := parseCents(trimmed(f, name))
	v.Check(err == nil, name, "must be an amount such as 1250.00")
	return c
}

// amountFields names a refusal's "amount_cents" fields after the forms' "amount" inputs.
func amountFields(err error) error {
	return renameFields(err, func(k string) string { return strings.Replace(k, "amount_cents", "amount", 1) })
}

// renameFields renames a refusal's field errors to the inputs of the form that sent them.
func renameFields(err error, rename func(string) string) error {
	var e *tms.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = make(map[string]string, len(e.Fields))
	for k, msg := range e.Fields {
		c.Fields[rename(k)] = msg
	}
	return &c
}

// sendInvoice finalises a draft: its PDF is filed and it can no longer change.
func (u *UI) sendInvoice(w http.ResponseWriter, r *http.Request) error {
	return u.invoiceAction(w, r, "send", func(id int64, f Form) (string, error) {
		inv, err := u.billing.SendInvoice(r.Context(), id, formInt(f, "version"))
		return "Invoice " + inv.Number + " sent.", err
	})
}

// voidInvoice voids an invoice with nothing applied; its loads can be invoiced again.
func (u *UI) voidInvoice(w http.ResponseWriter, r *http.Request) error {
	return u.invoiceAction(w, r, "void", func(id int64, f Form) (string, error) {
		inv, err := u.store.VoidInvoice(r.Context(), id, trimmed(f, "reason"))
		return "Invoice " + inv.Number + " voided.", err
	})
}

// recordPayment applies money received to a sent invoice.
func (u *UI) recordPayment(w http.ResponseWriter, r *http.Request) error {
	return u.invoiceAction(w, r, "pay", func(id int64, f Form) (string, error) {
		v := tms.Validation{}
		p := tms.Payment{InvoiceID: id, AmountCents: formAmount(f, "amount", v), Date: formDate(f, "date", v),
			Method: trimmed(f, "method"), Reference: trimmed(f, "reference")}
		if err := v.Err(); err != nil {
			return "", err
		}
		inv, err := u.store.RecordPayment(r.Context(), &p)
		return "Payment of " + p.AmountCents.String() + " recorded; " + inv.Number + " is " + strings.ToLower(label(inv.Status)) + ".", err
	})
}

// reversePayment takes a bounced payment off the invoice of the path.
func (u *UI) reversePayment(w http.ResponseWriter, r *http.Request) error {
	return u.invoiceAction(w, r, "reverse", func(id int64, f Form) (string, error) {
		pid, err := u.paymentOf(r, id)
		if err != nil {
			return "", err
		}
		if trimmed(f, "reason") == "" {
			return "", tms.Errorf(tms.CodeInvalid, "Give the reason the payment is reversed (NSF, recalled ACH…).")
		}
		inv, err := u.store.ReversePayment(r.Context(), pid, trimmed(f, "reason"))
		return "Payment reversed; " + inv.Number + " is " + strings.ToLower(label(inv.Status)) + " again.", err
	})
}

// paymentOf reads the payment id of the path, which must be a payment of invoice id.
func (u *UI) paymentOf(r *http.Request, id int64) (int64, error) {
	pid, err := pathID(r, "payment")
	if err != nil {
		return 0, err
	}
	pays, err := u.store.ListPayments(r.Context(), tms.PaymentFilter{InvoiceID: id, Page: tms.PageRequest{Limit: tms.MaxPageSize}})
	if err != nil {
		return 0, err
	}
	if !slices.ContainsFunc(pays.Items, func(p tms.Payment) bool { return p.ID == pid }) {
		return 0, tms.NotFound("payment", pid)
	}
	return pid, nil
}

// creditInvoice issues a credit memo against a sent invoice.
func (u *UI) creditInvoice(w http.ResponseWriter, r *http.Request) error {
	return u.invoiceAction(w, r, "credit", func(id int64, f Form) (string, error) {
		v := tms.Validation{}
		in := billing.CreditInput{AmountCents: formAmount(f, "amount", v), Reason: trimmed(f, "reason")}
		v.Check(in.Reason != "", "reason", "is required")
		if err := v.Err(); err != nil {
			return "", err
		}
		memo, _, err := u.billing.CreditInvoice(r.Context(), id, in)
		return "Credit memo " + memo.Number + " of " + in.AmountCents.String() + " issued.", creditFields(err)
	})
}

// creditFields names a credit memo's line errors after the credit form's amount.
func creditFields(err error) error {
	return renameFields(err, func(k string) string {
		if strings.HasPrefix(k, "lines") {
			return "amount"
		}
		return k
	})
}

// invoicePDF shows the invoice as a PDF in the browser, with the loads' PODs after it when
// asked (?pod=1).
func (u *UI) invoicePDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	inv, pdf, err := u.billing.InvoicePDF(r.Context(), id, r.URL.Query().Get("pod") == "1")
	if err != nil {
		return err
	}
	return web.WritePDF(w, inv.Number+".pdf", pdf)
}
