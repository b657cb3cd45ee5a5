package documents

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"slices"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/tms"
)

// UploadRequest declares a file that a client (a phone, a browser) will PUT straight to S3.
type UploadRequest struct {
	Type        tms.DocumentType `json:"type"`
	Filename    string           `json:"filename"`
	ContentType string           `json:"content_type"`
	Size        int64            `json:"size"`
	SHA256      string           `json:"sha256"` // base64 of the digest, as in x-amz-checksum-sha256
}

// DirectUpload is a pending document and the request that uploads its bytes.
type DirectUpload struct {
	Document tms.Document
	Upload   blob.Presigned
}

// CreateUploadURL records a pending document and presigns a PUT (15 minutes) bound to the
// declared content type, size and SHA-256. The document stays invisible until Confirm. A
// local store cannot take direct uploads: CodeInvalid saying to upload through the API.
func (s *Service) CreateUploadURL(ctx context.Context, o tms.Owner, req UploadRequest) (DirectUpload, error) {
	if _, err := s.authorizeUpload(ctx, o, req.Type); err != nil {
		return DirectUpload{}, err
	}
	sum, err := s.checkRequest(req)
	if err != nil {
		return DirectUpload{}, err
	}
	key := newKey(o, req.Type)
	p, ok, err := s.Blobs.PresignPut(ctx, key, req.ContentType, req.Size, req.SHA256, uploadExpiry)
	switch {
	case err != nil:
		return DirectUpload{}, err
	case !ok:
		return DirectUpload{}, tms.Errorf(tms.CodeInvalid, "direct uploads need S3 storage and this instance keeps documents on local disk: "+
			"upload the file as multipart/form-data to the documents URL instead")
	}
	d := tms.Document{Type: req.Type, Filename: blob.SafeFilename(req.Filename), ContentType: req.ContentType, Size: req.Size,
		SHA256: hex.EncodeToString(sum), StorageKey: key, Status: tms.DocumentPending}
	d.SetOwner(o)
	if err := s.Store.CreateDocument(ctx, &d); err != nil {
		return DirectUpload{}, err
	}
	return DirectUpload{Document: d, Upload: p}, nil
}

// checkRequest validates a declared upload and returns the raw SHA-256.
func (s *Service) checkRequest(req UploadRequest) ([]byte, error) {
	v := tms.Validation{}
	v.Check(slices.Contains(AllowedTypes, req.ContentType), "content_type", "must be one of application/pdf, image/jpeg, image/png, image/heic, image/heif, image/tiff")
	v.Check(req.Size > 0, "size", "must be more than 0 bytes")
	v.Check(req.Size <= s.Limit(), "size", "must be at most "+mb(s.Limit()))
	sum, err := base64.StdEncoding.DecodeString(req.SHA256)
	v.Check(err == nil && len(sum) == sha256.Size, "sha256", "must be the base64 SHA-256 of the file (44 characters)")
	return sum, v.Err()
}

// Confirm makes a pending document active once its object is stored with the declared size
// and checksum and sniffs as an allowed type. When nothing was uploaded, or something else
// was, the pending document and any object are removed and the error (CodeConflict or
// CodeInvalid) says why. Confirming an active document again returns it unchanged.
func (s *Service) Confirm(ctx context.Context, id int64) (tms.Document, error) {
	d, err := s.Store.Document(ctx, id)
	if err != nil {
		return d, err
	}
	if _, err := s.authorizeUpload(ctx, d.Owner(), d.Type); err != nil {
		return tms.Document{}, err
	}
	switch d.Status {
	case tms.DocumentActive:
		return d, nil
	case tms.DocumentDeleted:
		return tms.Document{}, tms.Errorf(tms.CodeConflict, "document %d is deleted", id)
	}
	info, err := s.Blobs.Stat(ctx, d.StorageKey)
	if tms.ErrorCode(err) == tms.CodeNotFound {
		return tms.Document{}, s.reject(ctx, d, tms.Errorf(tms.CodeConflict,
			"no file was uploaded for document %d (the upload URL was not used or has expired); request a new upload URL", id))
	}
	if err != nil {
		return tms.Document{}, err
	}
	err = s.checkUploaded(ctx, d, info)
	switch {
	case tms.ErrorCode(err) == tms.CodeInvalid:
		s.removeObject(ctx, d.StorageKey)
		return tms.Document{}, s.reject(ctx, d, err)
	case err != nil:
		return tms.Document{}, err // storage trouble: the client may confirm again
	}
	return s.Store.ConfirmDocument(ctx, id, info.VersionID)
}

// checkUploaded compares the stored object with what was declared and sniffs its content:
// CodeInvalid when the object is not what was declared.
func (s *Service) checkUploaded(ctx context.Context, d tms.Document, info blob.ObjectInfo) error {
	if info.Size != d.Size || info.SHA256 != d.SHA256 {
		return tms.Errorf(tms.CodeInvalid, "the uploaded file (%d bytes, SHA-256 %s) is not the declared one (%d bytes, SHA-256 %s)",
			info.Size, orUnknown(info.SHA256), d.Size, d.SHA256)
	}
	rc, _, err := s.Blobs.Open(ctx, d.StorageKey)
	if err != nil {
		return err
	}
	defer rc.Close()
	head := make([]byte, SniffLen)
	n, err := io.ReadFull(rc, head)
	if err != nil && n == 0 {
		return err
	}
	_, err = checkContent(head[:n])
	return err
}

// reject removes a pending document that will never become active and returns cause.
func (s *Service) reject(ctx context.Context, d tms.Document, cause error) error {
	if err := s.Store.DiscardDocument(context.WithoutCancel(ctx), d.ID); err != nil {
		return err
	}
	return cause
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
