-- +goose Up
-- A payment that bounced (an NSF check, a recalled ACH) is reversed, never deleted.
ALTER TABLE payments ADD COLUMN reversed_at TIMESTAMPTZ;
ALTER TABLE payments ADD COLUMN reversal_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE payments DROP COLUMN reversal_reason;
ALTER TABLE payments DROP COLUMN reversed_at;
