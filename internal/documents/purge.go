package documents

import (
	"context"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Abandoned direct uploads: a pending document whose upload was never confirmed.
const (
	// PendingMaxAge is how long a direct upload may stay pending: well past the 15-minute
	// presigned PUT, leaving a slow client time to confirm.
	PendingMaxAge = time.Hour
	// PurgeEvery is how often `tms serve` purges pending documents older than PendingMaxAge.
	PurgeEvery = time.Hour
)

// PendingCutoff is the upload time before which a pending document counts as abandoned.
func (s *Service) PendingCutoff() time.Time { return s.now().Add(-PendingMaxAge) }

// PurgePending removes the pending documents uploaded before olderThan and returns how many
// it removed. Each row goes first (DiscardDocument, audited as a discard), then its object
// if the client did PUT one: a confirm running at the same time then either wins (the
// document is active and skipped here) or finds no row, and an active document never loses
// its bytes. A document confirmed or purged by another instance meanwhile is skipped.
func (s *Service) PurgePending(ctx context.Context, olderThan time.Time) (int, error) {
	docs, err := s.Store.PendingDocuments(ctx, olderThan)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range docs {
		switch err := s.Store.DiscardDocument(ctx, d.ID); tms.ErrorCode(err) {
		case "":
		case tms.CodeConflict, tms.CodeNotFound:
			continue
		default:
			return n, err
		}
		n++
		if err := s.Blobs.Delete(ctx, d.StorageKey); err != nil {
			return n, err // the object is an orphan now: tms docs verify lists it
		}
	}
	return n, nil
}
