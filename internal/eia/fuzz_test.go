package eia

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// addFixtures seeds a fuzz target with every recorded file matching pattern.
func addFixtures(f *testing.F, pattern string) {
	names, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil || len(names) == 0 {
		f.Fatalf("no fixtures %s in testdata: %v", pattern, err)
	}
	for _, name := range names {
		body, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
}

// FuzzParseResponse: any answer is an error or a valid list, never a panic.
func FuzzParseResponse(f *testing.F) {
	addFixtures(f, "*.json")
	f.Add([]byte(answer(row("2026-01-05", Series, `"3.9995"`), row("2026-01-12", Series, `4`))))
	f.Fuzz(func(t *testing.T, body []byte) {
		prices, err := ParseResponse(bytes.NewReader(body))
		if err == nil {
			checkPrices(t, prices)
		}
	})
}

// FuzzParseCSV: any file is an error or a valid list, never a panic.
func FuzzParseCSV(f *testing.F) {
	addFixtures(f, "*.csv")
	f.Add([]byte("week,price\n2026-01-05,3.652\n"))
	f.Add([]byte("\"Date\",\"Diesel\"\r\n1/5/2026,$4\r\n\"Jan 12, 2026\",4.0005\r\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		prices, err := ParseCSV(bytes.NewReader(body))
		if err == nil {
			checkPrices(t, prices)
		}
	})
}

// checkPrices is the invariant of both parsers: weeks strictly ascending, none before the
// series began, every price positive.
func checkPrices(t *testing.T, prices []Price) {
	t.Helper()
	for i, p := range prices {
		if p.Mills <= 0 {
			t.Errorf("price %d: got %d mills, want > 0", i, p.Mills)
		}
		if p.Week.Time().Before(seriesStart) {
			t.Errorf("price %d: got week %s, want none before %s", i, p.Week, seriesStart)
		}
		if i > 0 && !prices[i-1].Week.Time().Before(p.Week.Time()) {
			t.Errorf("price %d: got week %s after %s, want strictly ascending", i, p.Week, prices[i-1].Week)
		}
	}
}
