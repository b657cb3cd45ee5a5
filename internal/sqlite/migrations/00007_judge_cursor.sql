-- +goose Up
-- Fixes in the same second at another position are fixes too: only identical ones are duplicates.
DROP INDEX positions_device_time;
CREATE UNIQUE INDEX positions_device_fix ON positions (device_id, fix_time, lat, lon);

-- The geofence judges each device from a cursor advanced with the stop events it decides.
DROP TABLE geofence_states;
CREATE TABLE geofence_cursors (
    device_id INTEGER PRIMARY KEY REFERENCES devices (id),
    load_id   INTEGER NOT NULL,
    last_fix  TIMESTAMP,
    state     TEXT
);

-- One row per device and position commit: fixes stored but not yet judged (since = the earliest).
CREATE TABLE unjudged_fixes (
    id        INTEGER PRIMARY KEY,
    device_id INTEGER NOT NULL,
    since     TIMESTAMP NOT NULL
);
CREATE INDEX unjudged_fixes_device ON unjudged_fixes (device_id, id);

-- +goose Down
DROP TABLE unjudged_fixes;
DROP TABLE geofence_cursors;
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
DROP INDEX positions_device_fix;
CREATE UNIQUE INDEX positions_device_time ON positions (device_id, fix_time);
