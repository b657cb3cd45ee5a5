package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// SessionStore keeps web sessions in the database for deployments without Redis. It
// implements scs.CtxStore.
type SessionStore struct{ db *DB }

// Sessions returns the database-backed session store.
func (db *DB) Sessions() tms.SessionStore { return &SessionStore{db: db} }

// FindCtx returns the session data for token, found=false when missing or expired.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := s.db.read.QueryRowContext(ctx, s.db.Q(`SELECT data FROM sessions WHERE token = ? AND expiry > ?`),
		token, UTC(s.db.now())).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return data, err == nil, s.db.wrap(err, "find session")
}

// CommitCtx stores or replaces a session.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, data []byte, expiry time.Time) error {
	_, err := s.db.write.ExecContext(ctx, s.db.Q(`INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`), token, data, UTC(expiry))
	return s.db.wrap(err, "commit session")
}

// DeleteCtx removes a session.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.db.write.ExecContext(ctx, s.db.Q(`DELETE FROM sessions WHERE token = ?`), token)
	return s.db.wrap(err, "delete session")
}

// DeleteExpired removes sessions past their expiry; the server calls it periodically.
func (s *SessionStore) DeleteExpired(ctx context.Context) error {
	_, err := s.db.write.ExecContext(ctx, s.db.Q(`DELETE FROM sessions WHERE expiry <= ?`), UTC(s.db.now()))
	return s.db.wrap(err, "delete expired sessions")
}

// Find, Commit and Delete satisfy scs.Store; scs calls the Ctx variants when present.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit satisfies scs.Store.
func (s *SessionStore) Commit(token string, data []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, data, expiry)
}

// Delete satisfies scs.Store.
func (s *SessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }
