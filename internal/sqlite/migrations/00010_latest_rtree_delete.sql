-- +goose Up
-- A deleted latest fix (removing the demo data) leaves the R*Tree too.
-- +goose StatementBegin
CREATE TRIGGER latest_positions_rtree_delete AFTER DELETE ON latest_positions BEGIN
    DELETE FROM latest_rtree WHERE id = old.device_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER latest_positions_rtree_delete;
