package ui

import (
	"strings"
	"testing"
)

// FuzzParseFixed: any text either is refused or reads as a non-negative number that
// fixedText writes back to the same value.
func FuzzParseFixed(f *testing.F) {
	for _, s := range []string{"3.859", "$6.5", "25.00 %", "1,234.5", ".5", "5.", "", ".", "-1", "1e3", "99999999999999", "0x10", "3..8"} {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, s string, places uint8) {
		p := int(places % 5)
		n, err := parseFixed(s, p)
		if err != nil {
			return
		}
		back, err := parseFixed(fixedText(n, p), p)
		if n < 0 || err != nil || back != n {
			t.Fatalf("parseFixed(%q, %d) = %d; written back as %q it reads %d, %v", s, p, n, fixedText(n, p), back, err)
		}
	})
}

// FuzzParseCents: any text either is refused or reads as cents within ±$100 billion whose
// dollar text reads back the same.
func FuzzParseCents(f *testing.F) {
	for _, s := range []string{"1,250", "$1250.5", "-35.00", "0.01", "-", "--5", "1.234", "9999999999999", " 12 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseCents(s)
		if err != nil {
			return
		}
		text := strings.TrimPrefix(c.String(), "-")
		back, err := parseCents(text)
		if c < 0 {
			back = -back
		}
		if err != nil || back != c || c >= 1e13 || c <= -1e13 {
			t.Fatalf("parseCents(%q) = %d; %q reads back %d, %v", s, c, c.String(), back, err)
		}
	})
}
