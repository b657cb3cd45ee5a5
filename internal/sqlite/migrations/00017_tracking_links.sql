-- +goose Up
-- Customer tracking links: a public page per load reached by an unguessable token, of which
-- only the SHA-256 hash is kept (like api_tokens).
CREATE TABLE tracking_links (
    id             INTEGER PRIMARY KEY,
    load_id        INTEGER NOT NULL REFERENCES loads (id),
    hash           TEXT NOT NULL UNIQUE,
    created_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_email  TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    last_viewed_at TIMESTAMP,
    revoked_at     TIMESTAMP
);
CREATE INDEX tracking_links_load ON tracking_links (load_id, id);

-- +goose Down
DROP TABLE tracking_links;
