package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/anditms/tms/internal/blob"
)

// Restore checks the archive read from r and puts its database and documents into dataDir,
// which must be absent or empty. Every file is unpacked beside them first and checked against
// the manifest: a damaged or incomplete archive restores nothing.
func Restore(ctx context.Context, r io.Reader, dataDir string) (Summary, error) {
	if err := mustBeEmpty(dataDir); err != nil {
		return Summary{}, err
	}
	staging := filepath.Join(dataDir, ".restore")
	if err := os.MkdirAll(staging, 0o750); err != nil {
		return Summary{}, fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(staging)
	m, got, err := unpack(r, staging)
	if err != nil {
		return Summary{}, err
	}
	if err := check(m, got); err != nil {
		return Summary{}, err
	}
	return place(ctx, m, staging, dataDir)
}

func mustBeEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("restore: %w", err)
	case len(entries) > 0:
		return fmt.Errorf("restore: %s is not empty: restore into an empty DATA_DIR", dir)
	}
	return nil
}

// unpack writes every entry under staging and returns the manifest and what was found.
func unpack(r io.Reader, staging string) (Manifest, map[string]File, error) {
	var m Manifest
	gz, err := gzip.NewReader(r)
	if err != nil {
		return m, nil, fmt.Errorf("restore: not a tms backup archive: %w", err)
	}
	tr := tar.NewReader(gz)
	got := map[string]File{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return m, nil, fmt.Errorf("restore: the archive is damaged: %w", err)
		}
		if h.Name == manifestName {
			if err := json.NewDecoder(tr).Decode(&m); err != nil {
				return m, nil, fmt.Errorf("restore: manifest: %w", err)
			}
			continue
		}
		if err := entryName(h); err != nil {
			return m, nil, err
		}
		if _, dup := got[h.Name]; dup {
			return m, nil, fmt.Errorf("restore: %s is in the archive twice", h.Name)
		}
		f, err := unpackFile(tr, filepath.Join(staging, filepath.FromSlash(h.Name)))
		if err != nil {
			return m, nil, fmt.Errorf("restore: %s: %w", h.Name, err)
		}
		f.Path = h.Name
		got[h.Name] = f
	}
	return m, got, nil
}

// entryName admits the database and documents under valid storage keys, nothing else.
func entryName(h *tar.Header) error {
	key, isDoc := strings.CutPrefix(h.Name, documentsDir)
	switch {
	case h.Typeflag != tar.TypeReg:
		return fmt.Errorf("restore: %s is not a regular file", h.Name)
	case h.Name == databaseName:
		return nil
	case isDoc && blob.CheckKey(key) == nil:
		return nil
	}
	return fmt.Errorf("restore: unexpected entry %q in the archive", h.Name)
}

func unpackFile(r io.Reader, path string) (File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return File{}, err
	}
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return File{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), r)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return File{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, err
}

// check compares what was unpacked with the manifest, file by file.
func check(m Manifest, got map[string]File) error {
	if m.Format != formatV1 {
		return fmt.Errorf("restore: no manifest of format %d in the archive (a copy from an older tms backup, or not one at all)", formatV1)
	}
	var problems []string
	if !slices.ContainsFunc(m.Files, func(f File) bool { return f.Path == databaseName }) {
		problems = append(problems, "the manifest lists no database")
	}
	for _, want := range m.Files {
		f, ok := got[want.Path]
		switch {
		case !ok:
			problems = append(problems, want.Path+" is missing")
		case f.Size != want.Size || f.SHA256 != want.SHA256:
			problems = append(problems, fmt.Sprintf("%s is %d bytes with SHA-256 %s, the manifest says %d bytes with %s", want.Path, f.Size, f.SHA256, want.Size, want.SHA256))
		}
		delete(got, want.Path)
	}
	for name := range got {
		problems = append(problems, name+" is not in the manifest")
	}
	if len(problems) > 0 {
		return fmt.Errorf("restore: the archive does not match its manifest, nothing restored: %s", strings.Join(problems, "; "))
	}
	return nil
}

// place moves the checked database into dataDir and stores each document as tms serve would.
func place(ctx context.Context, m Manifest, staging, dataDir string) (Summary, error) {
	docs, err := blob.NewLocal(filepath.Join(dataDir, "documents"))
	if err != nil {
		return Summary{}, err
	}
	var sum Summary
	for _, f := range m.Files {
		key, isDoc := strings.CutPrefix(f.Path, documentsDir)
		if !isDoc {
			continue
		}
		if err := putDocument(ctx, docs, filepath.Join(staging, filepath.FromSlash(f.Path)), key, f); err != nil {
			return Summary{}, err
		}
		sum.Documents++
		sum.Bytes += f.Size
	}
	if err := os.Rename(filepath.Join(staging, databaseName), filepath.Join(dataDir, databaseName)); err != nil {
		return Summary{}, fmt.Errorf("restore: %w", err)
	}
	return sum, nil
}

func putDocument(ctx context.Context, docs *blob.Local, path, key string, f File) error {
	in, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer in.Close()
	if _, err := docs.Put(ctx, key, in, f.Size, f.ContentType); err != nil {
		return fmt.Errorf("restore: %s: %w", f.Path, err)
	}
	return nil
}
