package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A path with "#" or "?" (a subtest's temp dir, "x#01") opens that very file, not the file
// named by the part before it.
func TestOpenPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run#01?x=1%20")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "tms.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the database is not at %s: %v", path, err)
	}
}
