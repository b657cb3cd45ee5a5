package osrm

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/anditms/tms/internal/tms"
)

// addFixtures seeds a fuzz target with every recorded response.
func addFixtures(f *testing.F, add func(body []byte)) {
	names, err := filepath.Glob(filepath.Join("testdata", "*.*"))
	if err != nil || len(names) == 0 {
		f.Fatalf("no fixtures in testdata: %v", err)
	}
	for _, name := range names {
		body, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		add(body)
	}
}

// FuzzParseRoute: any answer is a plausible route or an error, never a panic.
func FuzzParseRoute(f *testing.F) {
	addFixtures(f, func(body []byte) { f.Add(body) })
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := parseRoute(body)
		if err != nil {
			return
		}
		if !plausible(r) {
			t.Errorf("got %+v, want finite distance and duration >= 0", r)
		}
	})
}

// FuzzParseTable: any answer is a rows x cols matrix of plausible or +Inf values, or an error.
func FuzzParseTable(f *testing.F) {
	addFixtures(f, func(body []byte) { f.Add(body, uint8(3), uint8(2)) })
	f.Add([]byte(`{"code":"Ok","distances":[[1]],"durations":[[null]]}`), uint8(1), uint8(1))
	f.Fuzz(func(t *testing.T, body []byte, rows, cols uint8) {
		m, err := parseTable(body, int(rows), int(cols))
		if err != nil {
			return
		}
		if len(m) != int(rows) {
			t.Fatalf("got %d rows, want %d", len(m), rows)
		}
		for i, row := range m {
			if len(row) != int(cols) {
				t.Fatalf("row %d: got %d values, want %d", i, len(row), cols)
			}
			for j, r := range row {
				if !(measureOrInf(r.Meters) && measureOrInf(r.Seconds)) {
					t.Errorf("[%d][%d]: got %+v, want plausible values or +Inf", i, j, r)
				}
			}
		}
	})
}

func plausible(r tms.Route) bool { return finiteNonNegative(r.Meters) && finiteNonNegative(r.Seconds) }

// measureOrInf: a plausible value, or the +Inf of an unreachable pair.
func measureOrInf(v float64) bool { return math.IsInf(v, 1) || finiteNonNegative(v) }

func finiteNonNegative(v float64) bool { return v >= 0 && !math.IsInf(v, 0) }
