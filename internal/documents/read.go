package documents

import (
	"context"
	"io"
	"slices"

	"github.com/anditms/tms/internal/tms"
)

// Get returns one document the caller may see. Deleted documents exist only for admins and
// dispatchers (tms CodeNotFound for others).
func (s *Service) Get(ctx context.Context, id int64) (tms.Document, error) {
	d, err := s.Store.Document(ctx, id)
	if err != nil {
		return d, err
	}
	if err := s.authorizeRead(ctx, d.Owner()); err != nil {
		return tms.Document{}, err
	}
	if d.Status == tms.DocumentDeleted && !mayManage(ctx) {
		return tms.Document{}, tms.NotFound("document", id)
	}
	return d, nil
}

// List returns o's documents, every version, newest first; includeDeleted is for admins
// and dispatchers.
func (s *Service) List(ctx context.Context, o tms.Owner, includeDeleted bool) ([]tms.Document, error) {
	if err := s.authorizeRead(ctx, o); err != nil {
		return nil, err
	}
	if includeDeleted && !mayManage(ctx) {
		return nil, tms.Errorf(tms.CodeForbidden, "only admins and dispatchers see deleted documents")
	}
	return s.Store.ListDocuments(ctx, tms.DocumentFilter{Owner: o, IncludeDeleted: includeDeleted})
}

// Versions returns every version of the document's series (same owner, stop and type),
// newest first; deleted versions are listed for admins and dispatchers.
func (s *Service) Versions(ctx context.Context, id int64) ([]tms.Document, error) {
	d, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.Store.ListDocuments(ctx, tms.DocumentFilter{Owner: d.Owner(), Series: d.Series(), IncludeDeleted: mayManage(ctx)})
}

// Download is how a client gets a document's bytes: a presigned URL (S3) or the bytes
// themselves (local storage; the caller closes Body).
type Download struct {
	Document tms.Document
	URL      string
	Body     io.ReadCloser
}

// Download checks the caller's right to the document and returns a presigned GET valid
// 5 minutes that downloads it as an attachment under its filename, or, when the store has
// no presigned URLs, the bytes to stream.
func (s *Service) Download(ctx context.Context, id int64) (Download, error) {
	d, err := s.Get(ctx, id)
	if err != nil {
		return Download{}, err
	}
	if d.Status == tms.DocumentPending {
		return Download{}, tms.Errorf(tms.CodeConflict, "document %d has not been confirmed yet", id)
	}
	p, ok, err := s.Blobs.PresignGet(ctx, d.StorageKey, d.Filename, downloadExpiry)
	switch {
	case err != nil:
		return Download{}, err
	case ok:
		return Download{Document: d, URL: p.URL}, nil
	}
	rc, _, err := s.Blobs.Open(ctx, d.StorageKey)
	if err != nil {
		return Download{}, err
	}
	return Download{Document: d, Body: rc}, nil
}

// previewable are the content types a browser shows in a page (HEIC and TIFF it cannot).
var previewable = []string{"application/pdf", "image/jpeg", "image/png"}

// Previewable reports whether d can be shown inline in a browser.
func Previewable(d tms.Document) bool { return slices.Contains(previewable, d.ContentType) }

// Preview checks the caller's right to the document and returns its bytes to show inline
// (always streamed: a presigned URL would download it as an attachment). Only PDFs, JPEGs
// and PNGs preview; others are downloaded.
func (s *Service) Preview(ctx context.Context, id int64) (Download, error) {
	d, err := s.Get(ctx, id)
	if err != nil {
		return Download{}, err
	}
	switch {
	case d.Status == tms.DocumentPending:
		return Download{}, tms.Errorf(tms.CodeConflict, "document %d has not been confirmed yet", id)
	case !Previewable(d):
		return Download{}, tms.Errorf(tms.CodeConflict, "a %s document does not preview in a browser: download it", d.ContentType)
	}
	rc, _, err := s.Blobs.Open(ctx, d.StorageKey)
	if err != nil {
		return Download{}, err
	}
	return Download{Document: d, Body: rc}, nil
}

// Delete soft-deletes a document (admins and dispatchers); the bytes stay for a restore.
func (s *Service) Delete(ctx context.Context, id int64) (tms.Document, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return tms.Document{}, err
	}
	if !mayManage(ctx) {
		return tms.Document{}, tms.Errorf(tms.CodeForbidden, "only admins and dispatchers delete documents")
	}
	return s.Store.DeleteDocument(ctx, id)
}

// Restore brings a soft-deleted document back (admins only).
func (s *Service) Restore(ctx context.Context, id int64) (tms.Document, error) {
	if tms.ActorFrom(ctx).Role != tms.RoleAdmin {
		return tms.Document{}, tms.Errorf(tms.CodeForbidden, "only admins restore documents")
	}
	if _, err := s.Get(ctx, id); err != nil {
		return tms.Document{}, err
	}
	return s.Store.RestoreDocument(ctx, id)
}

// Bytes reads a document's content after checking the caller's right to it (billing attaches
// PODs to invoices); the whole file is read, at most the upload limit.
func (s *Service) Bytes(ctx context.Context, id int64) (tms.Document, []byte, error) {
	d, err := s.Get(ctx, id)
	if err != nil {
		return d, nil, err
	}
	rc, _, err := s.Blobs.Open(ctx, d.StorageKey)
	if err != nil {
		return d, nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, s.Limit()+1))
	return d, b, err
}
