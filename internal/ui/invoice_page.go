package ui

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// invoicePageData is one invoice or credit memo: its lines and loads, what was paid and
// credited against it, and the forms its status allows.
type invoicePageData struct {
	Tabs      []navLink
	Invoice   tms.Invoice
	Balance   tms.Cents
	Customer  tms.Customer
	Loads     []loadLink
	AppliesTo *tms.Invoice // the invoice a credit memo credits
	Payments  []tms.Payment
	Credits   []tms.Invoice
	Problem   *actionProblem
	Version   string
	Edit      *invoiceEdit // a draft, for accounting
	Pay       []Control    // an open invoice, for accounting
	Credit    []Control    // an open invoice, for accounting
	Void      *Control     // the reason, for accounting while nothing blocks it
	CanSend   bool
	// CanReverse lets accounting reverse a bounced payment.
	CanReverse bool
}

// loadLink names a load an invoice bills.
type loadLink struct {
	ID     int64
	Number string
}

// invoiceEdit is the form that changes a draft's lines, issue date, terms and notes.
type invoiceEdit struct {
	Rows   []invoiceLineRow
	Fields []Control
	Action string
}

// invoiceLineRow is one line of the draft form; LoadID keeps the load the line bills.
type invoiceLineRow struct {
	Index                     int
	Kind, Description, Amount Control
	LoadID                    string
}

// ProblemOf is the refusal of one of the page's actions, nil when another one (or none) failed.
func (d invoicePageData) ProblemOf(action string) *actionProblem {
	if d.Problem != nil && d.Problem.Action == action {
		return d.Problem
	}
	return nil
}

func (u *UI) invoicePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.renderInvoice(w, r, http.StatusOK, id, nil)
}

// renderInvoice shows invoice id, with a refused action's problem next to its form.
func (u *UI) renderInvoice(w http.ResponseWriter, r *http.Request, status int, id int64, p *actionProblem) error {
	ctx := r.Context()
	inv, err := u.store.Invoice(ctx, id)
	if err != nil {
		return err
	}
	d := invoicePageData{Tabs: billingTabs(r), Invoice: inv, Balance: inv.Balance(), Problem: p, Version: strconv.Itoa(inv.Version)}
	if d.Customer, err = u.store.Customer(ctx, inv.CustomerID); err != nil {
		return err
	}
	if err := u.invoiceRecords(ctx, &d); err != nil {
		return err
	}
	if isAccounting(r) {
		d.forms(p)
		d.CanReverse = true
	}
	return u.render(w, r, status, viewInvoice, inv.Number, d)
}

// invoiceRecords reads the loads, payments and credit memos of the page's invoice.
func (u *UI) invoiceRecords(ctx context.Context, d *invoicePageData) error {
	inv := d.Invoice
	for _, id := range inv.LoadIDs {
		l, err := u.store.Load(ctx, id)
		if err != nil {
			return err
		}
		d.Loads = append(d.Loads, loadLink{ID: l.ID, Number: l.Number})
	}
	if inv.AppliesTo != nil {
		target, err := u.store.Invoice(ctx, *inv.AppliesTo)
		if err != nil {
			return err
		}
		d.AppliesTo = &target
		return nil
	}
	pays, err := u.store.ListPayments(ctx, tms.PaymentFilter{InvoiceID: inv.ID, Page: tms.PageRequest{Limit: tms.MaxPageSize}})
	if err != nil {
		return err
	}
	d.Payments = pays.Items
	memos, err := u.store.ListInvoices(ctx, tms.InvoiceFilter{Kind: tms.KindCreditMemo, CustomerID: inv.CustomerID, Page: tms.PageRequest{Limit: tms.MaxPageSize}})
	d.Credits = slices.DeleteFunc(memos.Items, func(m tms.Invoice) bool { return m.AppliesTo == nil || *m.AppliesTo != inv.ID })
	return err
}

