package share

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/tms"
)

// LookupBackoff slows token guessing per IP address: 20 misses (unknown, revoked or expired
// tokens) cost nothing, then each one doubles the wait from 1 s up to 15 min; forgotten an
// hour after the last miss. Opening a valid link does not count.
var LookupBackoff = auth.Backoff{Free: 20, Base: time.Second, Max: 15 * time.Minute, Forget: time.Hour}

// noLink is the one answer to an unknown, revoked or expired token, so the answer does not
// tell which.
func noLink() error {
	return tms.Errorf(tms.CodeNotFound, "this tracking link does not exist or is no longer valid")
}

// opened is a valid link with its load.
type opened struct {
	link    tms.TrackingLink
	load    tms.Load
	events  []tms.LoadEvent
	expires *time.Time
}

// open resolves token for a caller at ip: noLink for an unknown, revoked or expired
// link, CodeRateLimited when ip has missed too often.
func (s *Service) open(ctx context.Context, token, ip string) (opened, error) {
	key := "tracking-link:ip:" + ip
	if err := s.admit(ctx, key); err != nil {
		return opened{}, err
	}
	o, err := s.resolve(ctx, token)
	switch {
	case tms.ErrorCode(err) == tms.CodeNotFound:
		return o, err // the miss stays counted
	case err != nil: // not the caller's fault: the attempt does not count
		return o, errors.Join(err, s.Limiter.Refund(ctx, key))
	}
	return o, s.Limiter.Refund(ctx, key)
}

// admit counts an attempt under key or says how long the caller must wait.
func (s *Service) admit(ctx context.Context, key string) error {
	wait, err := s.Limiter.Attempt(ctx, key, LookupBackoff)
	if err != nil || wait <= 0 {
		return err
	}
	secs := int((wait + time.Second - 1) / time.Second)
	return &tms.Error{Code: tms.CodeRateLimited, Message: fmt.Sprintf("too many invalid tracking links; try again in %d seconds", secs),
		Detail: map[string]any{"retry_after_seconds": secs}}
}

// resolve finds the valid link of token and its load.
func (s *Service) resolve(ctx context.Context, token string) (opened, error) {
	if !wellFormed(token) {
		return opened{}, noLink()
	}
	link, err := s.Store.TrackingLinkByHash(ctx, auth.HashToken(token))
	switch {
	case tms.ErrorCode(err) == tms.CodeNotFound:
		return opened{}, noLink()
	case err != nil:
		return opened{}, err
	case link.RevokedAt != nil:
		return opened{}, noLink()
	}
	o := opened{link: link}
	if o.load, err = s.Store.Load(ctx, link.LoadID); err != nil {
		return o, err
	}
	if o.events, err = s.Store.LoadEvents(ctx, link.LoadID); err != nil {
		return o, err
	}
	c, err := s.Store.CarrierSettings(ctx)
	if err != nil {
		return o, err
	}
	if o.expires = ExpiresAt(o.load, o.events, c); Expired(o.expires, s.now()) {
		return o, noLink()
	}
	return o, nil
}

// wellFormed reports whether token could be one of ours (base64url of tokenBytes), so
// garbage is refused before any lookup.
func wellFormed(token string) bool {
	if len(token) != (tokenBytes*8+5)/6 {
		return false
	}
	for _, r := range token {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// View is the public page of token for a caller at ip, and records the view.
func (s *Service) View(ctx context.Context, token, ip string) (View, error) {
	o, err := s.open(ctx, token, ip)
	if err != nil {
		return View{}, err
	}
	v, err := s.build(ctx, o)
	if err != nil {
		return View{}, err
	}
	if err := s.Store.TouchTrackingLink(ctx, o.link.ID, s.now()); err != nil {
		slog.WarnContext(ctx, "tracking link: record the view", "link", o.link.ID, "err", err) // the page still shows
	}
	return v, nil
}

// Document opens document docID through token: only an active POD of the link's own load,
// after delivery, when the customer allows it; anything else is CodeNotFound. The caller
// closes the body.
func (s *Service) Document(ctx context.Context, token, ip string, docID int64) (tms.Document, io.ReadCloser, error) {
	o, err := s.open(ctx, token, ip)
	if err != nil {
		return tms.Document{}, nil, err
	}
	noDoc := tms.NotFound("document", docID)
	c, err := s.Store.Customer(ctx, o.load.CustomerID)
	if err != nil {
		return tms.Document{}, nil, err
	}
	if !SharesPODs(o.load, c) || s.Blobs == nil {
		return tms.Document{}, nil, noDoc
	}
	d, err := s.Store.Document(ctx, docID)
	switch {
	case tms.ErrorCode(err) == tms.CodeNotFound || err == nil && !IsShareable(d, o.load.ID):
		return tms.Document{}, nil, noDoc
	case err != nil:
		return tms.Document{}, nil, err
	}
	body, _, err := s.Blobs.Open(ctx, d.StorageKey)
	return d, body, err
}
