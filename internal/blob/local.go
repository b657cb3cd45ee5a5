package blob

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Local is the embedded-mode Store: one file per object under a directory, and beside each a
// ".<name>.meta" JSON sidecar with the content type and SHA-256. Keys never start a segment
// with ".", so sidecars and temp files cannot collide with objects. Objects are not versioned.
type Local struct {
	dir string
}

var _ Store = (*Local)(nil)

// NewLocal opens (and creates) the directory dir as a Store.
func NewLocal(dir string) (*Local, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("blob: local dir %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return nil, fmt.Errorf("blob: local dir: %w", err)
	}
	return &Local{dir: abs}, nil
}

type sidecar struct {
	ContentType string `json:"content_type"`
	SHA256      string `json:"sha256"`
	Size        int64  `json:"size"`
}

// Put writes to temp files in the object's directory, fsyncs them, then renames the sidecar
// and the object into place, so a failed Put leaves the previous object (if any) untouched.
func (l *Local) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (PutResult, error) {
	p, err := l.path(key)
	if err != nil {
		return PutResult{}, err
	}
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return PutResult{}, fmt.Errorf("blob: put %s: %w", key, err)
	}
	var sum string
	data, err := writeTemp(dir, func(w io.Writer) (err error) {
		sum, err = CopyExact(ctx, w, r, size)
		return err
	})
	if err != nil {
		return PutResult{}, err
	}
	defer os.Remove(data) // a no-op once renamed
	if err := l.commit(ctx, p, data, sidecar{orDefault(contentType), sum, size}); err != nil {
		return PutResult{}, fmt.Errorf("blob: put %s: %w", key, err)
	}
	return PutResult{SHA256: sum, Size: size}, nil
}

// commit writes the sidecar and renames both files into place, unless ctx is done.
func (l *Local) commit(ctx context.Context, p, data string, m sidecar) error {
	buf, err := json.Marshal(m)
	if err != nil {
		return err
	}
	meta, err := writeTemp(filepath.Dir(p), func(w io.Writer) error {
		_, err := w.Write(buf)
		return err
	})
	if err != nil {
		return err
	}
	defer os.Remove(meta)
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Rename(meta, sidecarPath(p)); err != nil {
		return err
	}
	if err := os.Rename(data, p); err != nil {
		return err
	}
	return syncDir(filepath.Dir(p))
}

// writeTemp creates a hidden temp file in dir, fills and fsyncs it, and returns its name;
// on error nothing is left behind.
func writeTemp(dir string, fill func(io.Writer) error) (name string, err error) {
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return "", fmt.Errorf("blob: temp file: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("blob: temp file: %w", cerr)
		}
		if err != nil {
			os.Remove(f.Name())
		}
	}()
	if err := fill(f); err != nil {
		return "", err
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("blob: temp file: %w", err)
	}
	return f.Name(), nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Open streams the object's file.
func (l *Local) Open(ctx context.Context, key string) (io.ReadCloser, ObjectInfo, error) {
	p, err := l.path(key)
	if err != nil {
		return nil, ObjectInfo{}, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, ObjectInfo{}, fileError(key, err)
	}
	fi, err := f.Stat()
	if err == nil {
		var info ObjectInfo
		if info, err = objectInfo(key, p, fi); err == nil {
			return f, info, nil
		}
	}
	f.Close()
	return nil, ObjectInfo{}, fileError(key, err)
}

// Stat describes the object's file.
func (l *Local) Stat(ctx context.Context, key string) (ObjectInfo, error) {
	p, err := l.path(key)
	if err != nil {
		return ObjectInfo{}, err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return ObjectInfo{}, fileError(key, err)
	}
	info, err := objectInfo(key, p, fi)
	return info, fileError(key, err)
}

// objectInfo combines the file's size and time with its sidecar. A sidecar that does not
// match the file's size (a crash between the two renames) is ignored: the SHA-256 is unknown.
func objectInfo(key, p string, fi fs.FileInfo) (ObjectInfo, error) {
	if !fi.Mode().IsRegular() {
		return ObjectInfo{}, fs.ErrNotExist
	}
	info := ObjectInfo{Key: key, Size: fi.Size(), ModTime: fi.ModTime().UTC(), ContentType: DefaultContentType}
	var m sidecar
	if buf, err := os.ReadFile(sidecarPath(p)); err == nil && json.Unmarshal(buf, &m) == nil && m.Size == fi.Size() {
		info.ContentType, info.SHA256 = m.ContentType, m.SHA256
	}
	return info, nil
}

