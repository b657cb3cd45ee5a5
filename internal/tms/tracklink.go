package tms

import (
	"context"
	"time"
)

// TrackingLink is a customer's way to follow one load without logging in: an unguessable
// token of which only the SHA-256 hash (Hash) is stored. internal/share says what the page
// shows and when the link expires.
type TrackingLink struct {
	ID           int64      `json:"id"`
	LoadID       int64      `json:"load_id"`
	Hash         string     `json:"-"`
	CreatedByID  *int64     `json:"created_by_id,omitempty"`
	CreatedBy    string     `json:"created_by"` // the creator's email
	CreatedAt    time.Time  `json:"created_at"`
	LastViewedAt *time.Time `json:"last_viewed_at,omitempty"`
	RevokedAt    *time.Time `json:"revoked_at,omitempty"`
	// ExpiresAt is computed from the load's delivery (not stored); nil while it does not expire.
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// TrackingLinkViewInterval is how stale a link's last view may get before a view records it:
// at most one write a minute per link, however often the page is reloaded.
const TrackingLinkViewInterval = time.Minute

// TrackingLinkStore keeps tracking links. Caller: internal/share.
type TrackingLinkStore interface {
	// CreateTrackingLink stores a link (its hash only) for an existing load and audits it;
	// CodeInvalid when the load does not exist.
	CreateTrackingLink(ctx context.Context, l *TrackingLink) error
	TrackingLink(ctx context.Context, id int64) (TrackingLink, error)
	// TrackingLinkByHash finds a link by its token's hash, revoked or not (CodeNotFound).
	TrackingLinkByHash(ctx context.Context, hash string) (TrackingLink, error)
	// TrackingLinks lists a load's links, newest first.
	TrackingLinks(ctx context.Context, loadID int64) ([]TrackingLink, error)
	// RevokeTrackingLink revokes a link and audits it; revoking a revoked link changes nothing.
	RevokeTrackingLink(ctx context.Context, id int64) (TrackingLink, error)
	// TouchTrackingLink records a view at time at (see TrackingLinkViewInterval).
	TouchTrackingLink(ctx context.Context, id int64, at time.Time) error
}
