package api

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/reports"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// invoiceRoutes: the billing queue, detention review, invoices, payments, credit memos,
// receivables and accounting exports.
func (a *API) invoiceRoutes() []Route {
	invoiceQuery := append([]string{"status", "customer_id", "kind", "load_id", "from", "to", "q"}, pageParams...)
	return []Route{
		{"GET /api/v1/billing/queue", authz.Rating, a.billingQueue, Doc{Summary: "Delivered loads with what blocks invoicing each", Tag: "invoices", Out: []billing.Readiness{}, Query: []string{"customer_id"}}},
		{"GET /api/v1/loads/{id}/proposals", authz.Rating, a.listProposals, Doc{Summary: "Detention measured by geofence awaiting a decision, with its evidence", Tag: "invoices", Out: []billing.Proposal{}}},
		{"POST /api/v1/loads/{id}/proposals/{stop}", authz.Accounting, a.decideProposal, Doc{Summary: "Approve (adds the charge) or reject a detention proposal", Tag: "invoices", In: decisionInput{}, Out: loadView{}}},

		{"GET /api/v1/invoices", authz.OfficeRead, a.listInvoices, Doc{Summary: "List invoices and credit memos", Tag: "invoices", Out: tms.Page[tms.Invoice]{}, Query: invoiceQuery}},
		{"POST /api/v1/invoices", authz.Accounting, a.createInvoice, Doc{Summary: "Draft an invoice for delivered loads of one customer; 409 names what blocks a load", Tag: "invoices", In: billing.InvoiceInput{}, Out: tms.Invoice{}, Status: 201}},
		{"POST /api/v1/invoices/batch", authz.Accounting, a.invoiceReady, Doc{Summary: "Draft one invoice per customer for every ready delivered load", Tag: "invoices", In: batchInput{}, Out: batchResult{}}},
		{"GET /api/v1/invoices/{id}", authz.OfficeRead, a.getInvoice, Doc{Summary: "Get an invoice", Tag: "invoices", Out: tms.Invoice{}}},
		{"PUT /api/v1/invoices/{id}", authz.Accounting, a.editInvoice, Doc{Summary: "Replace a draft's lines and issue date (both required); terms_days and notes change when sent", Tag: "invoices", In: invoiceEdit{}, Out: tms.Invoice{}}},
		{"POST /api/v1/invoices/{id}/send", authz.Accounting, a.sendInvoice, Doc{Summary: "Finalise a draft: store its PDF as an invoice document and mark it sent", Tag: "invoices", In: versionInput{}, Out: tms.Invoice{}}},
		{"POST /api/v1/invoices/{id}/void", authz.Accounting, withReason(a.Store.VoidInvoice), Doc{Summary: "Void an invoice with nothing applied; its loads return to delivered", Tag: "invoices", In: reasonInput{}, Out: tms.Invoice{}}},
		{"GET /api/v1/invoices/{id}/pdf", authz.OfficeRead, a.invoicePDF, Doc{Summary: "The invoice as PDF (pod=1 appends the loads' PODs)", Tag: "invoices", Query: []string{"pod"}, Produces: "application/pdf"}},
		{"POST /api/v1/invoices/{id}/payments", authz.Accounting, a.recordPayment, Doc{Summary: "Record a payment against a sent invoice", Tag: "invoices", In: tms.Payment{}, Out: tms.Invoice{}, Status: 201}},
		{"POST /api/v1/invoices/{id}/credits", authz.Accounting, a.creditInvoice, Doc{Summary: "Issue a credit memo against a sent invoice", Tag: "invoices", In: billing.CreditInput{}, Out: creditResult{}, Status: 201}},
		{"POST /api/v1/payments/{id}/reverse", authz.Accounting, withReason(a.Store.ReversePayment), Doc{Summary: "Reverse a bounced payment (NSF check, recalled ACH): the invoice reopens and its loads return to invoiced", Tag: "invoices", In: reasonInput{}, Out: tms.Invoice{}}},
		{"GET /api/v1/payments", authz.OfficeRead, a.listPayments, Doc{Summary: "List payments received", Tag: "invoices", Out: tms.Page[tms.Payment]{}, Query: append([]string{"invoice_id", "customer_id", "from", "to"}, pageParams...)}},

		{"GET /api/v1/reports/aging", authz.OfficeRead, a.aging, Doc{Summary: "Receivables aging per customer (current, 1-30, 31-60, 61-90, over 90 days past due)", Tag: "reports", Out: reports.AgingReport{}, Query: []string{"as_of"}}},
		{"GET /api/v1/reports/aging.csv", authz.OfficeRead, a.agingCSV, Doc{Summary: "The aging report as CSV", Tag: "reports", Query: []string{"as_of"}, Produces: "text/csv"}},
		{"GET /api/v1/exports/quickbooks/invoices.csv", authz.Accounting, a.quickBooksInvoices, Doc{Summary: "Invoices issued in a date range, QuickBooks Online import layout", Tag: "reports", Query: []string{"from", "to"}, Produces: "text/csv"}},
		{"GET /api/v1/exports/quickbooks/payments.csv", authz.Accounting, a.quickBooksPayments, Doc{Summary: "Payments received in a date range, receive-payment import layout", Tag: "reports", Query: []string{"from", "to"}, Produces: "text/csv"}},
	}
}

