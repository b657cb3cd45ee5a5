package osmand

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/tms"
)

func decodeRaw(t *testing.T, raw string, loc *time.Location) (Report, error) {
	t.Helper()
	v, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatalf("url.ParseQuery(%q): %v", raw, err)
	}
	return DecodeQuery(v, loc)
}

// decodeOK decodes raw and fails the test on an error.
func decodeOK(t *testing.T, raw string) Report {
	t.Helper()
	r, err := decodeRaw(t, raw, time.UTC)
	if err != nil {
		t.Fatalf("decoding %q: got error %v, want none", raw, err)
	}
	return r
}

func TestDecodeQueryTimestamp(t *testing.T) {
	chicago := mustLoad(t, "America/Chicago")
	tests := []struct {
		name, value string
		loc         *time.Location
		want        time.Time
	}{
		{"unix seconds", "1377177267", time.UTC, time.Date(2013, 8, 22, 13, 14, 27, 0, time.UTC)},
		{"last seconds value", "2147483646", time.UTC, time.Unix(2147483646, 0).UTC()},
		{"MaxInt32 is milliseconds", "2147483647", time.UTC, time.UnixMilli(2147483647).UTC()},
		{"unix milliseconds", "1442068686579", time.UTC, time.Date(2015, 9, 12, 14, 38, 6, 579e6, time.UTC)},
		{"zero is the epoch", "0", time.UTC, time.Unix(0, 0).UTC()},
		{"ISO Z", "2016-01-27T18:55:47Z", time.UTC, time.Date(2016, 1, 27, 18, 55, 47, 0, time.UTC)},
		{"ISO fraction", "2025-06-15T13:45:12.862Z", time.UTC, time.Date(2025, 6, 15, 13, 45, 12, 862e6, time.UTC)},
		{"ISO offset", "2016-01-27T18:55:47+02:00", time.UTC, time.Date(2016, 1, 27, 16, 55, 47, 0, time.UTC)},
		{"ISO offset without colon", "2016-01-27T18:55:47-0600", time.UTC, time.Date(2016, 1, 28, 0, 55, 47, 0, time.UTC)},
		{"ISO without zone is in loc", "2016-01-27T18:55:47", chicago, time.Date(2016, 1, 28, 0, 55, 47, 0, time.UTC)},
		{"local in UTC", "2014-06-04 09:10:11", time.UTC, time.Date(2014, 6, 4, 9, 10, 11, 0, time.UTC)},
		{"local in Chicago (CDT)", "2014-06-04 09:10:11", chicago, time.Date(2014, 6, 4, 14, 10, 11, 0, time.UTC)},
		{"local in Chicago (CST)", "2016-02-01 09:32:00", chicago, time.Date(2016, 2, 1, 15, 32, 0, 0, time.UTC)},
		{"nil loc is UTC", "2014-06-04 09:10:11", nil, time.Date(2014, 6, 4, 9, 10, 11, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := DecodeQuery(url.Values{"id": {"1"}, "timestamp": {tt.value}}, tt.loc)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if !r.Time.Equal(tt.want) || r.Time.Location() != time.UTC {
				t.Errorf("got %v, want %v in UTC", r.Time, tt.want)
			}
		})
	}
}

func TestDecodeQueryNoTimestamp(t *testing.T) {
	r := decodeOK(t, "id=1&lat=1&lon=2")
	if !r.Time.IsZero() {
		t.Errorf("got Time %v, want zero", r.Time)
	}
}

func TestDecodeQueryUnits(t *testing.T) {
	tests := []struct {
		raw  string
		want Report
	}{
		{"speed=10", Report{RawSpeed: ptr(10.0), SpeedMPH: ptr(11.50779448)}},
		{"speed=-1", Report{}},
		{"heading=-1", Report{}},
		{"bearing=270.5", Report{Heading: ptr(270.5)}},
		{"altitude=-12.5&accuracy=3&hdop=0.9", Report{Altitude: ptr(-12.5), Accuracy: ptr(3.0), HDOP: ptr(0.9)}},
		{"batt=55.5", Report{Battery: ptr(55.5)}},
		{"batt=-1", Report{}},
		{"charge=true", Report{Charging: ptr(true)}},
		{"charge=0", Report{Charging: ptr(false)}},
		{"driverUniqueId=D42", Report{DriverUniqueID: "D42"}},
		{"speed=&altitude=", Report{}}, // empty values count as absent
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got := decodeOK(t, "id=7&"+tt.raw)
			tt.want.DeviceID = "7"
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("report mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeQueryLocation(t *testing.T) {
	tests := []struct {
		raw  string
		want tms.Point
	}{
		{"location=60.0,30.0", pt(60, 30)},
		{"location=-33.9,151.2", pt(-33.9, 151.2)},
		{"location=%2B60.0,30.0", pt(60, 30)},
		{"lat=+60.0&lon=30.0", pt(60, 30)},       // '+' is a space: Java trims it, so do we
		{"lat=1&lon=2&location=60,30", pt(1, 2)}, // lat/lon win
		{"lat=0&lon=0", pt(0, 0)},                // null island is the ingest layer's call
		{"lat=90&lon=-180", pt(90, -180)},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got := decodeOK(t, "id=7&"+tt.raw)
			if !got.HasFix || got.Point != tt.want {
				t.Errorf("got HasFix %v, Point %+v, want true, %+v", got.HasFix, got.Point, tt.want)
			}
		})
	}
}

