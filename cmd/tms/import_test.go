package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The CSV and seed commands against one embedded installation, step by step.
func TestImportExportSeedCommands(t *testing.T) {
	dir := t.TempDir()
	getenv := func(k string) string { return map[string]string{"DATA_DIR": dir}[k] }
	in, out := filepath.Join(dir, "customers.csv"), filepath.Join(dir, "out.csv")
	if err := os.WriteFile(in, []byte("name,payment_terms_days\nAcme Foods,30\nBolt Hardware,-5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		args     []string
		wantCode int
		wantOut  string
	}{
		{[]string{"import", "customers", in}, 1, "line 3, column payment_terms_days: must be 0 to 365"},
		{[]string{"import", "--dry-run", "customers", in, "--skip-invalid"}, 0, "customers: dry run: 1 of 2 rows would be imported, 1 skipped"},
		{[]string{"import", "customers", in, "--skip-invalid"}, 0, "customers: imported 1 of 2 rows, 1 skipped"},
		{[]string{"import", "customers", in, "--skip-invalid"}, 1, `line 2, column name: "Acme Foods" already exists`},
		{[]string{"export", "customers", "--out", out}, 0, ""},
		{[]string{"export", "widgets"}, 2, ""},
		{[]string{"import", "customers"}, 2, ""},
		{[]string{"seed"}, 2, ""},
		{[]string{"seed", "--demo"}, 0, "Demo data loaded: 15 customers, 20 facilities, 10 drivers, 8 trucks, 12 trailers, 40 loads, 43 documents."},
		{[]string{"seed", "--demo"}, 0, "Demo data is already loaded"},
		{[]string{"export", "loads"}, 0, "L-000040"},
	}
	for _, s := range steps {
		var stdout, stderr bytes.Buffer
		code := run(s.args, getenv, &stdout, &stderr)
		if code != s.wantCode || !strings.Contains(stdout.String(), s.wantOut) {
			t.Errorf("tms %s: exit %d, want %d; stdout %q, want it to hold %q; stderr %q",
				strings.Join(s.args, " "), code, s.wantCode, stdout.String(), s.wantOut, stderr.String())
		}
	}
	if b, err := os.ReadFile(out); err != nil || !strings.Contains(string(b), "1,Acme Foods,") {
		t.Errorf("exported file = %q, %v", b, err)
	}
}