type decisionInput struct {
	Decision    tms.ReviewDecision `json:"decision"`
	AmountCents tms.Cents          `json:"amount_cents,omitempty"` // approve a different amount than proposed
	Note        string             `json:"note,omitempty"`
}

type batchInput struct {
	CustomerID int64 `json:"customer_id,omitempty"`
}

type batchResult struct {
	Invoices []tms.Invoice       `json:"invoices"`
	Skipped  []billing.Readiness `json:"skipped"`
}

type invoiceEdit struct {
	Lines     []tms.InvoiceLine `json:"lines"`
	IssueDate tms.Date          `json:"issue_date"`
	TermsDays *int              `json:"terms_days,omitempty"`
	Notes     *string           `json:"notes,omitempty"`
	Version   int               `json:"version,omitempty"`
}

type reasonInput struct {
	Reason string `json:"reason"`
}

type creditResult struct {
	Memo    tms.Invoice `json:"credit_memo"`
	Invoice tms.Invoice `json:"invoice"`
}

func (a *API) billingQueue(w http.ResponseWriter, r *http.Request) error {
	v := tms.Validation{}
	customer := int64(web.QueryInt(r.URL.Query().Get("customer_id"), v, "customer_id"))
	if err := v.Err(); err != nil {
		return err
	}
	q, err := a.Billing.Queue(r.Context(), customer)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, q)
}

func (a *API) listProposals(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	props, err := a.Billing.Proposals(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, props)
}

func (a *API) decideProposal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	stop, err := pathID(r, "stop")
	if err != nil {
		return err
	}
	var in decisionInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	l, err := a.Billing.Decide(r.Context(), id, stop, in.Decision, in.AmountCents, in.Note)
	if err != nil {
		return err
	}
	return a.writeLoad(w, r, http.StatusOK, l)
}

func (a *API) listInvoices(w http.ResponseWriter, r *http.Request) error {
	f, err := invoiceFilter(r)
	if err != nil {
		return err
	}
	page, err := a.Store.ListInvoices(r.Context(), f)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, page)
}

func invoiceFilter(r *http.Request) (tms.InvoiceFilter, error) {
	p, err := pageRequest(r)
	if err != nil {
		return tms.InvoiceFilter{}, err
	}
	q, v := r.URL.Query(), tms.Validation{}
	f := tms.InvoiceFilter{Page: p, Text: q.Get("q"), Kind: tms.InvoiceKind(q.Get("kind"))}
	for _, s := range strings.Split(q.Get("status"), ",") {
		if s != "" {
			f.Statuses = append(f.Statuses, tms.InvoiceStatus(s))
		}
	}
	f.CustomerID = int64(web.QueryInt(q.Get("customer_id"), v, "customer_id"))
	f.LoadID = int64(web.QueryInt(q.Get("load_id"), v, "load_id"))
	f.From, f.To = queryDate(q.Get("from"), v, "from"), queryDate(q.Get("to"), v, "to")
	return f, v.Err()
}

func (a *API) createInvoice(w http.ResponseWriter, r *http.Request) error {
	var in billing.InvoiceInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	inv, err := a.Billing.CreateInvoice(r.Context(), in)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, inv)
}

func (a *API) invoiceReady(w http.ResponseWriter, r *http.Request) error {
	var in batchInput
	if err := decodeOptionalJSON(r, &in); err != nil {
		return err
	}
	invs, skipped, err := a.Billing.InvoiceReady(r.Context(), in.CustomerID)
	if err != nil {
		return err
	}
	out := batchResult{Invoices: invs, Skipped: skipped}
	if out.Invoices == nil {
		out.Invoices = []tms.Invoice{}
	}
	if out.Skipped == nil {
		out.Skipped = []billing.Readiness{}
	}
	return web.WriteJSON(w, http.StatusOK, out)
}

func (a *API) getInvoice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	inv, err := a.Store.Invoice(r.Context(), id)
	if err != nil {
		return err
	}
	return writeInvoice(w, http.StatusOK, inv)
}

func writeInvoice(w http.ResponseWriter, status int, inv tms.Invoice) error {
	w.Header().Set("ETag", `"`+strconv.Itoa(inv.Version)+`"`)
	return web.WriteJSON(w, status, inv)
}

func (a *API) editInvoice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in invoiceEdit
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := in.check(); err != nil {
		return err
	}
	expected, err := requireVersion(r, in.Version)
	if err != nil {
		return err
	}
	inv, err := a.Billing.EditInvoice(r.Context(), id, expected, in.apply)
	if err != nil {
		return err
	}
	return writeInvoice(w, http.StatusOK, inv)
}

