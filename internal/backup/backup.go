// Package backup writes the embedded mode's data as one archive and restores it: a consistent
// copy of the SQLite database, the bytes of every document that copy names, and a manifest
// with each file's size and SHA-256, checked before anything is put in place. Production keeps
// its data in PostgreSQL and S3 instead (docs/RUNBOOK.md: pg_dump and bucket versioning).
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/sqlite"
	"github.com/anditms/tms/internal/tms"
)

// Archive layout: the database, the documents under their storage keys, the manifest last.
const (
	databaseName = "tms.db"
	documentsDir = "documents/"
	manifestName = "manifest.json"
	formatV1     = 1
)

// Manifest lists every file of the archive but itself.
type Manifest struct {
	Format    int       `json:"format"`
	CreatedAt time.Time `json:"created_at"`
	Files     []File    `json:"files"`
}

// File is one archived file; ContentType is set for documents.
type File struct {
	Path        string `json:"path"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	ContentType string `json:"content_type,omitempty"`
}

// Summary counts what an archive holds.
type Summary struct {
	Documents int
	Bytes     int64
	// Missing are documents whose bytes were already gone from storage (not archived;
	// `tms docs verify` lists them).
	Missing []string
}

// Create writes an archive of db and of the documents its copy names (read from blobs) to w.
func Create(ctx context.Context, w io.Writer, db *sqlite.Store, blobs blob.Store) (Summary, error) {
	tmp, err := os.MkdirTemp("", "tms-backup-*")
	if err != nil {
		return Summary{}, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(tmp)
	snapshot := filepath.Join(tmp, databaseName)
	if err := db.Backup(ctx, snapshot); err != nil {
		return Summary{}, err
	}
	docs, err := documentsOf(ctx, snapshot)
	if err != nil {
		return Summary{}, err
	}
	a := newWriter(w)
	if err := a.addFile(snapshot, databaseName); err != nil {
		return Summary{}, err
	}
	var sum Summary
	for _, d := range docs {
		found, err := a.addDocument(ctx, blobs, d)
		if err != nil {
			return Summary{}, err
		}
		if !found {
			sum.Missing = append(sum.Missing, d.StorageKey)
		}
	}
	sum.Documents, sum.Bytes = len(a.manifest.Files)-1, a.bytes
	return sum, a.close()
}

// documentsOf lists every document row of the database copy at path, in any status.
func documentsOf(ctx context.Context, path string) ([]tms.Document, error) {
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var all []tms.Document
	for after := int64(0); ; {
		page, err := s.AllDocuments(ctx, after, 500)
		if err != nil || len(page) == 0 {
			return all, err
		}
		all = append(all, page...)
		after = page[len(page)-1].ID
	}
}

// writer streams a gzipped tar and collects the manifest.
type writer struct {
	gz       *gzip.Writer
	tw       *tar.Writer
	manifest Manifest
	bytes    int64
}

func newWriter(w io.Writer) *writer {
	gz := gzip.NewWriter(w)
	return &writer{gz: gz, tw: tar.NewWriter(gz), manifest: Manifest{Format: formatV1, CreatedAt: time.Now().UTC()}}
}

func (a *writer) addFile(path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return a.add(File{Path: name, Size: fi.Size()}, f)
}

// addDocument archives d's bytes; false when storage no longer has them.
func (a *writer) addDocument(ctx context.Context, blobs blob.Store, d tms.Document) (bool, error) {
	rc, info, err := blobs.Open(ctx, d.StorageKey)
	if tms.ErrorCode(err) == tms.CodeNotFound {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("backup: document %d: %w", d.ID, err)
	}
	defer rc.Close()
	return true, a.add(File{Path: documentsDir + d.StorageKey, Size: info.Size, ContentType: info.ContentType}, rc)
}

// add writes one entry of f.Size bytes from r, hashing it into the manifest.
func (a *writer) add(f File, r io.Reader) error {
	if err := a.tw.WriteHeader(&tar.Header{Name: f.Path, Mode: 0o640, Size: f.Size, ModTime: a.manifest.CreatedAt, Typeflag: tar.TypeReg}); err != nil {
		return fmt.Errorf("backup: %s: %w", f.Path, err)
	}
	h := sha256.New()
	if _, err := io.CopyN(io.MultiWriter(a.tw, h), r, f.Size); err != nil {
		return fmt.Errorf("backup: %s: %w", f.Path, err)
	}
	f.SHA256 = hex.EncodeToString(h.Sum(nil))
	a.manifest.Files = append(a.manifest.Files, f)
	a.bytes += f.Size
	return nil
}

// close appends the manifest and ends the archive.
func (a *writer) close() error {
	b, err := json.MarshalIndent(a.manifest, "", "  ")
	if err != nil {
		return fmt.Errorf("backup: manifest: %w", err)
	}
	err = a.tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o640, Size: int64(len(b)), ModTime: a.manifest.CreatedAt, Typeflag: tar.TypeReg})
	if err == nil {
		_, err = a.tw.Write(b)
	}
	if err == nil {
		err = a.tw.Close()
	}
	if err == nil {
		err = a.gz.Close()
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
