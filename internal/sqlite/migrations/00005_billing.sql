-- +goose Up
-- Billing: carrier settings, rating, fuel surcharge, accessorials, invoices, payments and
-- driver settlements. Money columns are integer cents (rates in mills where named).
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

ALTER TABLE customers ADD COLUMN fuel_schedule_id INTEGER;
ALTER TABLE drivers ADD COLUMN recurring_deductions TEXT NOT NULL DEFAULT '[]';

CREATE TABLE rate_defaults (
    id             INTEGER PRIMARY KEY,
    customer_id    INTEGER NOT NULL REFERENCES customers (id),
    origin_state   TEXT NOT NULL,
    dest_state     TEXT NOT NULL,
    method         TEXT NOT NULL,
    rate           INTEGER NOT NULL,
    stop_off_cents INTEGER NOT NULL,
    active         BOOLEAN NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    version        INTEGER NOT NULL
);
CREATE INDEX rate_defaults_customer ON rate_defaults (customer_id);

CREATE TABLE diesel_prices (
    week        TEXT PRIMARY KEY,
    price_mills INTEGER NOT NULL CHECK (price_mills > 0),
    source      TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE fuel_schedules (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL,
    method             TEXT NOT NULL,
    peg_mills          INTEGER NOT NULL,
    mpg_tenths         INTEGER NOT NULL,
    steps              TEXT NOT NULL,
    percent_bp         INTEGER NOT NULL,
    effective_lag_days INTEGER NOT NULL,
    active             BOOLEAN NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    version            INTEGER NOT NULL
);

CREATE TABLE accessorials (
    id                INTEGER PRIMARY KEY,
    code              TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    unit              TEXT NOT NULL,
    rate_cents        INTEGER NOT NULL,
    free_minutes      INTEGER NOT NULL,
    increment_minutes INTEGER NOT NULL,
    driver_pay_cents  INTEGER NOT NULL,
    requires_receipt  BOOLEAN NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    version           INTEGER NOT NULL
);
INSERT INTO accessorials (code, name, unit, rate_cents, free_minutes, increment_minutes, driver_pay_cents, requires_receipt, created_at, updated_at, version) VALUES
    ('detention', 'Detention', 'hour', 7500, 120, 15, 2000, FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1),
    ('layover', 'Layover', 'day', 25000, 0, 0, 10000, FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1),
    ('lumper', 'Lumper (at cost)', 'at_cost', 0, 0, 0, 0, TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1),
    ('stop_off', 'Extra stop', 'stop', 7500, 0, 0, 2500, FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1),
    ('tonu', 'Truck ordered not used', 'flat', 25000, 0, 0, 5000, FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1),
    ('driver_assist', 'Driver assist', 'flat', 10000, 0, 0, 5000, FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1),
    ('other', 'Other', 'flat', 0, 0, 0, 0, FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1);

CREATE TABLE charge_reviews (
    load_id      INTEGER NOT NULL REFERENCES loads (id),
    stop_id      INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    decision     TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    amount_cents INTEGER NOT NULL,
    note         TEXT NOT NULL,
    actor_id     INTEGER REFERENCES users (id),
    decided_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (load_id, stop_id, kind)
);

CREATE TABLE invoices (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    series         TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_memo')),
    customer_id    INTEGER NOT NULL REFERENCES customers (id),
    applies_to     INTEGER REFERENCES invoices (id),
    status         TEXT NOT NULL,
    issue_date     TEXT NOT NULL,
    terms_days     INTEGER NOT NULL,
    due_date       TEXT NOT NULL,
    load_ids       TEXT NOT NULL,
    lines          TEXT NOT NULL,
    total_cents    INTEGER NOT NULL,
    paid_cents     INTEGER NOT NULL,
    credited_cents INTEGER NOT NULL,
    document_id    INTEGER REFERENCES documents (id),
    sent_at        TIMESTAMP,
    void_reason    TEXT NOT NULL,
    notes          TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    version        INTEGER NOT NULL
);
CREATE INDEX invoices_customer_status ON invoices (customer_id, status);
CREATE INDEX invoices_status_due ON invoices (status, due_date);
CREATE INDEX invoices_issue_date ON invoices (issue_date);

-- A load is on at most one invoice that is not void.
CREATE TABLE invoice_loads (
    invoice_id INTEGER NOT NULL REFERENCES invoices (id),
    load_id    INTEGER NOT NULL REFERENCES loads (id),
    active     BOOLEAN NOT NULL,
    PRIMARY KEY (invoice_id, load_id)
);
CREATE UNIQUE INDEX invoice_loads_active ON invoice_loads (load_id) WHERE active;

CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    invoice_id   INTEGER NOT NULL REFERENCES invoices (id),
    customer_id  INTEGER NOT NULL REFERENCES customers (id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    date         TEXT NOT NULL,
    method       TEXT NOT NULL,
    reference    TEXT NOT NULL,
    notes        TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    version      INTEGER NOT NULL
);
CREATE INDEX payments_invoice ON payments (invoice_id);
CREATE INDEX payments_customer_date ON payments (customer_id, date);

CREATE TABLE settlements (
    id               INTEGER PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    driver_id        INTEGER NOT NULL REFERENCES drivers (id),
    period_start     TEXT NOT NULL,
    period_end       TEXT NOT NULL,
    status           TEXT NOT NULL,
    load_ids         TEXT NOT NULL,
    lines            TEXT NOT NULL,
    gross_cents      INTEGER NOT NULL,
    deductions_cents INTEGER NOT NULL,
    net_cents        INTEGER NOT NULL,
    approved_at      TIMESTAMP,
    paid_at          TIMESTAMP,
    notes            TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    version          INTEGER NOT NULL
);
CREATE INDEX settlements_driver ON settlements (driver_id, period_start);

-- A load is paid to a driver on at most one settlement that is not void.
CREATE TABLE settlement_loads (
    settlement_id INTEGER NOT NULL REFERENCES settlements (id),
    driver_id     INTEGER NOT NULL REFERENCES drivers (id),
    load_id       INTEGER NOT NULL REFERENCES loads (id),
    active        BOOLEAN NOT NULL,
    PRIMARY KEY (settlement_id, load_id)
);
CREATE UNIQUE INDEX settlement_loads_active ON settlement_loads (driver_id, load_id) WHERE active;

-- +goose Down
DROP TABLE settlement_loads;
DROP TABLE settlements;
DROP TABLE payments;
DROP TABLE invoice_loads;
DROP TABLE invoices;
DROP TABLE charge_reviews;
DROP TABLE accessorials;
DROP TABLE fuel_schedules;
DROP TABLE diesel_prices;
DROP TABLE rate_defaults;
ALTER TABLE drivers DROP COLUMN recurring_deductions;
ALTER TABLE customers DROP COLUMN fuel_schedule_id;
DROP TABLE settings;
