-- +goose Up
-- One login per driver: a driver record is linked to at most one user.
CREATE UNIQUE INDEX users_driver ON users (driver_id);

-- +goose Down
DROP INDEX users_driver;