// forms fills the forms accounting may use on the invoice in its status.
func (d *invoicePageData) forms(p *actionProblem) {
	inv := d.Invoice
	if inv.Kind != tms.KindInvoice {
		return
	}
	today := tms.DateOf(time.Now()).String()
	switch {
	case inv.Status == tms.InvoiceDraft:
		d.Edit, d.CanSend = draftForm(inv, d.ProblemOf("edit")), true
	case inv.Status.Open():
		pay := formOr(d.ProblemOf("pay"), map[string]string{"amount": dollars(d.Balance), "date": today, "method": "check"})
		d.Pay = []Control{
			control("p-", "amount", "Amount ($)", "text").required().from(pay),
			control("p-", "date", "Date received", "date").required().from(pay),
			control("p-", "method", "Method", "").choose("", stringOptions(tms.PaymentMethods)).required().from(pay),
			control("p-", "reference", "Reference", "text").hint("Check or transfer number").from(pay),
		}
		credit := formOr(d.ProblemOf("credit"), nil)
		d.Credit = []Control{
			control("c-", "amount", "Amount ($)", "text").required().from(credit),
			control("c-", "reason", "Reason", "text").required().from(credit),
		}
	}
	if inv.Status != tms.InvoiceVoid && inv.Status != tms.InvoicePaid {
		c := control("v-", "reason", "Reason for voiding", "text").required().from(formOr(d.ProblemOf("void"), nil))
		d.Void = &c
	}
}

// formOr is the refused form of an action, else a new one with the defaults.
func formOr(p *actionProblem, defaults map[string]string) Form {
	if p != nil {
		return p.Form
	}
	f := newForm(nil)
	for k, v := range defaults {
		f.Values.Set(k, v)
	}
	return f
}

// lineFields are the inputs of one invoice line in the draft form ("lines[i].<field>").
var lineFields = []string{"kind", "description", "amount", "load_id"}

// draftForm is the edit form of a draft: the refused one, else filled from the invoice.
func draftForm(inv tms.Invoice, p *actionProblem) *invoiceEdit {
	f := formOr(p, map[string]string{"issue_date": inv.IssueDate.String(), "terms_days": strconv.Itoa(inv.TermsDays),
		"notes": inv.Notes, "version": strconv.Itoa(inv.Version)})
	if p == nil {
		rows := make([]row, len(inv.Lines))
		for i, l := range inv.Lines {
			rows[i] = row{"kind": l.Kind, "description": l.Description, "amount": dollars(l.AmountCents)}
			if l.LoadID != 0 {
				rows[i]["load_id"] = strconv.FormatInt(l.LoadID, 10)
			}
		}
		writeRows(f, "lines", lineFields, rows)
	}
	terms := control("e-", "terms_days", "Terms (days)", "number").required().from(f)
	terms.Min, terms.Max, terms.Step = "0", "365", "1"
	return &invoiceEdit{Rows: lineRows(f), Action: invoicePath(inv.ID),
		Fields: []Control{control("e-", "issue_date", "Issue date", "date").required().from(f), terms,
			control("e-", "notes", "Notes", "textarea").hint("Printed on the invoice").from(f)}}
}

func lineRows(f Form) []invoiceLineRow {
	rows := readRows(f, "lines", lineFields)
	out := make([]invoiceLineRow, len(rows))
	for i, r := range rows {
		p := "l" + strconv.Itoa(i) + "-"
		c := func(field, label, typ string) Control {
			return Control{ID: p + field, Name: rowName("lines", i, field), Label: label, Type: typ}.from(f)
		}
		amount := c("amount", "Amount ($)", "text").required()
		amount.Autocomplete = "off"
		out[i] = invoiceLineRow{Index: i, LoadID: r["load_id"], Amount: amount,
			Kind:        c("kind", "Charge", "").choose("", stringOptions(tms.ChargeKinds)).required(),
			Description: c("description", "Description", "text").required()}
	}
	return out
}
