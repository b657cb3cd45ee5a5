package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/anditms/tms/internal/tms"
)

const trackingLinkColumns = `id, load_id, hash, created_by, created_email, created_at, last_viewed_at, revoked_at`

// CreateTrackingLink stores a tracking link for a load (its token's hash only), audited.
func (db *DB) CreateTrackingLink(ctx context.Context, l *tms.TrackingLink) error {
	return db.InTx(ctx, func(tx *Tx) error {
		l.CreatedAt, l.CreatedBy = tx.Now, tx.Actor.Email
		l.CreatedByID = nil
		if tx.Actor.UserID != 0 {
			l.CreatedByID = &tx.Actor.UserID
		}
		id, err := tx.InsertID(ctx, `INSERT INTO tracking_links (load_id, hash, created_by, created_email, created_at) VALUES (?, ?, ?, ?, ?)`,
			l.LoadID, l.Hash, l.CreatedByID, l.CreatedBy, l.CreatedAt)
		if err != nil {
			return err
		}
		l.ID = id
		return tx.Audit(ctx, "tracking_link", id, "create", nil, l)
	})
}

// TrackingLink returns one link.
func (db *DB) TrackingLink(ctx context.Context, id int64) (tms.TrackingLink, error) {
	l, err := scanTrackingLink(db.read.QueryRowContext(ctx, db.Q(`SELECT `+trackingLinkColumns+` FROM tracking_links WHERE id = ?`), id))
	return l, db.notFound(err, "tracking link", id)
}

// TrackingLinkByHash finds a link by its token's hash.
func (db *DB) TrackingLinkByHash(ctx context.Context, hash string) (tms.TrackingLink, error) {
	l, err := scanTrackingLink(db.read.QueryRowContext(ctx, db.Q(`SELECT `+trackingLinkColumns+` FROM tracking_links WHERE hash = ?`), hash))
	return l, db.notFound(err, "tracking link", "")
}

// TrackingLinks lists a load's links, newest first.
func (db *DB) TrackingLinks(ctx context.Context, loadID int64) ([]tms.TrackingLink, error) {
	rows, err := db.read.QueryContext(ctx, db.Q(`SELECT `+trackingLinkColumns+` FROM tracking_links WHERE load_id = ? ORDER BY id DESC`), loadID)
	if err != nil {
		return nil, db.wrap(err, "list tracking links")
	}
	defer rows.Close()
	out := []tms.TrackingLink{}
	for rows.Next() {
		l, err := scanTrackingLink(rows)
		if err != nil {
			return nil, db.wrap(err, "scan tracking link")
		}
		out = append(out, l)
	}
	return out, db.wrap(rows.Err(), "list tracking links")
}

// RevokeTrackingLink revokes a link, audited; a revoked link stays as it was.
func (db *DB) RevokeTrackingLink(ctx context.Context, id int64) (tms.TrackingLink, error) {
	var out tms.TrackingLink
	err := db.InTx(ctx, func(tx *Tx) error {
		before, err := scanTrackingLink(tx.QueryRow(ctx, `SELECT `+trackingLinkColumns+` FROM tracking_links WHERE id = ?`+db.dialect.ForUpdate, id))
		if err != nil {
			return db.notFound(err, "tracking link", id)
		}
		out = before
		if before.RevokedAt != nil {
			return nil
		}
		out.RevokedAt = &tx.Now
		if _, err := tx.Exec(ctx, `UPDATE tracking_links SET revoked_at = ? WHERE id = ?`, tx.Now, id); err != nil {
			return err
		}
		return tx.Audit(ctx, "tracking_link", id, "revoke", &before, &out)
	})
	return out, err
}

// TouchTrackingLink records a view unless one was recorded within TrackingLinkViewInterval.
func (db *DB) TouchTrackingLink(ctx context.Context, id int64, at time.Time) error {
	at = UTC(at)
	_, err := db.write.ExecContext(ctx, db.Q(`UPDATE tracking_links SET last_viewed_at = ? WHERE id = ? AND (last_viewed_at IS NULL OR last_viewed_at < ?)`),
		at, id, at.Add(-tms.TrackingLinkViewInterval))
	return db.wrap(err, "touch tracking link")
}

func scanTrackingLink(row interface{ Scan(...any) error }) (tms.TrackingLink, error) {
	var l tms.TrackingLink
	var by sql.NullInt64
	var viewed, revoked sql.NullTime
	if err := row.Scan(&l.ID, &l.LoadID, &l.Hash, &by, &l.CreatedBy, &l.CreatedAt, &viewed, &revoked); err != nil {
		return l, err
	}
	if by.Valid {
		l.CreatedByID = &by.Int64
	}
	l.CreatedAt, l.LastViewedAt, l.RevokedAt = l.CreatedAt.UTC(), timePtr(viewed), timePtr(revoked)
	return l, nil
}
