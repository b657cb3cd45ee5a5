package billingpdf

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/tms"
)

func TestWindow(t *testing.T) {
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Skipf("no time zone data: %v", err)
	}
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name       string
		start, end time.Time
		loc        *time.Location
		want       string
	}{
		{"no appointment", time.Time{}, time.Time{}, chicago, ""},
		{"a moment", at("2026-12-07T14:00:00Z"), time.Time{}, chicago, "Mon 2026-12-07 08:00 CST"},
		{"same day", at("2026-12-07T14:00:00Z"), at("2026-12-07T16:00:00Z"), chicago, "Mon 2026-12-07 08:00-10:00 CST"},
		{"overnight", at("2026-12-08T04:00:00Z"), at("2026-12-08T08:00:00Z"), chicago, "Mon 2026-12-07 22:00 - Tue 2026-12-08 02:00 CST"},
		{"daylight time", at("2026-07-06T13:00:00Z"), at("2026-07-06T13:00:00Z"), chicago, "Mon 2026-07-06 08:00 CDT"},
		{"utc", at("2026-12-07T14:00:00Z"), at("2026-12-07T16:00:00Z"), time.UTC, "Mon 2026-12-07 14:00-16:00 UTC"},
	}
	for _, tt := range tests {
		if got := window(tt.start, tt.end, tt.loc); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestZone(t *testing.T) {
	for _, name := range []string{"", "Local", "Mars/Olympus", "../../etc/passwd"} {
		if got := zone(tms.Facility{TimeZone: name}); got != time.UTC {
			t.Errorf("zone(%q): got %v, want UTC", name, got)
		}
	}
}

func TestAddressLines(t *testing.T) {
	tests := []struct {
		in   tms.Address
		want []string
	}{
		{tms.Address{}, nil},
		{tms.Address{Line1: "1 Main St", City: "Dallas", State: "TX", Zip: "75201"}, []string{"1 Main St", "Dallas, TX 75201"}},
		{tms.Address{Line1: "1 Main St", Line2: "Dock 4", State: "TX", Country: "US"}, []string{"1 Main St", "Dock 4", "TX", "US"}},
		{tms.Address{City: "Dallas"}, []string{"Dallas"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, addressLines(tt.in)); diff != "" {
			t.Errorf("addressLines(%+v) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestSmallFormats(t *testing.T) {
	tests := []struct{ got, want string }{
		{humanize("fuel_surcharge"), "Fuel surcharge"},
		{humanize(""), ""},
		{humanize("élan"), "Élan"},
		{thousands(0), "0"},
		{thousands(42000), "42,000"},
		{thousands(-1234567), "-1,234,567"},
		{terms(30), "Net 30"},
		{terms(0), "Due on receipt"},
		{moment(nil, time.UTC), "-"},
		{joinNonEmpty(", ", "", " a ", "", "b"), "a, b"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
