-- +goose Up
CREATE TABLE devices (
    id         INTEGER PRIMARY KEY,
    unique_id  TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    truck_id   INTEGER REFERENCES trucks (id),
    driver_id  INTEGER REFERENCES drivers (id),
    speed_unit TEXT NOT NULL,
    secret     TEXT NOT NULL,
    active     BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version    INTEGER NOT NULL
);
CREATE INDEX devices_truck ON devices (truck_id);

CREATE TABLE positions (
    device_id   INTEGER NOT NULL,
    truck_id    INTEGER,
    fix_time    TIMESTAMP NOT NULL,
    received_at TIMESTAMP NOT NULL,
    lat         REAL NOT NULL,
    lon         REAL NOT NULL,
    speed_mph   REAL,
    heading     REAL,
    altitude    REAL,
    accuracy    REAL,
    battery     REAL,
    attributes  TEXT
);
CREATE UNIQUE INDEX positions_device_time ON positions (device_id, fix_time);
CREATE INDEX positions_truck_time ON positions (truck_id, fix_time);
CREATE INDEX positions_fix_time ON positions (fix_time);

CREATE TABLE latest_positions (
    device_id   INTEGER PRIMARY KEY REFERENCES devices (id),
    truck_id    INTEGER REFERENCES trucks (id),
    fix_time    TIMESTAMP NOT NULL,
    received_at TIMESTAMP NOT NULL,
    lat         REAL NOT NULL,
    lon         REAL NOT NULL,
    speed_mph   REAL,
    heading     REAL
);
CREATE INDEX latest_positions_truck ON latest_positions (truck_id);

-- The R*Tree over the latest fixes (id = device_id) is kept in step by triggers.
CREATE VIRTUAL TABLE latest_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);
-- +goose StatementBegin
CREATE TRIGGER latest_positions_rtree_insert AFTER INSERT ON latest_positions BEGIN
    INSERT INTO latest_rtree VALUES (new.device_id, new.lat, new.lat, new.lon, new.lon);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER latest_positions_rtree_update AFTER UPDATE OF lat, lon ON latest_positions BEGIN
    UPDATE latest_rtree SET min_lat = new.lat, max_lat = new.lat, min_lon = new.lon, max_lon = new.lon
    WHERE id = new.device_id;
END;
-- +goose StatementEnd

CREATE TABLE geofence_states (
    device_id     INTEGER PRIMARY KEY REFERENCES devices (id),
    load_id       INTEGER NOT NULL,
    stop_id       INTEGER NOT NULL,
    phase         TEXT NOT NULL,
    inside        INTEGER NOT NULL,
    outside       INTEGER NOT NULL,
    first_inside  TIMESTAMP,
    first_outside TIMESTAMP,
    last_fix      TIMESTAMP
);

-- +goose Down
DROP TABLE geofence_states;
DROP TRIGGER latest_positions_rtree_update;
DROP TRIGGER latest_positions_rtree_insert;
DROP TABLE latest_rtree;
DROP TABLE latest_positions;
DROP TABLE positions;
DROP TABLE devices;
