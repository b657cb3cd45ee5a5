// Package documents keeps the paperwork of loads, drivers, trucks and trailers (BOL, POD,
// rate confirmations, CDL scans...): metadata rows in the tms.Store, bytes in a blob.Store
// (a local directory in embedded mode, S3 in production). A row exists only once its bytes
// are stored; a failed insert removes the bytes again. It also renders BOL PDFs, verifies
// storage against the rows, and gates invoicing on the documents a customer requires.
package documents

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strconv"
	"time"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/tms"
)

// Defaults for the Service's zero fields.
const (
	DefaultMaxBytes    = 25 << 20
	DefaultCarrierName = "Andi Trucking LLC"
)

// Lifetimes of presigned requests: a phone on a weak signal needs a while for a PUT; a
// download link should not outlive the click that asked for it.
const (
	uploadExpiry   = 15 * time.Minute
	downloadExpiry = 5 * time.Minute
)

// Service stores, lists and serves documents. Every method takes the caller from
// tms.ActorFrom(ctx) and applies the access rules in access.go.
type Service struct {
	Store tms.Store
	Blobs blob.Store
	// MaxBytes is the largest file accepted; 0 means DefaultMaxBytes.
	MaxBytes int64
	// CarrierName names the carrier on generated BOLs; "" means the name in the carrier
	// settings.
	CarrierName string
	// Now is the clock Verify and PendingCutoff judge ages by; nil means time.Now.
	Now func() time.Time
}

// Limit is the largest file the service accepts.
func (s *Service) Limit() int64 {
	if s.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return s.MaxBytes
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// resolve checks that o exists and returns its load when o is a load (nil otherwise).
func (s *Service) resolve(ctx context.Context, o tms.Owner) (*tms.Load, error) {
	var err error
	switch {
	case o.Kind == tms.OwnerLoad:
		return s.resolveLoad(ctx, o)
	case o.StopID != 0:
		err = fieldError("stop_id", "is only for documents of a load")
	case o.Kind == tms.OwnerDriver:
		_, err = s.Store.Driver(ctx, o.ID)
	case o.Kind == tms.OwnerTruck:
		_, err = s.Store.Truck(ctx, o.ID)
	case o.Kind == tms.OwnerTrailer:
		_, err = s.Store.Trailer(ctx, o.ID)
	default:
		err = tms.Errorf(tms.CodeInvalid, "documents belong to a load, driver, truck or trailer, not %q", o.Kind)
	}
	return nil, err
}

func (s *Service) resolveLoad(ctx context.Context, o tms.Owner) (*tms.Load, error) {
	l, err := s.Store.Load(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	if o.StopID != 0 && l.StopIndex(o.StopID) < 0 {
		return nil, fieldError("stop_id", "is not a stop of load "+l.Number)
	}
	return &l, nil
}

// newKey builds a fresh object key from the owner, the type and a random id: never from
// anything the user typed.
func newKey(o tms.Owner, typ tms.DocumentType) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return blob.Key(string(o.Kind), strconv.FormatInt(o.ID, 10), string(typ), hex.EncodeToString(b))
}

// removeObject deletes bytes that no row refers to, even when ctx is already cancelled. A
// failure is logged; `tms docs verify` reports the object as an orphan.
func (s *Service) removeObject(ctx context.Context, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := s.Blobs.Delete(ctx, key); err != nil {
		slog.ErrorContext(ctx, "documents: could not remove an object without a row", "key", key, "err", err)
	}
}

func fieldError(field, msg string) error {
	return &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: map[string]string{field: msg}}
}

func checkType(typ tms.DocumentType) error {
	if !typ.Valid() {
		return fieldError("type", "must be one of "+tms.DocumentTypeNames())
	}
	return nil
}
