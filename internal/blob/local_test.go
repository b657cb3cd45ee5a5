package blob_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/blob/blobtest"
)

func TestLocal(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) blob.Store {
		return newLocal(t, t.TempDir())
	})
}

func newLocal(t *testing.T, dir string) *blob.Local {
	t.Helper()
	s, err := blob.NewLocal(dir)
	if err != nil {
		t.Fatalf("NewLocal: %v", err)
	}
	return s
}

// TestLocalStaysInDir checks that refused keys write nothing beside the documents directory
// and that Put leaves only the object and its sidecar behind (no temp files, even when failing).
func TestLocalStaysInDir(t *testing.T) {
	parent := t.TempDir()
	s := newLocal(t, filepath.Join(parent, "documents"))
	ctx := context.Background()
	for _, key := range []string{"../escape", "documents/../../escape", "/tmp/escape"} {
		if _, err := s.Put(ctx, key, bytes.NewReader([]byte("x")), 1, "text/plain"); err == nil {
			t.Errorf("Put(%q): got nil error, want one", key)
		}
	}
	if _, err := s.Put(ctx, blob.Key("loads", "1", "bol.pdf"), bytes.NewReader([]byte("x")), 1, "text/plain"); err != nil {
		t.Fatalf("Put: %v", err)
	}
	failing := io.MultiReader(strings.NewReader("partial"), iotest.ErrReader(errors.New("boom")))
	if _, err := s.Put(ctx, blob.Key("loads", "1", "pod.pdf"), failing, 100, "text/plain"); err == nil {
		t.Fatalf("Put of a failing reader: got nil error, want one")
	}
	var got []string
	filepath.WalkDir(parent, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(parent, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	want := []string{"documents/loads/1/.bol.pdf.meta", "documents/loads/1/bol.pdf"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files under the parent dir mismatch (-want +got):\n%s", diff)
	}
}

func TestLocalPingFailsWithoutDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "documents")
	s := newLocal(t, dir)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(context.Background()); err == nil {
		t.Errorf("Ping with the directory gone: got nil, want an error")
	}
}

// TestLocalTornWrite: a crash between renaming the sidecar and the object leaves a sidecar
// that does not describe the file; Stat then reports no SHA-256 rather than a wrong one.
func TestLocalTornWrite(t *testing.T) {
	dir := t.TempDir()
	s := newLocal(t, dir)
	ctx := context.Background()
	key := blob.Key("loads", "1", "bol.pdf")
	if _, err := s.Put(ctx, key, strings.NewReader("old"), 3, "application/pdf"); err != nil {
		t.Fatalf("Put: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "loads", "1", "bol.pdf"), []byte("other bytes"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := s.Stat(ctx, key)
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	if got.SHA256 != "" || got.Size != 11 {
		t.Errorf("Stat after a torn write = size %d sha %q, want size 11 and no sha", got.Size, got.SHA256)
	}
}
