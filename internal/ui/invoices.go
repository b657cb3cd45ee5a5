package ui

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// invoicesData is a page of invoices and credit memos with the filters that chose them.
type invoicesData struct {
	Tabs      []navLink
	Rows      []invoiceRow
	Pager     Pager
	Filter    Form // status, customer, kind, q
	Customers []option
	Statuses  []option
	Kinds     []option
}

// invoiceRow is an invoice as lists show it.
type invoiceRow struct {
	tms.Invoice
	Customer string
	Balance  tms.Cents
}

func newInvoiceRow(inv tms.Invoice, customer string) invoiceRow {
	return invoiceRow{Invoice: inv, Customer: customer, Balance: inv.Balance()}
}

// invoicesPage lists invoices, newest number first, filtered by status, customer, kind and number.
func (u *UI) invoicesPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := tms.InvoiceFilter{Text: strings.TrimSpace(q.Get("q")), Page: page}
	if s := tms.InvoiceStatus(q.Get("status")); slices.Contains(tms.InvoiceStatuses, s) {
		f.Statuses = []tms.InvoiceStatus{s}
	}
	if k := tms.InvoiceKind(q.Get("kind")); k == tms.KindInvoice || k == tms.KindCreditMemo {
		f.Kind = k
	}
	f.CustomerID, _ = strconv.ParseInt(q.Get("customer"), 10, 64)
	list, err := u.store.ListInvoices(ctx, f)
	if err != nil {
		return err
	}
	names, err := u.customerNames(ctx)
	if err != nil {
		return err
	}
	d := invoicesData{Tabs: billingTabs(r),
		Pager:    newPager(&url.URL{Path: "/invoices", RawQuery: r.URL.RawQuery}, list.Total, list.Limit, list.Offset),
		Filter:   newForm(url.Values{"q": {f.Text}, "status": {q.Get("status")}, "kind": {string(f.Kind)}, "customer": {q.Get("customer")}}),
		Statuses: stringOptions(tms.InvoiceStatuses), Kinds: stringOptions([]tms.InvoiceKind{tms.KindInvoice, tms.KindCreditMemo})}
	if d.Customers, err = newLookup(u.store).customerOptions(ctx); err != nil {
		return err
	}
	for _, inv := range list.Items {
		d.Rows = append(d.Rows, newInvoiceRow(inv, names[inv.CustomerID]))
	}
	return u.render(w, r, http.StatusOK, viewInvoices, "Invoices", d)
}

// customerNames maps the id of every customer (active or not) to its name.
func (u *UI) customerNames(ctx context.Context) (map[int64]string, error) {
	cs, err := all(ctx, u.store.ListCustomers, "")
	out := make(map[int64]string, len(cs))
	for _, c := range cs {
		out[c.ID] = c.Name
	}
	return out, err
}
