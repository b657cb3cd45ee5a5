package tms

import (
	"cmp"
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Contact roles: who at a customer receives which email.
const (
	ContactAP         = "ap"         // accounts payable: invoices and statements
	ContactOperations = "operations" // shipment status notifications
)

// ContactRoles are the roles a contact may have.
var ContactRoles = []string{ContactAP, ContactOperations}

// Notifications are a customer's email choices: which shipment events its operations
// contacts hear about, whether the PODs travel with the invoice email, and whether a
// tracking link shows the PODs once the load is delivered.
type Notifications struct {
	PickedUp       bool `json:"picked_up"`
	Delivered      bool `json:"delivered"`
	ETALate        bool `json:"eta_late"`
	PODWithInvoice bool `json:"pod_with_invoice"`
	PODOnTrackLink bool `json:"pod_on_tracking_link"`
}

// validateContact checks one contact: a name, and an email address when it has a role.
func validateContact(v Validation, ct *Contact) {
	ct.Name, ct.Email = strings.TrimSpace(ct.Name), strings.TrimSpace(ct.Email)
	v.Check(ct.Name != "", "contacts", "every contact needs a name")
	for _, r := range ct.Roles {
		v.Check(slices.Contains(ContactRoles, r), "contacts", "a contact's roles must be among "+strings.Join(ContactRoles, ", "))
	}
	if len(ct.Roles) > 0 { // an address nobody mails stays as entered
		_, err := mail.ParseAddress(ct.Email)
		v.Check(err == nil && !strings.ContainsAny(ct.Email, "<>"), "contacts", "a contact with a role needs a valid email address")
	}
}

// IsZero reports whether the contact is empty (a blank form row).
func (ct Contact) IsZero() bool {
	return ct.Name == "" && ct.Email == "" && ct.Phone == "" && len(ct.Roles) == 0
}

// EmailsFor returns the addresses of the customer's contacts with role, each once.
func (c Customer) EmailsFor(role string) []string {
	var out []string
	for _, ct := range c.Contacts {
		if ct.Email != "" && slices.Contains(ct.Roles, role) && !slices.Contains(out, ct.Email) {
			out = append(out, ct.Email)
		}
	}
	return out
}

// MailStatus is where an outbox message is: pending (queued or waiting for a retry), sent,
// or failed (refused by the server or out of attempts; a retry puts it back).
type MailStatus string

// Mail statuses.
const (
	MailPending MailStatus = "pending"
	MailSent    MailStatus = "sent"
	MailFailed  MailStatus = "failed"
)

// MailMaxAttempts is how often a message is offered before it is failed.
const MailMaxAttempts = 8

// MailAttachment is a file sent with a message: a stored document (DocumentID), every
// active POD of a load at send time (PODsOfLoad), or bytes kept with the message (Data).
type MailAttachment struct {
	Name        string `json:"name,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	DocumentID  *int64 `json:"document_id,omitempty"`
	PODsOfLoad  *int64 `json:"pods_of_load,omitempty"`
	Data        []byte `json:"data,omitempty"`
}

// Mail is one message in the outbox, stored rendered in the transaction of the change it
// reports and sent later by the mail worker. DedupeKey names the event so it is mailed once.
type Mail struct {
	Meta
	DedupeKey     string           `json:"dedupe_key,omitempty"`
	To            []string         `json:"to"`
	Subject       string           `json:"subject"`
	Text          string           `json:"text"`
	HTML          string           `json:"html,omitempty"`
	Attachments   []MailAttachment `json:"attachments"`
	Status        MailStatus       `json:"status"`
	Attempts      int              `json:"attempts"`
	NextAttemptAt time.Time        `json:"next_attempt_at"`
	LeaseOwner    string           `json:"-"`
	LeaseUntil    *time.Time       `json:"-"`
	LastError     string           `json:"last_error,omitempty"`
	SentAt        *time.Time       `json:"sent_at,omitempty"`
	CustomerID    *int64           `json:"customer_id,omitempty"`
	LoadID        *int64           `json:"load_id,omitempty"`
	InvoiceID     *int64           `json:"invoice_id,omitempty"`
}

// Validate checks a message and fills the defaults of a new one.
func (m *Mail) Validate() error {
	v := Validation{}
	v.Check(len(m.To) > 0 && len(m.To) <= 50, "to", "needs 1 to 50 recipients")
	for _, a := range m.To {
		_, err := mail.ParseAddress(a)
		v.Check(err == nil, "to", "must be email addresses")
	}
	v.Check(strings.TrimSpace(m.Subject) != "" && len(m.Subject) <= 300 && !strings.ContainsAny(m.Subject, "\r\n"), "subject", "is required (one line, at most 300 characters)")
	v.Check(m.Text != "", "text", "is required")
	size := 0
	for _, a := range m.Attachments {
		size += len(a.Data)
		v.Check(a.DocumentID != nil || a.PODsOfLoad != nil || len(a.Data) > 0 && a.Name != "", "attachments", "each needs a document, a load's PODs or named bytes")
	}
	v.Check(size <= 10<<20, "attachments", "kept bytes must be at most 10 MiB")
	m.Status = cmp.Or(m.Status, MailPending)
	v.Check(slices.Contains([]MailStatus{MailPending, MailSent, MailFailed}, m.Status), "status", "is not a mail status")
	if m.Attachments == nil {
		m.Attachments = []MailAttachment{}
	}
	return v.Err()
}

// MailAttempt is one delivery attempt in a message's log: the instance that tried and the
// server's answer (or the error before it answered).
type MailAttempt struct {
	ID       int64     `json:"id"`
	MailID   int64     `json:"mail_id"`
	At       time.Time `json:"at"`
	Instance string    `json:"instance"`
	OK       bool      `json:"ok"`
	Response string    `json:"response"`
}

// MailOutcome is what the worker reports after offering a claimed message: sent, or not
// with the next try at RetryAt (zero: give up, the message fails).
type MailOutcome struct {
	Sent     bool
	Response string
	RetryAt  time.Time
}

// MailFilter selects outbox messages; zero fields match all.
type MailFilter struct {
	Status     MailStatus
	CustomerID int64
	LoadID     int64
	InvoiceID  int64
	Page       PageRequest
}

// MailStore keeps the email outbox and its delivery log. Messages are queued with the change
// they report (LoadTx.QueueMail, SendInvoiceMail) or alone (QueueMail). Callers: the mail
// worker, internal/billing, internal/dispatch, the API and UI.
type MailStore interface {
	// QueueMail stores a pending message; one whose DedupeKey was queued before is dropped
	// (queued reports which).
	QueueMail(ctx context.Context, m *Mail) (queued bool, err error)
	Mail(ctx context.Context, id int64) (Mail, []MailAttempt, error)
	// ListMail lists the outbox newest first.
	ListMail(ctx context.Context, f MailFilter) (Page[Mail], error)
	// ClaimMail leases up to limit due pending messages to owner until now+lease (FOR UPDATE
	// SKIP LOCKED on PostgreSQL, so two instances never hold the same message; a lease that
	// ran out, its holder dead, is claimed again).
	ClaimMail(ctx context.Context, owner string, limit int, lease time.Duration) ([]Mail, error)
	// FinishMail records the outcome of owner's attempt at a claimed message and its log
	// entry, and frees the lease. A lease owner no longer holds is CodeConflict.
	FinishMail(ctx context.Context, id int64, owner string, o MailOutcome) (Mail, error)
	// RetryMail puts a failed message back in the queue, due now.
	RetryMail(ctx context.Context, id int64) (Mail, error)
	// UpdateInvoiceWithMail is UpdateInvoice queueing mails in the same transaction (the
	// invoice email commits with the invoice becoming sent, or neither does).
	UpdateInvoiceWithMail(ctx context.Context, id int64, fn func(*Invoice) error, mails []Mail) (Invoice, error)
}
