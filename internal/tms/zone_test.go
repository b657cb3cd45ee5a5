package tms

import (
	"testing"
	"time"
)

func TestZone(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		known      bool
	}{
		{"America/Chicago", "America/Chicago", true},
		{"UTC", "UTC", true},
		{"", "UTC", false},
		{"Local", "UTC", false},
		{"Mars/Olympus_Mons", "UTC", false},
	} {
		for range 2 { // the second call is served from the cache
			if got := Zone(tc.name).String(); got != tc.want {
				t.Errorf("Zone(%q) = %s, want %s", tc.name, got, tc.want)
			}
			if got := KnownZone(tc.name); got != tc.known {
				t.Errorf("KnownZone(%q) = %v, want %v", tc.name, got, tc.known)
			}
		}
	}
	if Zone("America/Denver") != Zone("America/Denver") {
		t.Error("Zone loads a zone again instead of reusing it")
	}
	if _, off := time.Date(2026, 7, 1, 12, 0, 0, 0, Zone("America/Chicago")).Zone(); off != -5*3600 {
		t.Errorf("Chicago in July: offset %d, want -18000", off)
	}
}
