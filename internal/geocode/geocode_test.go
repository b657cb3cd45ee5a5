package geocode_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/geocode"
	"github.com/anditms/tms/internal/tms"
)

// westinghouse is 3100 Westinghouse Blvd, Charlotte, NC 28208 as a street map places it.
var westinghouse = tms.Point{Lat: 35.1300, Lon: -80.9300}

// TestLocateCharlotteZIP: the Charlotte address lands on its ZIP's Census centroid in
// America/New_York. A ZIP centroid is all the offline data knows: 28208 is a wide ZIP whose
// centroid lies about 11.6 km north of the dock, which the result says ("ZIP centroid").
func TestLocateCharlotteZIP(t *testing.T) {
	a, err := geocode.ParseAddress("3100 Westinghouse Blvd, Charlotte, NC 28208")
	if err != nil {
		t.Fatal(err)
	}
	r, err := geocode.Locate(context.Background(), geocode.Offline{}, a)
	if err != nil {
		t.Fatal(err)
	}
	if r.Precision != geocode.PrecisionZIP || r.PrecisionText != "approximate, ZIP centroid" || r.TimeZone != "America/New_York" {
		t.Errorf("result = %+v, want the ZIP centroid in America/New_York", r)
	}
	if d := tms.DistanceMeters(tms.Point{Lat: r.Lat, Lon: r.Lon}, westinghouse); d < 11_000 || d > 12_500 {
		t.Errorf("the centroid is %.0f m from the dock, want the 28208 centroid (about 11.6 km)", d)
	}
}

func TestGeocodeFallsBackToCityAndState(t *testing.T) {
	denver := tms.Point{Lat: 39.7392, Lon: -104.9903}
	for _, a := range []tms.Address{{City: "Denver", State: "CO"}, {City: " denver ", State: "co", Zip: "99999"}} {
		r, err := geocode.Locate(context.Background(), geocode.Offline{}, a)
		if err != nil {
			t.Fatalf("%+v: %v", a, err)
		}
		if d := tms.DistanceMeters(tms.Point{Lat: r.Lat, Lon: r.Lon}, denver); r.Precision != geocode.PrecisionCity || d > 10_000 || r.TimeZone != "America/Denver" {
			t.Errorf("%+v: %+v, %.0f m from downtown Denver; want the city centre in America/Denver", a, r, d)
		}
	}
	r, _ := geocode.Locate(context.Background(), geocode.Offline{}, tms.Address{City: "St. Louis", State: "MO"})
	if r.Precision != geocode.PrecisionCity {
		t.Errorf("St. Louis, MO = %+v, want found by city", r)
	}
}

func TestGeocodeRefusals(t *testing.T) {
	_, err := geocode.Offline{}.Geocode(context.Background(), tms.Address{Line1: "1 Main St", City: "Springfield"})
	var e *tms.Error
	if !errors.As(err, &e) || e.Code != tms.CodeInvalid || e.Fields["address.zip"] == "" {
		t.Errorf("no ZIP, no state: %v, want invalid naming address.zip", err)
	}
	_, err = geocode.Offline{}.Geocode(context.Background(), tms.Address{Zip: "00000"})
	if !errors.As(err, &e) || e.Code != tms.CodeNotFound {
		t.Errorf("unknown ZIP: %v, want not found", err)
	}
}

func TestZoneAt(t *testing.T) {
	for _, c := range []struct {
		lat, lon float64
		want     string
	}{{35.2320, -80.9050, "America/New_York"}, {39.7392, -104.9903, "America/Denver"}, {33.4484, -112.0740, "America/Phoenix"},
		{21.3069, -157.8583, "Pacific/Honolulu"}, {41.8781, -87.6298, "America/Chicago"}} {
		if got := geocode.ZoneAt(c.lat, c.lon); got != c.want {
			t.Errorf("ZoneAt(%v, %v) = %q, want %q", c.lat, c.lon, got, c.want)
		}
	}
}