// Delete removes the object and its sidecar; a missing object is not an error.
func (l *Local) Delete(ctx context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if fi, err := os.Lstat(p); err == nil && fi.IsDir() {
		return nil // a "directory" of other keys, not an object
	}
	for _, name := range []string{p, sidecarPath(p)} {
		if err := os.Remove(name); err != nil && !isNotExist(err) {
			return fmt.Errorf("blob: delete %s: %w", key, err)
		}
	}
	return nil
}

// List walks the directory of the prefix's last "/" and reports the files whose key starts
// with prefix, in lexical order of each directory.
func (l *Local) List(ctx context.Context, prefix string, fn func(ObjectInfo) error) error {
	if err := CheckPrefix(prefix); err != nil {
		return err
	}
	root := l.dir
	if i := strings.LastIndex(prefix, "/"); i >= 0 {
		root = filepath.Join(l.dir, filepath.FromSlash(prefix[:i]))
	}
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil && p == root && isNotExist(err):
			return fs.SkipAll // nothing was ever stored under prefix
		case err != nil:
			return err
		case p == root:
			return ctx.Err()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		return l.visit(p, d, prefix, fn)
	})
}

func (l *Local) visit(p string, d fs.DirEntry, prefix string, fn func(ObjectInfo) error) error {
	rel, err := filepath.Rel(l.dir, p)
	if err != nil {
		return err
	}
	key := filepath.ToSlash(rel)
	hidden := strings.HasPrefix(d.Name(), ".")
	switch {
	case d.IsDir() && (hidden || !overlaps(key+"/", prefix)):
		return fs.SkipDir
	case d.IsDir() || hidden || !strings.HasPrefix(key, prefix):
		return nil
	}
	fi, err := d.Info()
	if err != nil {
		return fileError(key, err)
	}
	info, err := objectInfo(key, p, fi)
	if err != nil {
		return nil // not a regular file
	}
	return fn(info)
}

// overlaps reports whether keys under dir may start with prefix.
func overlaps(dir, prefix string) bool {
	return strings.HasPrefix(dir, prefix) || strings.HasPrefix(prefix, dir)
}

// PresignPut is not available: local documents are uploaded through the API.
func (l *Local) PresignPut(ctx context.Context, key, contentType string, size int64, sha256b64 string, expiry time.Duration) (Presigned, bool, error) {
	return Presigned{}, false, nil
}

// PresignGet is not available: local documents are downloaded through the API.
func (l *Local) PresignGet(ctx context.Context, key, filename string, expiry time.Duration) (Presigned, bool, error) {
	return Presigned{}, false, nil
}

// Ping checks that the directory is writable by creating and removing a temp file.
func (l *Local) Ping(ctx context.Context) error {
	name, err := writeTemp(l.dir, func(io.Writer) error { return nil })
	if err != nil {
		return err
	}
	return os.Remove(name)
}

// path maps a key to its file, refusing any key that is not Key-shaped or would leave dir.
func (l *Local) path(key string) (string, error) {
	if err := CheckKey(key); err != nil {
		return "", err
	}
	p := filepath.Join(l.dir, filepath.FromSlash(key))
	rel, err := filepath.Rel(l.dir, p)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", tms.Errorf(tms.CodeInvalid, "object key %q leaves the documents directory", key)
	}
	return p, nil
}

func sidecarPath(p string) string {
	return filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".meta")
}

// fileError maps a missing file (or a file where a directory was expected) to CodeNotFound.
func fileError(key string, err error) error {
	switch {
	case err == nil:
		return nil
	case isNotExist(err):
		return &tms.Error{Code: tms.CodeNotFound, Message: fmt.Sprintf("object %s not found", key), Err: err}
	}
	return fmt.Errorf("blob: %s: %w", key, err)
}

func isNotExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

func orDefault(contentType string) string {
	if contentType == "" {
		return DefaultContentType
	}
	return contentType
}
