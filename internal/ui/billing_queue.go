package ui

import (
	"cmp"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// billingQueueData is every delivered load not yet invoiced, by customer, with what blocks it.
type billingQueueData struct {
	Tabs       []navLink
	Customers  []queueCustomer
	CanInvoice bool // accounting: the forms that draft invoices
	Problem    *actionProblem
}

// queueCustomer is one customer's delivered loads.
type queueCustomer struct {
	ID    int64
	Name  string
	Loads []queueLoad
	Ready int
}

// queueLoad is a delivered load with its blockers (none: it can be invoiced).
type queueLoad struct {
	billing.Readiness
	Delivered string // the day of the last stop, in its facility's zone
	Checked   bool   // ticked in the form that was refused
}

func (u *UI) billingQueuePage(w http.ResponseWriter, r *http.Request) error {
	return u.renderQueue(w, r, http.StatusOK, nil)
}

func (u *UI) renderQueue(w http.ResponseWriter, r *http.Request, status int, p *actionProblem) error {
	ctx := r.Context()
	queue, err := u.billing.Queue(ctx, 0)
	if err != nil {
		return err
	}
	d := billingQueueData{Tabs: billingTabs(r), CanInvoice: isAccounting(r), Problem: p}
	lk := newLookup(u.store)
	if err := lk.Prefetch(ctx, queuedLoads(queue)); err != nil {
		return err
	}
	at := map[int64]int{}
	for _, q := range queue {
		v, err := lk.view(ctx, q.Load)
		if err != nil {
			return err
		}
		i, ok := at[q.Load.CustomerID]
		if !ok {
			i, at[q.Load.CustomerID] = len(d.Customers), len(d.Customers)
			d.Customers = append(d.Customers, queueCustomer{ID: q.Load.CustomerID, Name: q.Customer})
		}
		c := &d.Customers[i]
		c.Loads = append(c.Loads, queueLoad{Readiness: q, Delivered: deliveredOn(v), Checked: p != nil && slices.Contains(p.Form.Values["load_id"], strconv.FormatInt(q.Load.ID, 10))})
		if q.Ready() {
			c.Ready++
		}
	}
	slices.SortStableFunc(d.Customers, func(a, b queueCustomer) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return u.render(w, r, status, viewBillingQueue, "Billing", d)
}

// deliveredOn is the day the load's last stop was left (or reached, or else its
// appointment), in the stop's zone.
func deliveredOn(v loadView) string {
	if len(v.Stops) == 0 {
		return "—"
	}
	last := v.Last()
	at := last.AppointmentStart
	if last.ArrivedAt != nil {
		at = *last.ArrivedAt
	}
	if last.DepartedAt != nil {
		at = *last.DepartedAt
	}
	return at.In(zone(last.tz())).Format(time.DateOnly)
}

// createInvoice drafts an invoice of the ticked loads and opens it.
func (u *UI) createInvoice(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(r)
	if err != nil {
		return err
	}
	in := billing.InvoiceInput{Notes: trimmed(f, "notes")}
	for _, s := range f.Values["load_id"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 {
			in.LoadIDs = append(in.LoadIDs, id)
		}
	}
	inv, err := u.billing.CreateInvoice(r.Context(), in)
	if err != nil {
		return u.queueRefused(w, r, err, f)
	}
	u.flash(r, "Invoice "+inv.Number+" drafted.")
	http.Redirect(w, r, invoicePath(inv.ID), http.StatusSeeOther)
	return nil
}

// invoiceReady drafts an invoice of every ready load of one customer.
func (u *UI) invoiceReady(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(r)
	if err != nil {
		return err
	}
	v := tms.Validation{}
	customer := formInt64(f, "customer_id", v)
	if err := v.Err(); err != nil {
		return u.queueRefused(w, r, err, f)
	}
	invs, skipped, err := u.billing.InvoiceReady(r.Context(), customer)
	if err == nil && len(invs) == 0 {
		err = tms.Errorf(tms.CodeConflict, "no load of this customer is ready to invoice")
	}
	if err != nil {
		return u.queueRefused(w, r, err, f)
	}
	msg := "Invoice " + invs[0].Number + " drafted."
	if n := len(skipped); n > 0 {
		msg += " " + strconv.Itoa(n) + " blocked " + plural(n, "load was", "loads were") + " left out."
	}
	u.flash(r, msg)
	http.Redirect(w, r, invoicePath(invs[0].ID), http.StatusSeeOther)
	return nil
}

// queueRefused shows the queue again with why the invoice was not drafted.
func (u *UI) queueRefused(w http.ResponseWriter, r *http.Request, err error, f Form) error {
	p, status, ok := problemOf(err, f, "invoice")
	if !ok {
		return err
	}
	p.Message = refusalText(p)
	return u.renderQueue(w, r, status, p)
}

// refusalText is one sentence for a refusal whose fields have no input on the page.
func refusalText(p *actionProblem) string {
	if p.Message != "" || len(p.Form.Errors) == 0 {
		return p.Message
	}
	msgs := make([]string, 0, len(p.Form.Errors))
	for _, k := range slices.Sorted(maps.Keys(p.Form.Errors)) {
		msgs = append(msgs, label(k)+": "+p.Form.Errors[k])
	}
	return strings.Join(msgs, "; ")
}

// isAccounting reports whether the user writes invoices, payments and credits.
func isAccounting(r *http.Request) bool {
	me, _ := web.CurrentUser(r.Context())
	return authz.Accounting.Allows(me.Role)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func invoicePath(id int64) string { return "/invoices/" + strconv.FormatInt(id, 10) }

// billingTabItems are the billing pages, each shown to the roles that may open it.
var billingTabItems = []navItem{
	{"Overview", billingHome, nil, authz.Rating},
	{"Queue", "/billing", nil, authz.Rating},
	{"Invoices", "/invoices", []string{"/invoices/"}, authz.OfficeRead},
	{"Aging", "/receivables/aging", nil, authz.OfficeRead},
	{"Rates", "/settings/rates", nil, authz.Accounting},
	{"Fuel", "/settings/fuel", []string{"/settings/fuel/"}, authz.Accounting},
	{"Carrier and catalog", "/settings/billing", nil, authz.Accounting},
	{"Outbox", "/outbox", []string{"/outbox/"}, authz.Accounting},
}

// billingTabs switch between the billing pages the user may see.
func billingTabs(r *http.Request) []navLink {
	me, _ := web.CurrentUser(r.Context())
	return linksFor(billingTabItems, me.Role, r.URL.Path)
}

// queuedLoads are the loads of the billing queue.
func queuedLoads(queue []billing.Readiness) []tms.Load {
	loads := make([]tms.Load, len(queue))
	for i, q := range queue {
		loads[i] = q.Load
	}
	return loads
}
