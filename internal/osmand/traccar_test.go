package osmand

import (
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/anditms/tms/internal/tms"
)

// TestTraccarQueryRequests replays every request of Traccar's decoder test with its
// expectation: position decodes a fix, no-position is refused, any is accepted.
func TestTraccarQueryRequests(t *testing.T) {
	for _, q := range readQueryRequests(t) {
		t.Run(q.expect+"/line"+itoa(q.line), func(t *testing.T) {
			r, err := Decode(httptest.NewRequest(http.MethodGet, q.target, nil), time.UTC, 1<<20)
			switch q.expect {
			case "position":
				if err != nil {
					t.Fatalf("got error %v, want a position", err)
				}
				if !r.HasFix || !r.Point.Valid() {
					t.Errorf("got HasFix %v, Point %+v, want a valid fix", r.HasFix, r.Point)
				}
			case "no-position":
				if err == nil {
					t.Fatalf("got report %+v, want an error", r)
				}
				checkInvalid(t, err, "id")
			case "any":
				if err != nil {
					t.Fatalf("got error %v, want the request accepted", err)
				}
			default:
				t.Fatalf("got expectation %q, want position, no-position or any", q.expect)
			}
		})
	}
}

// TestTraccarQueryValues checks the decoded values of the shared query requests.
func TestTraccarQueryValues(t *testing.T) {
	chicago := mustLoad(t, "America/Chicago")
	reqs := readQueryRequests(t)
	tests := []struct {
		contains string // picks the request
		loc      *time.Location
		want     Report
	}{
		{"cell=257", time.UTC, Report{DeviceID: "123456", Time: time.Unix(1377177267, 0).UTC(),
			Attributes: map[string]any{"cell": "257,02,16,2224;257,02,16,2223,-90", "wifi": "00-14-22-01-23-45,-80;00-1C-B3-09-85-15,-70"}}},
		{"2016-01-27T18", time.UTC, Report{DeviceID: "902064", Time: time.Date(2016, 1, 27, 18, 55, 47, 0, time.UTC),
			Point: pt(42.06288, -88.23412), HasFix: true, RawSpeed: ptr(0.0), SpeedMPH: ptr(0.0), Altitude: ptr(224.0), HDOP: ptr(6.0)}},
		{"1442068686579", time.UTC, Report{DeviceID: "902064", Time: time.UnixMilli(1442068686579).UTC(),
			Point: pt(42.06288, -88.23412), HasFix: true, RawSpeed: ptr(0.0), SpeedMPH: ptr(0.0), Altitude: ptr(224.0), HDOP: ptr(6.0)}},
		{"2014-06-04+09", chicago, Report{DeviceID: "353861053849681", Time: time.Date(2014, 6, 4, 14, 10, 11, 0, time.UTC),
			Point: pt(49.60688, 6.15788), HasFix: true, RawSpeed: ptr(0.0), SpeedMPH: ptr(0.0), Altitude: ptr(384.7)}},
		{"vacc=0", time.UTC, Report{DeviceID: "123456", Point: pt(60, 30), HasFix: true, RawSpeed: ptr(0.0), SpeedMPH: ptr(0.0),
			Heading: ptr(0.0), Altitude: ptr(0.0), Attributes: map[string]any{"vacc": int64(0), "hacc": int64(0)}}},
		{"batt=87", time.UTC, Report{DeviceID: "861001000719969", Point: pt(41.666667, -0.883333), HasFix: true,
			RawSpeed: ptr(0.0), SpeedMPH: ptr(0.0), Altitude: ptr(350.059479), Battery: ptr(87.0)}},
		{"location=60.0,30.0", time.UTC, Report{DeviceID: "123456", Time: time.Unix(1377177267, 0).UTC(), Point: pt(60, 30), HasFix: true}},
		{"ignition=true", time.UTC, Report{DeviceID: "123456789012345", Time: time.Unix(1504763810, 0).UTC(),
			Point: pt(40.7232948571, -74.0061408571), HasFix: true, RawSpeed: ptr(40.0), SpeedMPH: ptr(40 * 1852 / 1609.344),
			Heading: ptr(7.19889788244), Attributes: map[string]any{"ignition": true, "rpm": int64(933), "fuel": int64(24)}}},
	}
	for _, tt := range tests {
		t.Run(tt.contains, func(t *testing.T) {
			target := findRequest(t, reqs, tt.contains)
			got, err := Decode(httptest.NewRequest(http.MethodGet, target, nil), tt.loc, 1<<20)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("report mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTraccarJSONBodies decodes each shared Traccar Client body as it is posted.
func TestTraccarJSONBodies(t *testing.T) {
	still := func(extra map[string]any) map[string]any {
		m := map[string]any{"event": "motionchange", "motion": false, "odometer": int64(0), "activity": "still"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	androidFix := Report{DeviceID: "48241179", Time: time.Date(2025, 6, 15, 13, 45, 12, 862e6, time.UTC),
		Point: pt(37.4219983, -122.084), HasFix: true, RawSpeed: ptr(0.0), SpeedMPH: ptr(0.0),
		Altitude: ptr(5.0), Accuracy: ptr(5.0), Battery: ptr(100.0), Charging: ptr(false), Attributes: still(nil), Form: FormJSON}
	withExtras := androidFix
	withExtras.Attributes = still(map[string]any{
		"device_string_test": "long_device_id", "device_bool_test": true, "device_bool_false_test": false,
		"device_integer_test": int64(1), "device_integer_twelve_test": int64(12),
		"device_double_test": 1.345, "device_very_long_double_test": 1763636.3442,
	})
	tests := []struct {
		file    string
		want    Report
		wantMPH float64 // checked to 0.01
	}{
		{"json_1.json", androidFix, 0}, // heading -1 ignored
		{"json_2.json", withExtras, 0},
		{"json_3.json", Report{DeviceID: "658765", Time: time.Date(2025, 5, 9, 4, 11, 30, 579e6, time.UTC),
			Point: pt(37.785834000000001, -122.406417), HasFix: true, Altitude: ptr(0.0), Accuracy: ptr(5.0),
			Charging: ptr(false), Form: FormJSON, // speed, heading and battery -1 ignored
			Attributes: map[string]any{"event": "motionchange", "motion": false, "odometer": int64(0), "mock": true, "activity": "unknown"}}, -1},
		{"json_4.json", Report{DeviceID: "8737767034", Time: time.Date(2021, 7, 21, 8, 6, 34, 444e6, time.UTC),
			Point: pt(-6.1148096, 106.6837015), HasFix: true, RawSpeed: ptr(18.67), SpeedMPH: ptr(18.67 * 3600 / 1609.344),
			Heading: ptr(63.0), Altitude: ptr(35.7), Accuracy: ptr(3.8), Battery: ptr(79.0), Charging: ptr(false),
			Attributes: still(nil), Form: FormJSON}, 41.76},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body := string(readShared(t, "osmand", tt.file))
			req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			got, err := Decode(req, time.UTC, 1<<20)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("report mismatch (-want +got):\n%s", diff)
			}
			if tt.wantMPH >= 0 && (got.SpeedMPH == nil || math.Abs(*got.SpeedMPH-tt.wantMPH) > 0.01) {
				t.Errorf("got SpeedMPH %v, want %.2f", deref(got.SpeedMPH), tt.wantMPH)
			}
		})
	}
}

func findRequest(t *testing.T, reqs []queryRequest, contains string) string {
	t.Helper()
	for _, q := range reqs {
		if strings.Contains(q.target, contains) {
			return q.target
		}
	}
	t.Fatalf("no shared request contains %q", contains)
	return ""
}

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// approx forgives float rounding in conversions (1e-9 relative).
var approx = cmpopts.EquateApprox(1e-9, 0)

func pt(lat, lon float64) tms.Point { return tms.Point{Lat: lat, Lon: lon} }

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func itoa(n int) string { return strconv.Itoa(n) }
