-- +goose Up
CREATE TABLE customers (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    billing_address     TEXT NOT NULL,
    contacts            TEXT NOT NULL,
    payment_terms_days  INTEGER NOT NULL,
    credit_limit_cents  INTEGER NOT NULL,
    required_references TEXT NOT NULL,
    required_documents  TEXT NOT NULL,
    notes               TEXT NOT NULL,
    active              BOOLEAN NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    version             INTEGER NOT NULL
);
CREATE INDEX customers_name ON customers (name);

CREATE TABLE facilities (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL,
    address              TEXT NOT NULL,
    city                 TEXT NOT NULL,
    state                TEXT NOT NULL,
    lat                  REAL NOT NULL,
    lon                  REAL NOT NULL,
    time_zone            TEXT NOT NULL,
    geofence_meters      INTEGER NOT NULL,
    dock_hours           TEXT NOT NULL,
    appointment_required BOOLEAN NOT NULL,
    notes                TEXT NOT NULL,
    active               BOOLEAN NOT NULL,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    version              INTEGER NOT NULL
);
CREATE INDEX facilities_name ON facilities (name);
CREATE INDEX facilities_lat_lon ON facilities (lat, lon);

CREATE TABLE drivers (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    phone               TEXT NOT NULL,
    email               TEXT NOT NULL,
    cdl_number          TEXT NOT NULL,
    cdl_state           TEXT NOT NULL,
    cdl_class           TEXT NOT NULL,
    cdl_endorsements    TEXT NOT NULL,
    cdl_expiry          TEXT,
    medical_card_expiry TEXT,
    hire_date           TEXT,
    status              TEXT NOT NULL,
    user_id             INTEGER REFERENCES users (id),
    pay                 TEXT NOT NULL,
    notes               TEXT NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    version             INTEGER NOT NULL
);
CREATE INDEX drivers_name ON drivers (name);
CREATE UNIQUE INDEX drivers_user ON drivers (user_id);

CREATE TABLE trucks (
    id             INTEGER PRIMARY KEY,
    unit_number    TEXT NOT NULL UNIQUE,
    vin            TEXT NOT NULL,
    plate          TEXT NOT NULL,
    plate_state    TEXT NOT NULL,
    make           TEXT NOT NULL,
    model          TEXT NOT NULL,
    year           INTEGER NOT NULL,
    odometer_miles INTEGER NOT NULL,
    status         TEXT NOT NULL,
    notes          TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    version        INTEGER NOT NULL
);

CREATE TABLE trailers (
    id          INTEGER PRIMARY KEY,
    unit_number TEXT NOT NULL UNIQUE,
    type        TEXT NOT NULL,
    length_ft   INTEGER NOT NULL,
    plate       TEXT NOT NULL,
    plate_state TEXT NOT NULL,
    status      TEXT NOT NULL,
    notes       TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    version     INTEGER NOT NULL
);

CREATE TABLE loads (
    id                INTEGER PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,
    customer_id       INTEGER NOT NULL REFERENCES customers (id),
    status            TEXT NOT NULL,
    hold_from         TEXT NOT NULL,
    ref_bol           TEXT NOT NULL,
    ref_po            TEXT NOT NULL,
    ref_pickup        TEXT NOT NULL,
    ref_customer_load TEXT NOT NULL,
    commodity         TEXT NOT NULL,
    weight_lb         INTEGER NOT NULL,
    pieces            INTEGER NOT NULL,
    equipment_type    TEXT NOT NULL,
    temp_min_f        INTEGER,
    temp_max_f        INTEGER,
    hazmat            TEXT NOT NULL,
    charges           TEXT NOT NULL,
    total_cents       INTEGER NOT NULL,
    planned_miles     REAL NOT NULL,
    miles_manual      BOOLEAN NOT NULL,
    driver_id         INTEGER REFERENCES drivers (id),
    co_driver_id      INTEGER REFERENCES drivers (id),
    truck_id          INTEGER REFERENCES trucks (id),
    trailer_id        INTEGER REFERENCES trailers (id),
    window_start      TIMESTAMP NOT NULL,
    window_end        TIMESTAMP NOT NULL,
    notes             TEXT NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    version           INTEGER NOT NULL
);
CREATE INDEX loads_status_window ON loads (status, window_start);
CREATE INDEX loads_window ON loads (window_start);
CREATE INDEX loads_customer ON loads (customer_id, window_start);
CREATE INDEX loads_driver ON loads (driver_id, window_start);
CREATE INDEX loads_co_driver ON loads (co_driver_id);
CREATE INDEX loads_truck ON loads (truck_id, window_start);
CREATE INDEX loads_trailer ON loads (trailer_id);

CREATE TABLE stops (
    id                INTEGER PRIMARY KEY,
    load_id           INTEGER NOT NULL REFERENCES loads (id) ON DELETE CASCADE,
    seq               INTEGER NOT NULL,
    kind              TEXT NOT NULL,
    facility_id       INTEGER NOT NULL REFERENCES facilities (id),
    appointment_start TIMESTAMP NOT NULL,
    appointment_end   TIMESTAMP NOT NULL,
    refs              TEXT NOT NULL,
    status            TEXT NOT NULL,
    arrived_at        TIMESTAMP,
    departed_at       TIMESTAMP,
    notes             TEXT NOT NULL
);
CREATE INDEX stops_load ON stops (load_id, seq);
CREATE INDEX stops_facility ON stops (facility_id);

CREATE TABLE load_events (
    id          INTEGER PRIMARY KEY,
    load_id     INTEGER NOT NULL REFERENCES loads (id) ON DELETE CASCADE,
    at          TIMESTAMP NOT NULL,
    type        TEXT NOT NULL,
    source      TEXT NOT NULL,
    actor_id    INTEGER,
    actor_email TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    stop_id     INTEGER,
    location    TEXT NOT NULL,
    lat         REAL,
    lon         REAL,
    note        TEXT NOT NULL
);
CREATE INDEX load_events_load ON load_events (load_id, at, id);

-- +goose Down
DROP TABLE load_events;
DROP TABLE stops;
DROP TABLE loads;
DROP TABLE trailers;
DROP TABLE trucks;
DROP TABLE drivers;
DROP TABLE facilities;
DROP TABLE customers;
