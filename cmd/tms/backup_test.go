package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/sqlite"
	"github.com/anditms/tms/internal/testenv"
)

// tool runs a subcommand in process on an embedded DATA_DIR and returns its exit code and output.
func tool(dataDir string, args ...string) (int, string) {
	var out bytes.Buffer
	getenv := func(k string) string { return map[string]string{"DATA_DIR": dataDir, "LOG_LEVEL": "error"}[k] }
	code := run(args, getenv, &out, &out)
	return code, out.String()
}

func mustTool(t *testing.T, dataDir string, args ...string) string {
	t.Helper()
	code, out := tool(dataDir, args...)
	if code != 0 {
		t.Fatalf("tms %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// Backup then restore gives back every row of every table and every document byte, and
// `tms docs verify` finds nothing wrong; a tampered archive or a used DATA_DIR restores nothing.
func TestBackupRestoreRoundTrip(t *testing.T) {
	source := t.TempDir()
	mustTool(t, source, "seed", "--demo")
	archive := filepath.Join(t.TempDir(), "tms-backup.tar.gz")
	out := mustTool(t, source, "backup", "--to", archive)
	if strings.Contains(out, " 0 documents") {
		t.Fatalf("the demo data's backup holds no documents: %s", out)
	}

	restored := filepath.Join(t.TempDir(), "restored")
	mustTool(t, restored, "restore", "--from", archive)
	mustTool(t, restored, "docs", "verify")
	if diff := cmp.Diff(tables(t, source), tables(t, restored)); diff != "" {
		t.Errorf("restored rows differ (-source +restored):\n%s", diff)
	}
	if diff := cmp.Diff(files(t, filepath.Join(source, "documents")), files(t, filepath.Join(restored, "documents"))); diff != "" {
		t.Errorf("restored documents differ (-source +restored):\n%s", diff)
	}

	if code, out := tool(restored, "restore", "--from", archive); code != 1 || !strings.Contains(out, "not empty") {
		t.Errorf("restore into a used DATA_DIR: exit %d, %s; want 1 saying it is not empty", code, out)
	}
	tampered := filepath.Join(t.TempDir(), "tampered.tar.gz")
	tamper(t, archive, tampered)
	empty := filepath.Join(t.TempDir(), "empty")
	if code, out := tool(empty, "restore", "--from", tampered); code != 1 || !strings.Contains(out, "does not match its manifest") {
		t.Errorf("restore of a tampered archive: exit %d, %s; want 1 naming the mismatch", code, out)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("a failed restore left %d entries in DATA_DIR", len(entries))
	}
}

// tables reads every row of every table of DATA_DIR's database, in rowid order.
func tables(t *testing.T, dataDir string) map[string][]string {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(dataDir, "tms.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db := s.Reader()
	names := queryStrings(t, db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
	got := map[string][]string{}
	for _, name := range names {
		got[name] = testenv.QueryRows(t, db, fmt.Sprintf("SELECT * FROM %q", name))
	}
	if len(got["documents"]) == 0 || len(got["loads"]) == 0 {
		t.Fatalf("%s: no loads or documents to compare", dataDir)
	}
	return got
}

func queryStrings(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	var out []string
	for _, row := range testenv.QueryRows(t, db, q) {
		out = append(out, strings.Trim(row, "[]"))
	}
	return out
}

// files maps each file under dir to its content.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		got[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// tamper copies the archive with one byte of its first document changed.
func tamper(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	gz, err := gzip.NewReader(in)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	tr := tar.NewReader(gz)
	changed := false
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if !changed && strings.HasPrefix(h.Name, "documents/") && len(b) > 0 {
			b[len(b)/2] ^= 0xff
			changed = true
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}
