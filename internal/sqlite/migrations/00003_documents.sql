-- +goose Up
CREATE TABLE documents (
    id                INTEGER PRIMARY KEY,
    type              TEXT NOT NULL,
    series            TEXT NOT NULL,
    load_id           INTEGER REFERENCES loads (id),
    stop_id           INTEGER REFERENCES stops (id) ON DELETE SET NULL,
    driver_id         INTEGER REFERENCES drivers (id),
    truck_id          INTEGER REFERENCES trucks (id),
    trailer_id        INTEGER REFERENCES trailers (id),
    filename          TEXT NOT NULL,
    content_type      TEXT NOT NULL,
    size              INTEGER NOT NULL,
    sha256            TEXT NOT NULL,
    uploaded_by       INTEGER REFERENCES users (id),
    uploaded_by_email TEXT NOT NULL,
    uploaded_at       TIMESTAMP NOT NULL,
    version           INTEGER NOT NULL,
    storage_key       TEXT NOT NULL UNIQUE,
    s3_version_id     TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('pending', 'active', 'deleted')),
    deleted_at        TIMESTAMP,
    deleted_by        TEXT NOT NULL,
    CHECK ((load_id IS NOT NULL) + (driver_id IS NOT NULL) + (truck_id IS NOT NULL) + (trailer_id IS NOT NULL) = 1)
);
-- Versions are numbered per series (owner, stop, type); the index makes two concurrent
-- uploads of the same series collide instead of sharing a number.
CREATE UNIQUE INDEX documents_series_version ON documents (series, version);
CREATE INDEX documents_load ON documents (load_id, status, type);
CREATE INDEX documents_driver ON documents (driver_id);
CREATE INDEX documents_truck ON documents (truck_id);
CREATE INDEX documents_trailer ON documents (trailer_id);

-- +goose Down
DROP TABLE documents;