func TestDecodeQueryDeviceID(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"id=123", "123"},
		{"deviceid=abc", "abc"},
		{"deviceid=abc&id=123", "123"},
		{"id=+x+", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got := decodeOK(t, tt.raw)
			if got.DeviceID != tt.want {
				t.Errorf("got DeviceID %q, want %q", got.DeviceID, tt.want)
			}
		})
	}
}

func TestDecodeQueryAttributes(t *testing.T) {
	got := decodeOK(t, "id=1&ignition=true&door=false&rpm=933&fuel=24.5&neg=-3&big=1e5&name=Truck+7&nan=NaN&hex=0x10&cell=1,2&cell=3,4&wifi=aa,-70&valid=1&cell=&=empty&%00=nul&bad=%FFx%00y")
	want := map[string]any{
		"ignition": true, "door": false, "rpm": int64(933), "fuel": 24.5, "neg": int64(-3), "big": 1e5,
		"name": "Truck 7", "nan": "NaN", "hex": "0x10", "cell": "1,2;3,4", "wifi": "aa,-70", "valid": int64(1),
		"bad": "\uFFFDxy",
	}
	if diff := cmp.Diff(want, got.Attributes); diff != "" {
		t.Errorf("attributes mismatch (-want +got):\n%s", diff)
	}
}

func TestDecodeQueryErrors(t *testing.T) {
	tests := []struct{ raw, param string }{
		{"lat=1&lon=2", "id"},
		{"id=&lat=1&lon=2", "id"},
		{"id=1&lat=NaN&lon=2", "lat"},
		{"id=1&lat=1&lon=Inf", "lon"},
		{"id=1&lat=1&lon=-Infinity", "lon"},
		{"id=1&lat=abc&lon=2", "lat"},
		{"id=1&lat=0x1p-2&lon=2", "lat"},
		{"id=1&lat=1_0&lon=2", "lat"},
		{"id=%00", "id"},
		{"id=%FF%FE", "id"},
		{"id=" + strings.Repeat("9", 101), "id"},
		{"id=1&driverUniqueId=a%0Ab", "driverUniqueId"},
		{"id=1&speed=1e999", "speed"},
		{"id=1&speed=1.7e308", "speed"},
		{"id=1&altitude=-2e9", "altitude"},
		{"id=1&bearing=NaN", "bearing"},
		{"id=1&heading=north", "heading"},
		{"id=1&altitude=Inf", "altitude"},
		{"id=1&accuracy=x", "accuracy"},
		{"id=1&hdop=NaN", "hdop"},
		{"id=1&batt=full", "batt"},
		{"id=1&charge=maybe", "charge"},
		{"id=1&lat=91&lon=2", "lat"},
		{"id=1&lat=-90.5&lon=2", "lat"},
		{"id=1&lat=1&lon=180.01", "lon"},
		{"id=1&lat=1", "lon"},
		{"id=1&lon=1", "lat"},
		{"id=1&location=60.0", "location"},
		{"id=1&location=60.0,NaN", "location"},
		{"id=1&location=95,30", "location"},
		{"id=1&timestamp=yesterday", "timestamp"},
		{"id=1&timestamp=-1", "timestamp"},
		{"id=1&timestamp=99999999999999999", "timestamp"},
		{"id=1&timestamp=99999999999999999999", "timestamp"},
		{"id=1&timestamp=0000-01-01+00:00:00", "timestamp"},
		{"id=1&timestamp=2016-13-27T18:55:47Z", "timestamp"},
		{"id=1&timestamp=2016-01-27+25:00:00", "timestamp"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			r, err := decodeRaw(t, tt.raw, time.UTC)
			if err == nil {
				t.Fatalf("got report %+v, want an error naming %s", r, tt.param)
			}
			checkInvalid(t, err, tt.param)
		})
	}
}
