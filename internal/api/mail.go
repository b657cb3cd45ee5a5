package api

import (
	"net/http"
	"slices"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

func (a *API) mailRoutes() []Route {
	return []Route{
		{"GET /api/v1/mail", authz.Accounting, a.listMail, Doc{Summary: "The email outbox, newest first (attachments without their bytes)", Tag: "mail",
			Out: tms.Page[tms.Mail]{}, Query: append([]string{"status", "customer_id", "load_id", "invoice_id"}, pageParams...)}},
		{"GET /api/v1/mail/{id}", authz.Accounting, a.getMail, Doc{Summary: "One outbox message with its delivery log", Tag: "mail", Out: mailView{}}},
		{"POST /api/v1/mail/{id}/retry", authz.Accounting, a.retryMail, Doc{Summary: "Put a failed message back in the queue", Tag: "mail", Out: tms.Mail{}}},
		{"POST /api/v1/customers/{id}/statement-email", authz.Accounting, a.emailStatement, Doc{Summary: "Email the customer's statement of account (open invoices) to its AP contacts",
			Tag: "mail", In: statementRequest{}, Out: tms.Mail{}, Status: http.StatusAccepted}},
	}
}

// mailView is a message with its delivery log.
type mailView struct {
	tms.Mail
	Attempts []tms.MailAttempt `json:"delivery_log"`
}

type statementRequest struct {
	AsOf tms.Date `json:"as_of"` // the statement's date: invoices issued by then and still open
}

var mailStatuses = []tms.MailStatus{tms.MailPending, tms.MailSent, tms.MailFailed}

func (a *API) listMail(w http.ResponseWriter, r *http.Request) error {
	p, err := pageRequest(r)
	if err != nil {
		return err
	}
	q, v := r.URL.Query(), tms.Validation{}
	f := tms.MailFilter{Page: p, Status: tms.MailStatus(q.Get("status")), CustomerID: int64(web.QueryInt(q.Get("customer_id"), v, "customer_id")),
		LoadID: int64(web.QueryInt(q.Get("load_id"), v, "load_id")), InvoiceID: int64(web.QueryInt(q.Get("invoice_id"), v, "invoice_id"))}
	v.Check(f.Status == "" || slices.Contains(mailStatuses, f.Status), "status", "must be pending, sent or failed")
	if err := v.Err(); err != nil {
		return err
	}
	page, err := a.Store.ListMail(r.Context(), f)
	if err != nil {
		return err
	}
	for i := range page.Items {
		page.Items[i].Attachments = withoutBytes(page.Items[i].Attachments)
	}
	return web.WriteJSON(w, http.StatusOK, page)
}

// withoutBytes keeps an attachment list's names and references, not the kept bytes.
func withoutBytes(as []tms.MailAttachment) []tms.MailAttachment {
	out := slices.Clone(as)
	for i := range out {
		out[i].Data = nil
	}
	return out
}

func (a *API) getMail(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, log, err := a.Store.Mail(r.Context(), id)
	if err != nil {
		return err
	}
	m.Attachments = withoutBytes(m.Attachments)
	return web.WriteJSON(w, http.StatusOK, mailView{Mail: m, Attempts: log})
}

func (a *API) retryMail(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := a.Store.RetryMail(r.Context(), id)
	if err != nil {
		return err
	}
	m.Attachments = withoutBytes(m.Attachments)
	return web.WriteJSON(w, http.StatusOK, m)
}

func (a *API) emailStatement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in statementRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	m, err := a.Billing.EmailStatement(r.Context(), id, in.AsOf)
	if err != nil {
		return err
	}
	m.Attachments = withoutBytes(m.Attachments)
	return web.WriteJSON(w, http.StatusAccepted, m)
}
