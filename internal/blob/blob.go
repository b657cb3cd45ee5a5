// Package blob is the byte storage for documents (BOL, POD, invoices...): one Store interface
// with two backends, the local directory here (embedded mode) and S3 in internal/s3. Both run
// the conformance suite in internal/blob/blobtest.
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/anditms/tms/internal/tms"
)

// Store keeps document bytes under opaque keys that the caller builds with Key().
// Every method refuses a key that Key() could not have built with tms CodeInvalid.
type Store interface {
	// Put stores r under key; size is the exact length; contentType recorded. Returns the
	// object's version id ("" when unversioned) and the hex SHA-256 of the bytes written.
	// Server-side encryption (AES256) is requested on S3. A short or long read (not exactly
	// size bytes) or a context cancel leaves no object behind and keeps any previous one.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (PutResult, error)
	// Open streams an object (for local download and verification); tms CodeNotFound when
	// missing. The caller closes the reader.
	Open(ctx context.Context, key string) (io.ReadCloser, ObjectInfo, error)
	// Stat describes an object; tms CodeNotFound when missing.
	Stat(ctx context.Context, key string) (ObjectInfo, error)
	// Delete removes an object; deleting a missing object is not an error.
	Delete(ctx context.Context, key string) error
	// List calls fn for every object whose key starts with prefix (a plain string prefix, as
	// on S3), in a backend-defined order; an error from fn stops the listing and is returned.
	List(ctx context.Context, prefix string, fn func(ObjectInfo) error) error
	// PresignPut returns a URL + headers a client must send to upload exactly size bytes of
	// contentType with the given base64 SHA-256 checksum (x-amz-checksum-sha256 on S3) within
	// expiry; ok=false for backends without direct upload (local).
	PresignPut(ctx context.Context, key, contentType string, size int64, sha256b64 string, expiry time.Duration) (Presigned, bool, error)
	// PresignGet returns a URL to download with Content-Disposition attachment; filename
	// (passed through SafeFilename); ok=false for local.
	PresignGet(ctx context.Context, key, filename string, expiry time.Duration) (Presigned, bool, error)
	// Ping reports whether the store can be used (bucket reachable / directory writable);
	// it backs /health/ready.
	Ping(ctx context.Context) error
}

// Presigned is a request a client may make without our credentials until Expires.
// Header holds every header the client must send as given (they are part of the signature).
type Presigned struct {
	URL     string
	Method  string
	Header  http.Header
	Expires time.Time
}

// PutResult describes what Put stored.
type PutResult struct {
	VersionID string // "" when the backend does not version objects
	SHA256    string // hex
	Size      int64
}

// ObjectInfo describes a stored object. SHA256 (hex) and ContentType are empty when the
// backend does not know them (List on S3 reports neither).
type ObjectInfo struct {
	Key         string
	Size        int64
	ContentType string
	SHA256      string
	VersionID   string
	ModTime     time.Time
}

// DefaultContentType is recorded when Put gets an empty content type.
const DefaultContentType = "application/octet-stream"

const maxPart = 100

// Key builds a safe object key from parts: each part is sanitised (only [A-Za-z0-9._-], every
// other rune becomes "_", no "..", no leading ".", never empty, at most 100 bytes) and the parts
// are joined with "/". User-supplied filenames are never used raw: "../../etc/passwd" as one
// part becomes the single segment "____etc_passwd".
func Key(parts ...string) string {
	clean := make([]string, len(parts))
	for i, p := range parts {
		clean[i] = keyPart(p)
	}
	return strings.Join(clean, "/")
}

func keyPart(p string) string {
	s := strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf && (isAlnum(byte(r)) || r == '.' || r == '_' || r == '-') {
			return r
		}
		return '_'
	}, p)
	for strings.Contains(s, "..") {
		s = strings.ReplaceAll(s, "..", "_")
	}
	s = strings.TrimLeft(s, ".") // dot names are the local backend's sidecars and temp files
	if len(s) > maxPart {
		s = s[:maxPart]
	}
	if s == "" {
		return "_"
	}
	return s
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// CheckKey returns a tms CodeInvalid error unless key is one that Key could have built.
// Backends call it on every key they get, as defence in depth.
func CheckKey(key string) error {
	if key == "" || len(key) > 1024 || Key(strings.Split(key, "/")...) != key {
		return tms.Errorf(tms.CodeInvalid, "invalid object key %q", key)
	}
	return nil
}

// CheckPrefix is CheckKey for a List prefix: "" (everything), a key, a key with a trailing
// "/", or a partial last segment.
func CheckPrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	return CheckKey(strings.TrimSuffix(prefix, "/"))
}

// SafeFilename turns a user-supplied filename into a safe display name: the last path segment
// only ("../../etc/passwd" -> "passwd"), no control or invisible format characters, none of
// `"<>:|?*`, no leading dots or surrounding spaces, at most 100 runes (the extension kept),
// and "file" when nothing is left.
func SafeFilename(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || strings.ContainsRune(`"<>:|?*`, r) {
			return -1
		}
		return r
	}, name)
	name = strings.Trim(strings.TrimLeft(strings.TrimSpace(name), "."), " .")
	if name == "" {
		return "file"
	}
	return truncateName(name, maxPart)
}

// truncateName cuts name to max runes, keeping a short extension.
func truncateName(name string, max int) string {
	r := []rune(name)
	if len(r) <= max {
		return name
	}
	ext := []rune(path.Ext(name))
	if len(ext) > 16 {
		ext = nil
	}
	return string(r[:max-len(ext)]) + string(ext)
}

// ContentDisposition is the header value that makes a browser download filename (passed
// through SafeFilename): an ASCII fallback plus the RFC 5987 UTF-8 form when needed.
func ContentDisposition(filename string) string {
	name := SafeFilename(filename)
	ascii := strings.Map(func(r rune) rune {
		if r >= utf8.RuneSelf {
			return '_'
		}
		return r
	}, name)
	v := `attachment; filename="` + ascii + `"`
	if ascii != name {
		v += "; filename*=UTF-8''" + encodeRFC5987(name)
	}
	return v
}

func encodeRFC5987(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isAlnum(c) || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// CopyExact copies exactly size bytes from r to w, failing when r has fewer or more bytes or
// ctx is done, and returns the hex SHA-256 of the bytes. A wrong length is tms CodeInvalid.
func CopyExact(ctx context.Context, w io.Writer, r io.Reader, size int64) (string, error) {
	if size < 0 {
		return "", tms.Errorf(tms.CodeInvalid, "negative size %d", size)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), ctxReader{ctx, io.LimitReader(r, size+1)})
	if err != nil {
		return "", fmt.Errorf("blob: copy: %w", err)
	}
	if n > size {
		return "", tms.Errorf(tms.CodeInvalid, "body is longer than %d bytes", size)
	}
	if n < size {
		return "", tms.Errorf(tms.CodeInvalid, "body has %d bytes, want %d", n, size)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ctxReader fails reads once ctx is done, so a cancel stops a copy between two reads.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
