-- +goose Up
-- The delivery date filter and sort of the Loads page. (Text search: SQLite's LIKE '%text%'
-- reads every row either way, a few milliseconds for a carrier's loads; PostgreSQL's
-- migration adds trigram indexes.)
CREATE INDEX loads_window_end ON loads (window_end);

-- +goose Down
DROP INDEX loads_window_end;
