package sqlstore

import (
	"context"
	"time"
)

// claimDue leases up to limit due pending rows of an outbox table (mail_outbox,
// webhook_deliveries: status, next_attempt_at, lease_owner, lease_until) that also match w to
// owner, and returns them with the lease's end. On PostgreSQL the rows are read FOR UPDATE
// SKIP LOCKED, so two instances claiming at once get different rows; SQLite has one writer.
// A lease that ran out, its holder dead, is claimed again.
func (tb *table[T, P]) claimDue(ctx context.Context, tx *Tx, w where, limit int, owner string, lease time.Duration) ([]T, time.Time, error) {
	w.add("status = ? AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)", "pending", tx.Now, tx.Now)
	due, err := tb.allIn(ctx, tx, w, " ORDER BY next_attempt_at, id LIMIT ?"+tx.db.dialect.ForUpdate+tx.db.dialect.SkipLocked, max(1, limit))
	if err != nil {
		return nil, time.Time{}, err
	}
	until := tx.Now.Add(lease)
	for _, row := range due {
		id := P(&row).RecordMeta().ID
		if _, err := tx.Exec(ctx, `UPDATE `+tb.name+` SET lease_owner = ?, lease_until = ? WHERE id = ?`, owner, until, id); err != nil {
			return nil, until, err
		}
	}
	return due, until, nil
}
