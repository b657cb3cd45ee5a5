package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/tms"
)

// mailRoutes are the email outbox pages and the statement of account sent from the aging page.
func (u *UI) mailRoutes() []route {
	return []route{
		{"GET /outbox", authz.Accounting, u.outboxPage},
		{"GET /outbox/{id}", authz.Accounting, u.outboxMessagePage},
		{"POST /outbox/{id}/retry", authz.Accounting, u.retryMail},
		{"POST /receivables/aging/statement", authz.Accounting, u.emailStatement},
	}
}

type outboxData struct {
	Tabs     []navLink
	Rows     []tms.Mail
	Pager    Pager
	Filter   Form
	Statuses []option
}

type outboxMessageData struct {
	Tabs []navLink
	Mail tms.Mail
	Log  []tms.MailAttempt
}

var mailStatuses = []tms.MailStatus{tms.MailPending, tms.MailSent, tms.MailFailed}

// outboxPage lists the outbox newest first: status, attempts and the last server answer.
func (u *UI) outboxPage(w http.ResponseWriter, r *http.Request) error {
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	status := tms.MailStatus(r.URL.Query().Get("status"))
	if status != "" && !slices.Contains(mailStatuses, status) {
		return tms.Errorf(tms.CodeInvalid, "the status must be pending, sent or failed")
	}
	list, err := u.store.ListMail(r.Context(), tms.MailFilter{Status: status, Page: page})
	if err != nil {
		return err
	}
	d := outboxData{Tabs: billingTabs(r), Rows: list.Items, Statuses: stringOptions(mailStatuses),
		Filter: newForm(url.Values{"status": {string(status)}}),
		Pager:  newPager(&url.URL{Path: "/outbox", RawQuery: r.URL.RawQuery}, list.Total, list.Limit, list.Offset)}
	return u.render(w, r, http.StatusOK, viewOutbox, "Email outbox", d)
}

// outboxMessagePage shows one message as it is sent (text, and the HTML in a sandbox) with
// its delivery log.
func (u *UI) outboxMessagePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, log, err := u.store.Mail(r.Context(), id)
	if err != nil {
		return err
	}
	return u.render(w, r, http.StatusOK, viewOutboxMessage, "Email "+m.Subject, outboxMessageData{Tabs: billingTabs(r), Mail: m, Log: log})
}

func (u *UI) retryMail(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := postedForm(r); err != nil {
		return err
	}
	if _, err := u.store.RetryMail(r.Context(), id); err != nil {
		return err
	}
	u.flash(r, fmt.Sprintf("Email %d is queued again.", id))
	http.Redirect(w, r, fmt.Sprintf("/outbox/%d", id), http.StatusSeeOther)
	return nil
}

// emailStatement queues a customer's statement of account as of the aging page's date.
func (u *UI) emailStatement(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(r)
	if err != nil {
		return err
	}
	v := tms.Validation{}
	customer, idErr := strconv.ParseInt(f.Get("customer_id"), 10, 64)
	asOf, dateErr := tms.ParseDate(f.Get("as_of"))
	v.Check(idErr == nil && customer > 0, "customer_id", "must name a customer")
	v.Check(dateErr == nil, "as_of", "must be a date such as 2026-03-31")
	if err := v.Err(); err != nil {
		return err
	}
	m, err := u.billing.EmailStatement(r.Context(), customer, asOf)
	if err != nil {
		return err
	}
	u.flash(r, fmt.Sprintf("Statement as of %s queued to %s.", asOf, strings.Join(m.To, ", ")))
	http.Redirect(w, r, "/receivables/aging?as_of="+asOf.String(), http.StatusSeeOther)
	return nil
}
