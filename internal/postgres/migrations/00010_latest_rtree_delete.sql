-- +goose Up
-- Nothing here: SQLite's migration 00010 keeps its R*Tree in step on delete; PostGIS indexes
-- latest_positions itself. The number stays in step with internal/sqlite/migrations.
SELECT 1;

-- +goose Down
SELECT 1;
