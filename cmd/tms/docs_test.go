package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/tms"
)

// tms docs verify exits 0 on clean storage and 1 with one line per problem otherwise; the
// summary goes to stdout and no progress bar is drawn when stderr is not a terminal.
func TestDocsVerify(t *testing.T) {
	dataDir := t.TempDir()
	getenv := func(k string) string { return map[string]string{"DATA_DIR": dataDir}[k] }
	var stdout, stderr bytes.Buffer
	if code := run([]string{"docs", "verify"}, getenv, &stdout, &stderr); code != 0 {
		t.Fatalf("clean storage: exit %d, stderr %q", code, stderr.String())
	}
	if got := stdout.String(); got != "checked 0 documents and 0 stored objects: 0 problems\n" {
		t.Errorf("clean storage: stdout %q", got)
	}

	orphan := filepath.Join(dataDir, "documents", "load", "7", "pod", "abc")
	if err := os.MkdirAll(filepath.Dir(orphan), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(orphan, []byte("%PDF-1.7"), 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(orphan, old, old); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"docs", "verify"}, getenv, &stdout, &stderr); code != 1 {
		t.Fatalf("an orphan object: exit %d, want 1", code)
	}
	if !strings.Contains(stdout.String(), "object without a row: load/7/pod/abc (8 bytes") {
		t.Errorf("stdout %q does not name the orphan", stdout.String())
	}
	if !strings.Contains(stderr.String(), "1 problem(s) found in document storage") {
		t.Errorf("stderr %q, want the problem count", stderr.String())
	}
	if code := run([]string{"docs"}, getenv, &stdout, &stderr); code != 2 {
		t.Errorf("docs without verify: exit %d, want 2", code)
	}
}

// A direct upload pending past the purge is one problem line.
func TestPrintVerifyAbandoned(t *testing.T) {
	d := tms.Document{ID: 9, Type: tms.DocPOD, Filename: "pod.jpg", Status: tms.DocumentPending,
		UploadedAt: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	d.SetOwner(tms.Owner{Kind: tms.OwnerLoad, ID: 4})
	var out bytes.Buffer
	printVerify(&out, documents.Report{Abandoned: []tms.Document{d}})
	want := "checked 0 documents and 0 stored objects: 1 problems\n" +
		"  abandoned upload: document 9 (load 4 pod, pod.jpg) pending since 2026-03-02 08:00:00 UTC, never confirmed; tms serve purges these hourly\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("printVerify (-want +got):\n%s", diff)
	}
}
