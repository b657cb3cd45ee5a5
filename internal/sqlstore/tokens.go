package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// CreateToken stores a new API token (its hash only).
func (db *DB) CreateToken(ctx context.Context, t *tms.APIToken) error {
	if t.Name == "" || len(t.Name) > 100 {
		return &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: map[string]string{"name": "is required (at most 100 characters)"}}
	}
	return db.InTx(ctx, func(tx *Tx) error {
		t.CreatedAt = tx.Now
		id, err := tx.InsertID(ctx, `INSERT INTO api_tokens (user_id, name, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?)`,
			t.UserID, t.Name, t.Prefix, t.Hash, t.CreatedAt)
		if err != nil {
			return err
		}
		t.ID = id
		return tx.Audit(ctx, "api_token", id, "create", nil, t)
	})
}

// TokenTouchInterval is how stale a token's last use may get before a request records it:
// at most one write a minute per token instead of one per request.
const TokenTouchInterval = time.Minute

// UserByTokenHash finds the active owner of an unrevoked token and records its use (see
// TokenTouchInterval). Token and user come in one query: every API request asks.
func (db *DB) UserByTokenHash(ctx context.Context, hash string) (tms.User, tms.APIToken, error) {
	var t tms.APIToken
	var used sql.NullTime
	row := db.read.QueryRowContext(ctx, db.Q(`SELECT t.id, t.name, t.prefix, t.created_at, t.last_used_at, `+tokenUserColumns+`
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND t.revoked_at IS NULL`), hash)
	u, err := scanUser(scanAfter{row, []any{&t.ID, &t.Name, &t.Prefix, &t.CreatedAt, &used}})
	if err != nil {
		return tms.User{}, t, db.notFound(err, "token", t.Prefix)
	}
	t.UserID, t.CreatedAt, t.LastUsedAt = u.ID, t.CreatedAt.UTC(), timePtr(used)
	if !u.Active {
		return u, t, tms.Errorf(tms.CodeUnauthorized, "the token's user is disabled")
	}
	now := UTC(db.now())
	if t.LastUsedAt != nil && now.Sub(*t.LastUsedAt) < TokenTouchInterval {
		return u, t, nil
	}
	_, err = db.write.ExecContext(ctx, db.Q(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`), now, t.ID)
	t.LastUsedAt = &now
	return u, t, db.wrap(err, "touch token")
}

// tokenUserColumns are userColumns of the users table aliased u.
var tokenUserColumns = "u." + strings.ReplaceAll(userColumns, ", ", ", u.")

// scanAfter scans a row whose first columns go to first and the rest where Scan is told.
type scanAfter struct {
	row   *sql.Row
	first []any
}

func (s scanAfter) Scan(dest ...any) error { return s.row.Scan(append(s.first, dest...)...) }

// ListTokens lists a user's tokens, newest first.
func (db *DB) ListTokens(ctx context.Context, userID int64) ([]tms.APIToken, error) {
	rows, err := db.read.QueryContext(ctx, db.Q(`SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = ? ORDER BY id DESC`), userID)
	if err != nil {
		return nil, db.wrap(err, "list tokens")
	}
	defer rows.Close()
	out := []tms.APIToken{}
	for rows.Next() {
		var t tms.APIToken
		var used, revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.CreatedAt, &used, &revoked); err != nil {
			return nil, db.wrap(err, "scan token")
		}
		t.CreatedAt, t.LastUsedAt, t.RevokedAt = t.CreatedAt.UTC(), timePtr(used), timePtr(revoked)
		out = append(out, t)
	}
	return out, db.wrap(rows.Err(), "list tokens")
}

// RevokeToken revokes a token; userID limits it to the owner's tokens (0 = any).
func (db *DB) RevokeToken(ctx context.Context, id, userID int64) error {
	return db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND (? = 0 OR user_id = ?) AND revoked_at IS NULL`,
			tx.Now, id, userID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tms.NotFound("token", id)
		}
		return tx.Audit(ctx, "api_token", id, "revoke", nil, nil)
	})
}
