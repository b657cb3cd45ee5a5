package documents

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/tms"
)

// orphanGrace is how old an object without a row must be to count as an orphan: younger
// ones may be uploads whose row is being written right now.
const orphanGrace = 10 * time.Minute

// Report is what Verify found. Pending documents (direct uploads not confirmed yet) are not
// checked; those the hourly purge should have removed by now are reported as abandoned.
type Report struct {
	Documents  int               // rows whose object was checked
	Objects    int               // objects listed in storage
	Orphans    []blob.ObjectInfo // objects without a row
	Missing    []tms.Document    // rows without an object
	Mismatches []Mismatch        // objects whose bytes are not what the row says
	Abandoned  []tms.Document    // pending documents older than PendingMaxAge + PurgeEvery
}

// Mismatch is a document whose stored object has another size or SHA-256.
type Mismatch struct {
	Document tms.Document
	Size     int64
	SHA256   string
}

// Problems counts what needs an operator's attention.
func (r Report) Problems() int {
	return len(r.Orphans) + len(r.Missing) + len(r.Mismatches) + len(r.Abandoned)
}

// Verify re-reads and re-hashes the object of every document row, lists storage for objects
// no row refers to and reports pending documents that outlived the purge (it is not running:
// no `tms serve`, or it fails; PurgePending removes them). progress (may be nil) is called
// after each row with the rows done and the total.
func (s *Service) Verify(ctx context.Context, progress func(done, total int)) (Report, error) {
	docs, err := s.allDocuments(ctx)
	if err != nil {
		return Report{}, err
	}
	var rep Report
	known := make(map[string]bool, len(docs))
	abandoned := s.PendingCutoff().Add(-PurgeEvery)
	for i, d := range docs {
		known[d.StorageKey] = true
		switch {
		case d.Status != tms.DocumentPending:
			if err := s.verifyObject(ctx, d, &rep); err != nil {
				return rep, err
			}
		case d.UploadedAt.Before(abandoned):
			rep.Abandoned = append(rep.Abandoned, d)
		}
		if progress != nil {
			progress(i+1, len(docs))
		}
	}
	return rep, s.findOrphans(ctx, known, &rep)
}

func (s *Service) allDocuments(ctx context.Context) ([]tms.Document, error) {
	var all []tms.Document
	for after := int64(0); ; {
		page, err := s.Store.AllDocuments(ctx, after, 500)
		if err != nil || len(page) == 0 {
			return all, err
		}
		all = append(all, page...)
		after = page[len(page)-1].ID
	}
}

// verifyObject hashes d's object and records it as missing or mismatched when it is.
func (s *Service) verifyObject(ctx context.Context, d tms.Document, rep *Report) error {
	rep.Documents++
	rc, _, err := s.Blobs.Open(ctx, d.StorageKey)
	if tms.ErrorCode(err) == tms.CodeNotFound {
		rep.Missing = append(rep.Missing, d)
		return nil
	}
	if err != nil {
		return err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return fmt.Errorf("documents: verify %s: %w", d.StorageKey, err)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); n != d.Size || sum != d.SHA256 {
		rep.Mismatches = append(rep.Mismatches, Mismatch{Document: d, Size: n, SHA256: sum})
	}
	return nil
}

// findOrphans lists every object and records those older than orphanGrace without a row.
func (s *Service) findOrphans(ctx context.Context, known map[string]bool, rep *Report) error {
	cutoff := s.now().Add(-orphanGrace)
	return s.Blobs.List(ctx, "", func(o blob.ObjectInfo) error {
		rep.Objects++
		if !known[o.Key] && o.ModTime.Before(cutoff) {
			rep.Orphans = append(rep.Orphans, o)
		}
		return nil
	})
}
