package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"time"

	"github.com/anditms/tms/internal/tms"
)

var mailOutbox = &table[tms.Mail, *tms.Mail]{
	name: "mail_outbox", entity: "mail",
	cols: []string{"dedupe_key", "recipients", "subject", "text_body", "html_body", "attachments", "status", "attempts",
		"next_attempt_at", "lease_owner", "lease_until", "last_error", "sent_at", "customer_id", "load_id", "invoice_id"},
	fields: func(m *tms.Mail) []any {
		return []any{emptyNull{&m.DedupeKey}, JSON(&m.To), &m.Subject, &m.Text, &m.HTML, JSON(&m.Attachments), &m.Status, &m.Attempts,
			&m.NextAttemptAt, &m.LeaseOwner, &m.LeaseUntil, &m.LastError, &m.SentAt, &m.CustomerID, &m.LoadID, &m.InvoiceID}
	},
	sorts: map[string]string{"created_at": "created_at", "status": "status"},
}

// emptyNull stores an empty string as NULL (a unique index then ignores it).
type emptyNull struct{ s *string }

func (e emptyNull) Value() (driver.Value, error) {
	if *e.s == "" {
		return nil, nil
	}
	return *e.s, nil
}

func (e emptyNull) Scan(src any) error {
	var n sql.NullString
	err := n.Scan(src)
	*e.s = n.String
	return err
}

// QueueMail stores a pending message unless its dedupe key was queued before.
func (db *DB) QueueMail(ctx context.Context, m *tms.Mail) (bool, error) {
	queued := false
	err := db.InTx(ctx, func(tx *Tx) (err error) {
		queued, err = tx.queueMail(ctx, m)
		return err
	})
	return queued, err
}

// queueMail inserts the message in the transaction of the change it reports, due at once.
func (tx *Tx) queueMail(ctx context.Context, m *tms.Mail) (bool, error) {
	m.Status, m.Attempts, m.NextAttemptAt, m.LeaseOwner, m.LeaseUntil, m.SentAt = tms.MailPending, 0, tx.Now, "", nil, nil
	if err := m.Validate(); err != nil {
		return false, err
	}
	query, args := mailOutbox.insertStatement(tx, m)
	err := tx.QueryRow(ctx, query+" ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id", args...).Scan(&m.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // this event was mailed before
	}
	return err == nil, tx.db.wrap(err, "queue mail")
}

// Mail returns a message with its delivery log, oldest attempt first.
func (db *DB) Mail(ctx context.Context, id int64) (tms.Mail, []tms.MailAttempt, error) {
	m, err := mailOutbox.get(ctx, db, id)
	if err != nil {
		return m, nil, err
	}
	rows, err := db.read.QueryContext(ctx, db.Q(`SELECT id, mail_id, at, instance, ok, response FROM mail_attempts WHERE mail_id = ? ORDER BY id`), id)
	if err != nil {
		return m, nil, db.wrap(err, "mail attempts")
	}
	defer rows.Close()
	log := []tms.MailAttempt{}
	for rows.Next() {
		var a tms.MailAttempt
		if err := rows.Scan(&a.ID, &a.MailID, &a.At, &a.Instance, &a.OK, &a.Response); err != nil {
			return m, nil, db.wrap(err, "scan mail attempt")
		}
		a.At = a.At.UTC()
		log = append(log, a)
	}
	return m, log, db.wrap(rows.Err(), "mail attempts")
}

// ListMail lists the outbox newest first.
func (db *DB) ListMail(ctx context.Context, f tms.MailFilter) (tms.Page[tms.Mail], error) {
	w := where{}
	w.addIf(f.Status != "", "status = ?", f.Status)
	w.addIf(f.CustomerID != 0, "customer_id = ?", f.CustomerID)
	w.addIf(f.LoadID != 0, "load_id = ?", f.LoadID)
	w.addIf(f.InvoiceID != 0, "invoice_id = ?", f.InvoiceID)
	return mailOutbox.page(ctx, db, w, f.Page, "-id")
}

// ClaimMail leases due pending messages to owner.
func (db *DB) ClaimMail(ctx context.Context, owner string, limit int, lease time.Duration) ([]tms.Mail, error) {
	var out []tms.Mail
	err := db.InTx(ctx, func(tx *Tx) error {
		due, until, err := mailOutbox.claimDue(ctx, tx, where{}, limit, owner, lease)
		if err != nil {
			return err
		}
		for i := range due {
			due[i].LeaseOwner, due[i].LeaseUntil = owner, &until
		}
		out = due
		return nil
	})
	return out, err
}

// FinishMail records owner's attempt at a claimed message and frees the lease.
func (db *DB) FinishMail(ctx context.Context, id int64, owner string, o tms.MailOutcome) (tms.Mail, error) {
	var out tms.Mail
	err := db.InTx(ctx, func(tx *Tx) error {
		before, err := mailOutbox.getTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.LeaseOwner != owner || before.Status != tms.MailPending {
			return tms.Errorf(tms.CodeConflict, "mail %d is no longer leased to %s", id, owner)
		}
		after := before
		after.Attempts++
		after.LeaseOwner, after.LeaseUntil = "", nil
		switch {
		case o.Sent:
			sentAt := tx.Now
			after.Status, after.SentAt, after.LastError = tms.MailSent, &sentAt, ""
		case o.RetryAt.IsZero() || after.Attempts >= tms.MailMaxAttempts:
			after.Status, after.LastError = tms.MailFailed, o.Response
		default:
			after.NextAttemptAt, after.LastError = UTC(o.RetryAt), o.Response
		}
		if err := mailOutbox.write(ctx, tx, &before, &after); err != nil {
			return err
		}
		out = after
		_, err = tx.Exec(ctx, `INSERT INTO mail_attempts (mail_id, at, instance, ok, response) VALUES (?, ?, ?, ?, ?)`,
			id, tx.Now, owner, o.Sent, truncate(o.Response, 2000))
		return err
	})
	return out, err
}

// RetryMail puts a failed message back in the queue, due now.
func (db *DB) RetryMail(ctx context.Context, id int64) (tms.Mail, error) {
	return mailOutbox.update(ctx, db, id, func(m *tms.Mail) error {
		if m.Status != tms.MailFailed {
			return tms.Errorf(tms.CodeConflict, "mail %d is %s; only a failed message is retried", id, m.Status)
		}
		m.Status, m.Attempts, m.NextAttemptAt = tms.MailPending, 0, db.now().UTC()
		return nil
	})
}

// queueMails writes the messages a change queued with it.
func (tx *Tx) queueMails(ctx context.Context, mails []tms.Mail) error {
	for i := range mails {
		if _, err := tx.queueMail(ctx, &mails[i]); err != nil {
			return err
		}
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