func TestCheckZone(t *testing.T) {
	denver := tms.Facility{Name: "Denver DC", Lat: 39.7392, Lon: -104.9903, TimeZone: "Asia/Tokyo"}
	err := geocode.CheckZone(denver)
	var e *tms.Error
	if !errors.As(err, &e) || e.Code != tms.CodeInvalid || !strings.Contains(e.Fields["time_zone"], "lies in America/Denver") {
		t.Errorf("Denver in Asia/Tokyo: %v, want refused naming America/Denver", err)
	}
	for _, zone := range []string{"America/Denver", "America/Boise"} { // Boise keeps Denver's clocks
		denver.TimeZone = zone
		if err := geocode.CheckZone(denver); err != nil {
			t.Errorf("Denver in %s: %v", zone, err)
		}
	}
	denver.TimeZone = "America/Phoenix" // same in winter, an hour off in summer
	if err := geocode.CheckZone(denver); err == nil {
		t.Error("Denver in America/Phoenix was accepted")
	}
}

func TestParseAddress(t *testing.T) {
	for in, want := range map[string]tms.Address{
		"3100 Westinghouse Blvd, Charlotte, NC 28208":                     {Line1: "3100 Westinghouse Blvd", City: "Charlotte", State: "NC", Zip: "28208"},
		" 3100  Westinghouse Blvd ,Suite 4, Charlotte,nc,28208-1234, USA": {Line1: "3100 Westinghouse Blvd", Line2: "Suite 4", City: "Charlotte", State: "NC", Zip: "28208-1234"},
		"1 Main St, Charlotte NC 28208":                                   {Line1: "1 Main St", City: "Charlotte", State: "NC", Zip: "28208"},
		"Denver, CO":                                                      {City: "Denver", State: "CO"},
		"28208":                                                           {Zip: "28208"},
		"1 Main St, 28208":                                                {Line1: "1 Main St", Zip: "28208"},
	} {
		got, err := geocode.ParseAddress(in)
		if err != nil || got != want {
			t.Errorf("ParseAddress(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1 Main St", "Springfield, ZZ", "1 Main St, Springfield", strings.Repeat("a", 301) + ", NC 28208"} {
		var e *tms.Error
		if _, err := geocode.ParseAddress(in); !errors.As(err, &e) || e.Fields["address"] == "" {
			t.Errorf("ParseAddress(%q) = %v, want an address field error", in, err)
		}
	}
}

// FuzzParseAddress: any input is read or refused with a field error, never a panic, and
// what is read is clean: a state code, a ZIP, no commas or stray spaces, and it reads back
// the same when written out again.
func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"3100 Westinghouse Blvd, Charlotte, NC 28208", "Denver, CO", "NC, 28208", ",,,", "1 A, B, C, D, TX 75001-0001, usa"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		a, err := geocode.ParseAddress(in)
		if err != nil {
			var e *tms.Error
			if !errors.As(err, &e) || e.Fields["address"] == "" {
				t.Fatalf("ParseAddress(%q) error %v has no address field", in, err)
			}
			return
		}
		if a.Zip == "" && (a.City == "" || a.State == "") {
			t.Fatalf("ParseAddress(%q) = %+v: neither a ZIP nor a city and state", in, a)
		}
		for _, v := range []string{a.Line1, a.City, a.State, a.Zip} {
			if strings.Contains(v, ",") || v != strings.Join(strings.Fields(v), " ") {
				t.Fatalf("ParseAddress(%q) = %+v: a part is not clean", in, a)
			}
		}
		again, err := geocode.ParseAddress(oneLine(a))
		if err != nil || again != a {
			t.Fatalf("ParseAddress(%q) = %+v, but its line %q reads %+v, %v", in, a, oneLine(a), again, err)
		}
	})
}

// oneLine writes a as a person would type it.
func oneLine(a tms.Address) string {
	var parts []string
	for _, p := range []string{a.Line1, a.Line2, a.City, strings.TrimSpace(a.State + " " + a.Zip)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}
