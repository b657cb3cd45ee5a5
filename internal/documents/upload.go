package documents

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/tms"
)

// Upload stores the file read from r as a new document of type typ attached to o: the next
// version of its series. The content decides the type (see Sniff); an empty file, a file
// over the size limit or one of another type is refused with tms CodeInvalid before anything
// is stored. The bytes are stored first and the row inserted after; if the insert fails the
// bytes are removed again.
func (s *Service) Upload(ctx context.Context, o tms.Owner, typ tms.DocumentType, filename string, r io.Reader) (tms.Document, error) {
	if _, err := s.authorizeUpload(ctx, o, typ); err != nil {
		return tms.Document{}, err
	}
	f, size, contentType, err := s.spool(r)
	if err != nil {
		return tms.Document{}, err
	}
	defer f.Close()
	return s.store(ctx, o, typ, filename, contentType, f, size)
}

// spool checks the first bytes of r and copies r, up to one byte over the limit, into an
// unlinked temporary file, returned rewound with the size and the sniffed type.
func (s *Service) spool(r io.Reader) (*os.File, int64, string, error) {
	head := make([]byte, SniffLen)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, 0, "", fmt.Errorf("documents: read upload: %w", err)
	}
	head = head[:n]
	contentType, err := checkContent(head)
	if err != nil {
		return nil, 0, "", err
	}
	f, err := os.CreateTemp("", "tms-upload-*")
	if err != nil {
		return nil, 0, "", fmt.Errorf("documents: spool upload: %w", err)
	}
	os.Remove(f.Name()) // gone when closed, even after a crash
	size, err := io.Copy(f, io.LimitReader(io.MultiReader(bytes.NewReader(head), r), s.Limit()+1))
	if err == nil && size > s.Limit() {
		err = tooLarge(s.Limit())
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, 0, "", err
	}
	return f, size, contentType, nil
}

// checkContent refuses an empty file or one whose first bytes are not an allowed type.
func checkContent(head []byte) (string, error) {
	if len(head) == 0 {
		return "", fieldError("file", "is empty (0 bytes)")
	}
	contentType, ok := Sniff(head)
	if !ok {
		return "", &tms.Error{Code: tms.CodeInvalid,
			Message: "the file's content is " + contentType + "; only PDF, JPEG, PNG, HEIC and TIFF documents are accepted, whatever the file name says",
			Fields:  map[string]string{"file": "is not a PDF, JPEG, PNG, HEIC or TIFF file"},
			Detail:  map[string]any{"detected_type": contentType, "allowed_types": AllowedTypes}}
	}
	return contentType, nil
}

func tooLarge(max int64) error {
	return &tms.Error{Code: tms.CodeInvalid, Message: fmt.Sprintf("the file is larger than the %s limit", mb(max)),
		Fields: map[string]string{"file": "is larger than " + mb(max)}, Detail: map[string]any{"max_bytes": max}}
}

// mb formats a byte count for people: "25 MB" or "1.5 MB".
func mb(n int64) string {
	return fmt.Sprintf("%.3g MB", float64(n)/(1<<20))
}

// store puts size bytes of body under a new key, then inserts the active document row.
func (s *Service) store(ctx context.Context, o tms.Owner, typ tms.DocumentType, filename, contentType string, body io.Reader, size int64) (tms.Document, error) {
	key := newKey(o, typ)
	res, err := s.Blobs.Put(ctx, key, body, size, contentType)
	if err != nil {
		return tms.Document{}, fmt.Errorf("documents: store %s: %w", key, err)
	}
	d := tms.Document{Type: typ, Filename: blob.SafeFilename(filename), ContentType: contentType, Size: size,
		SHA256: res.SHA256, StorageKey: key, S3VersionID: res.VersionID, Status: tms.DocumentActive}
	d.SetOwner(o)
	if err := s.Store.CreateDocument(ctx, &d); err != nil {
		s.removeObject(ctx, key)
		return tms.Document{}, err
	}
	return d, nil
}
