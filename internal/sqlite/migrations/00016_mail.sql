-- +goose Up
-- Email: per-customer notification choices (contacts and their roles live in customers.contacts),
-- the outbox of messages queued with the change they report, and each message's delivery log.
ALTER TABLE customers ADD COLUMN notifications TEXT NOT NULL DEFAULT '{}';

CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    dedupe_key      TEXT,
    recipients      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    attachments     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_owner     TEXT NOT NULL,
    lease_until     TIMESTAMP,
    last_error      TEXT NOT NULL,
    sent_at         TIMESTAMP,
    customer_id     INTEGER REFERENCES customers (id),
    load_id         INTEGER REFERENCES loads (id),
    invoice_id      INTEGER REFERENCES invoices (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL
);
-- One message per event (invoice sent, load picked up...), however many times it is reported.
CREATE UNIQUE INDEX mail_outbox_dedupe ON mail_outbox (dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_invoice ON mail_outbox (invoice_id) WHERE invoice_id IS NOT NULL;

CREATE TABLE mail_attempts (
    id       INTEGER PRIMARY KEY,
    mail_id  INTEGER NOT NULL REFERENCES mail_outbox (id),
    at       TIMESTAMP NOT NULL,
    instance TEXT NOT NULL,
    ok       BOOLEAN NOT NULL,
    response TEXT NOT NULL
);
CREATE INDEX mail_attempts_mail ON mail_attempts (mail_id, id);

-- +goose Down
DROP TABLE mail_attempts;
DROP TABLE mail_outbox;
ALTER TABLE customers DROP COLUMN notifications;