// check refuses a replace without the lines or the issue date, which are required as on
// create (absent lines would otherwise be read as "keep them", unlike every other replace).
func (in invoiceEdit) check() error {
	v := tms.Validation{}
	v.Check(in.Lines != nil, "lines", "are required: send the draft's lines")
	v.Check(!in.IssueDate.IsZero(), "issue_date", "is required")
	return v.Err()
}

// apply replaces the lines and issue date; absent terms and notes keep their value.
func (in invoiceEdit) apply(inv *tms.Invoice) {
	inv.Lines, inv.IssueDate = in.Lines, in.IssueDate
	if in.TermsDays != nil {
		inv.TermsDays = *in.TermsDays
	}
	if in.Notes != nil {
		inv.Notes = *in.Notes
	}
}

func (a *API) sendInvoice(w http.ResponseWriter, r *http.Request) error {
	id, expected, err := pathAndVersion(r)
	if err != nil {
		return err
	}
	inv, err := a.Billing.SendInvoice(r.Context(), id, expected)
	if err != nil {
		return err
	}
	return writeInvoice(w, http.StatusOK, inv)
}

// withReason serves a change to the record of the path that needs a reason (a void, a
// reversal) and answers the invoice it leaves.
func withReason(change func(ctx context.Context, id int64, reason string) (tms.Invoice, error)) web.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var in reasonInput
		if err := web.DecodeJSON(r, &in); err != nil {
			return err
		}
		inv, err := change(r.Context(), id, in.Reason)
		if err != nil {
			return err
		}
		return writeInvoice(w, http.StatusOK, inv)
	}
}

func (a *API) invoicePDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	inv, pdf, err := a.Billing.InvoicePDF(r.Context(), id, r.URL.Query().Get("pod") == "1")
	if err != nil {
		return err
	}
	return web.WritePDF(w, inv.Number+".pdf", pdf)
}

func (a *API) recordPayment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var p tms.Payment
	if err := web.DecodeJSON(r, &p); err != nil {
		return err
	}
	p.InvoiceID = id
	inv, err := a.Store.RecordPayment(r.Context(), &p)
	if err != nil {
		return err
	}
	return writeInvoice(w, http.StatusCreated, inv)
}

func (a *API) creditInvoice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in billing.CreditInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	memo, inv, err := a.Billing.CreditInvoice(r.Context(), id, in)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, creditResult{Memo: memo, Invoice: inv})
}

func (a *API) listPayments(w http.ResponseWriter, r *http.Request) error {
	p, err := pageRequest(r)
	if err != nil {
		return err
	}
	q, v := r.URL.Query(), tms.Validation{}
	f := tms.PaymentFilter{Page: p, From: queryDate(q.Get("from"), v, "from"), To: queryDate(q.Get("to"), v, "to"),
		InvoiceID: int64(web.QueryInt(q.Get("invoice_id"), v, "invoice_id")), CustomerID: int64(web.QueryInt(q.Get("customer_id"), v, "customer_id"))}
	if err := v.Err(); err != nil {
		return err
	}
	page, err := a.Store.ListPayments(r.Context(), f)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, page)
}

func (a *API) agingReport(r *http.Request) (reports.AgingReport, error) {
	v := tms.Validation{}
	asOf := queryDate(r.URL.Query().Get("as_of"), v, "as_of")
	if err := v.Err(); err != nil {
		return reports.AgingReport{}, err
	}
	return a.Billing.Aging(r.Context(), asOf)
}

func (a *API) aging(w http.ResponseWriter, r *http.Request) error {
	rep, err := a.agingReport(r)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, rep)
}

func (a *API) agingCSV(w http.ResponseWriter, r *http.Request) error {
	rep, err := a.agingReport(r)
	if err != nil {
		return err
	}
	return web.WriteCSV(w, "aging-"+rep.AsOf.String()+".csv", func(out io.Writer) error { return reports.WriteAgingCSV(out, rep) })
}

// dateRange reads from and to (both required) for exports and reports.
func dateRange(r *http.Request) (tms.Date, tms.Date, error) {
	q, v := r.URL.Query(), tms.Validation{}
	from, to := queryDate(q.Get("from"), v, "from"), queryDate(q.Get("to"), v, "to")
	v.Check(!from.IsZero(), "from", "is required")
	v.Check(!to.IsZero(), "to", "is required")
	v.Check(from.IsZero() || to.IsZero() || !to.Time().Before(from.Time()), "to", "must not be before from")
	return from, to, v.Err()
}

func (a *API) quickBooksInvoices(w http.ResponseWriter, r *http.Request) error {
	from, to, err := dateRange(r)
	if err != nil {
		return err
	}
	return web.WriteCSV(w, "quickbooks-invoices.csv", func(out io.Writer) error { return a.Billing.ExportQuickBooks(r.Context(), out, from, to) })
}

func (a *API) quickBooksPayments(w http.ResponseWriter, r *http.Request) error {
	from, to, err := dateRange(r)
	if err != nil {
		return err
	}
	return web.WriteCSV(w, "quickbooks-payments.csv", func(out io.Writer) error { return a.Billing.ExportPayments(r.Context(), out, from, to) })
}
