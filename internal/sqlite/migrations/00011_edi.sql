-- +goose Up
-- EDI X12: trading partners, the file log (inbound files and the outbox of outbound ones,
-- raw bytes kept) and the tender inbox. Outbound control numbers use counters
-- ('edi_control:<partner id>'); the 214 job's place in the load event log is counter 'edi_cursor:214'.
CREATE TABLE edi_partners (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    customer_id         INTEGER REFERENCES customers (id),
    isa_qualifier       TEXT NOT NULL,
    isa_id              TEXT NOT NULL,
    gs_id               TEXT NOT NULL,
    our_isa_qualifier   TEXT NOT NULL,
    our_isa_id          TEXT NOT NULL,
    our_gs_id           TEXT NOT NULL,
    scac                TEXT NOT NULL,
    x12_version         TEXT NOT NULL,
    element_separator   TEXT NOT NULL,
    component_separator TEXT NOT NULL,
    segment_terminator  TEXT NOT NULL,
    test                BOOLEAN NOT NULL,
    transactions        TEXT NOT NULL,
    sftp_address        TEXT NOT NULL,
    sftp_user           TEXT NOT NULL,
    sftp_host_key       TEXT NOT NULL,
    sftp_inbound_dir    TEXT NOT NULL,
    sftp_outbound_dir   TEXT NOT NULL,
    active              BOOLEAN NOT NULL,
    notes               TEXT NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    version             INTEGER NOT NULL
);
CREATE UNIQUE INDEX edi_partners_sender ON edi_partners (isa_qualifier, isa_id);
CREATE INDEX edi_partners_customer ON edi_partners (customer_id);

CREATE TABLE edi_tenders (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES edi_partners (id),
    shipment_id TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled')),
    file_id     INTEGER NOT NULL,
    load_id     INTEGER REFERENCES loads (id),
    reason      TEXT NOT NULL,
    detail      TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    version     INTEGER NOT NULL
);
CREATE UNIQUE INDEX edi_tenders_shipment ON edi_tenders (partner_id, shipment_id);
CREATE INDEX edi_tenders_status ON edi_tenders (status);

CREATE TABLE edi_files (
    id              INTEGER PRIMARY KEY,
    partner_id      INTEGER REFERENCES edi_partners (id),
    direction       TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    transaction_set TEXT NOT NULL,
    filename        TEXT NOT NULL,
    control         TEXT NOT NULL,
    group_control   TEXT NOT NULL,
    status          TEXT NOT NULL,
    errors          TEXT NOT NULL,
    payload         BLOB NOT NULL,
    size            INTEGER NOT NULL,
    attempts        INTEGER NOT NULL,
    tender_id       INTEGER REFERENCES edi_tenders (id),
    load_id         INTEGER REFERENCES loads (id),
    invoice_id      INTEGER REFERENCES invoices (id),
    source_event_id INTEGER,
    ack_file_id     INTEGER REFERENCES edi_files (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL
);
CREATE INDEX edi_files_list ON edi_files (partner_id, direction, status, id);
CREATE INDEX edi_files_outbox ON edi_files (status, partner_id) WHERE direction = 'out';
CREATE INDEX edi_files_group ON edi_files (partner_id, group_control) WHERE direction = 'out';
-- One 214 per stop event and one 210 per invoice, however many workers run.
CREATE UNIQUE INDEX edi_files_event ON edi_files (source_event_id) WHERE direction = 'out' AND source_event_id IS NOT NULL;
CREATE UNIQUE INDEX edi_files_invoice ON edi_files (invoice_id) WHERE direction = 'out' AND transaction_set = '210';

-- +goose Down
DROP TABLE edi_files;
DROP TABLE edi_tenders;
DROP TABLE edi_partners;
DELETE FROM counters WHERE name LIKE 'edi_%';
