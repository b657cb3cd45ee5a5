package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// ReserveIdempotencyKey claims (scope, key) or returns what an earlier request left.
func (db *DB) ReserveIdempotencyKey(ctx context.Context, scope, key, requestHash string) (tms.StoredResponse, bool, error) {
	var prev tms.StoredResponse
	owned := false
	err := db.InTx(ctx, func(tx *Tx) error {
		err := tx.QueryRow(ctx, `SELECT status, content_type, body, request_hash, done FROM idempotency_keys
			WHERE scope = ? AND idem_key = ?`, scope, key).Scan(&prev.Status, &prev.ContentType, &prev.Body, &prev.RequestHash, &prev.Done)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return db.wrap(err, "get idempotency key")
		}
		_, err = tx.Exec(ctx, `INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, content_type, body, done, created_at)
			VALUES (?, ?, ?, 0, '', ?, ?, ?)`, scope, key, requestHash, []byte{}, false, tx.Now)
		owned = err == nil
		return err
	})
	return prev, owned, err
}

// CompleteIdempotencyKey stores the response for replay.
func (db *DB) CompleteIdempotencyKey(ctx context.Context, scope, key string, resp tms.StoredResponse) error {
	_, err := db.write.ExecContext(ctx, db.Q(`UPDATE idempotency_keys SET status = ?, content_type = ?, body = ?, done = ?
		WHERE scope = ? AND idem_key = ?`), resp.Status, resp.ContentType, resp.Body, true, scope, key)
	return db.wrap(err, "complete idempotency key")
}

// ReleaseIdempotencyKey forgets a key whose request failed, so it can be retried.
func (db *DB) ReleaseIdempotencyKey(ctx context.Context, scope, key string) error {
	_, err := db.write.ExecContext(ctx, db.Q(`DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? AND done = ?`), scope, key, false)
	return db.wrap(err, "release idempotency key")
}

// PurgeIdempotencyKeys drops keys created before the cutoff.
func (db *DB) PurgeIdempotencyKeys(ctx context.Context, before time.Time) (int, error) {
	res, err := db.write.ExecContext(ctx, db.Q(`DELETE FROM idempotency_keys WHERE created_at < ?`), UTC(before))
	if err != nil {
		return 0, db.wrap(err, "purge idempotency keys")
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
