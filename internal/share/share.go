// Package share is the customer tracking link: a dispatcher shares one load with its customer
// through an unguessable URL; the public page shows what the customer may see of that load
// and nothing else. The rules live here: what the view contains, when a link expires, when
// the truck's position may be shown and which documents may be served.
package share

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"io"
	"time"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
)

// Store is what tracking links read and write.
type Store interface {
	tms.TrackingLinkStore
	Load(ctx context.Context, id int64) (tms.Load, error)
	LoadEvents(ctx context.Context, loadID int64) ([]tms.LoadEvent, error)
	Customer(ctx context.Context, id int64) (tms.Customer, error)
	Facility(ctx context.Context, id int64) (tms.Facility, error)
	TruckPositions(ctx context.Context, truckIDs []int64) ([]tms.Position, error)
	ListDocuments(ctx context.Context, f tms.DocumentFilter) ([]tms.Document, error)
	Document(ctx context.Context, id int64) (tms.Document, error)
	CarrierSettings(ctx context.Context) (tms.CarrierSettings, error)
}

// ETAs estimates a load's arrival at its next stops (*tracking.Service).
type ETAs interface {
	LoadETA(ctx context.Context, l tms.Load) (tracking.ETA, error)
}

// Blobs opens a stored document's bytes (blob.Store).
type Blobs interface {
	Open(ctx context.Context, key string) (io.ReadCloser, blob.ObjectInfo, error)
}

// Service creates, lists and revokes links for the office and answers the public page.
type Service struct {
	Store Store
	ETAs  ETAs  // nil: the page shows no ETA
	Blobs Blobs // nil: no document is served
	// Limiter slows guessing: every lookup of an unknown, revoked or expired token counts
	// against the caller's address (see LookupBackoff).
	Limiter auth.Limiter
	Now     func() time.Time // nil: time.Now
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// tokenBytes is the token's randomness: 192 bits, above the 128 that make guessing hopeless.
const tokenBytes = 24

// NewToken returns a fresh token (base64url) and the hash stored in its place.
func NewToken() (token, hash string) {
	b := make([]byte, tokenBytes)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, auth.HashToken(token)
}

// Path is the public page of token.
func Path(token string) string { return "/t/" + token }

// Created is a new link with its token, shown once.
type Created struct {
	tms.TrackingLink
	Token string `json:"token"`
}

// Create makes a link to load loadID for the actor of ctx. CodeNotFound for a missing load.
func (s *Service) Create(ctx context.Context, loadID int64) (Created, error) {
	l, err := s.Store.Load(ctx, loadID)
	if err != nil {
		return Created{}, err
	}
	token, hash := NewToken()
	link := tms.TrackingLink{LoadID: l.ID, Hash: hash}
	if err := s.Store.CreateTrackingLink(ctx, &link); err != nil {
		return Created{}, err
	}
	if link.ExpiresAt, err = s.expiry(ctx, l); err != nil {
		return Created{}, err
	}
	return Created{TrackingLink: link, Token: token}, nil
}

// List returns a load's links, newest first, each with its expiry. CodeNotFound for a missing load.
func (s *Service) List(ctx context.Context, loadID int64) ([]tms.TrackingLink, error) {
	l, err := s.Store.Load(ctx, loadID)
	if err != nil {
		return nil, err
	}
	links, err := s.Store.TrackingLinks(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	expires, err := s.expiry(ctx, l)
	for i := range links {
		links[i].ExpiresAt = expires
	}
	return links, err
}

// Revoke ends a link at once; its page answers 404 from then on.
func (s *Service) Revoke(ctx context.Context, id int64) (tms.TrackingLink, error) {
	return s.Store.RevokeTrackingLink(ctx, id)
}

// expiry is when links to l expire (see ExpiresAt).
func (s *Service) expiry(ctx context.Context, l tms.Load) (*time.Time, error) {
	events, err := s.Store.LoadEvents(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	c, err := s.Store.CarrierSettings(ctx)
	return ExpiresAt(l, events, c), err
}
