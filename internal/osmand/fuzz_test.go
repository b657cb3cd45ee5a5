package osmand

import (
	"bytes"
	"encoding/json"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/anditms/tms/internal/tms"
)

// FuzzDecodeQuery: any query string either decodes to a sane report or is refused with
// CodeInvalid; it never panics.
func FuzzDecodeQuery(f *testing.F) {
	for _, q := range readQueryRequests(f) {
		_, raw, _ := strings.Cut(q.target, "?")
		f.Add(raw)
	}
	f.Add("id=1&location=1,2&timestamp=2014-06-04+09:10:11&batt=-1&charge=1&speed=-1")
	f.Add("id=1&lat=NaN&lon=1e999&timestamp=2147483647")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		r, err := DecodeQuery(v, time.UTC)
		checkDecoded(t, r, err)
	})
}

// FuzzDecodeJSON: any body either decodes to a sane report or is refused with CodeInvalid.
func FuzzDecodeJSON(f *testing.F) {
	for _, name := range sharedJSONFiles {
		f.Add(readShared(f, "osmand", name))
	}
	f.Add([]byte(`{"device_id":1,"location":{"timestamp":1442068686579,"coords":{"latitude":-90,"longitude":180,"speed":-1}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := DecodeJSON(body)
		checkDecoded(t, r, err)
	})
}

// FuzzReadTrace: any CSV either reads to points on the globe or fails with CodeInvalid.
func FuzzReadTrace(f *testing.F) {
	f.Add(readShared(f, "gps", "atri_like_truck_trace.csv")[:600])
	f.Add([]byte("readdate,speed,y,x,PingID\n12/31/2016 23:59:30,0.5,30,-97,9\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		points, err := ReadTrace(bytes.NewReader(data), time.UTC)
		if err != nil {
			checkCode(t, err)
			return
		}
		for _, p := range points {
			checkPoint(t, p.Point)
			if p.Time.Location() != time.UTC || !finite(p.SpeedMPH) || p.SpeedMPH < 0 {
				t.Errorf("got time %v, speed %v, want UTC and a finite speed >= 0", p.Time, p.SpeedMPH)
			}
			if p.Heading != nil && (*p.Heading < 0 || *p.Heading > 360) {
				t.Errorf("got heading %v, want 0..360", *p.Heading)
			}
		}
	})
}

// checkDecoded holds the invariants of every Decode result.
func checkDecoded(t *testing.T, r Report, err error) {
	t.Helper()
	if err != nil {
		checkCode(t, err)
		return
	}
	if r.DeviceID == "" {
		t.Error("got an empty DeviceID on success")
	}
	if r.HasFix {
		checkPoint(t, r.Point)
	} else if r.Point != (tms.Point{}) {
		t.Errorf("got Point %+v without a fix, want zero", r.Point)
	}
	if !r.Time.IsZero() && (r.Time.Location() != time.UTC || r.Time.Before(minTime) || !r.Time.Before(maxTime)) {
		t.Errorf("got Time %v, want zero or a UTC time in 1970..9999", r.Time)
	}
	for name, p := range map[string]*float64{"RawSpeed": r.RawSpeed, "SpeedMPH": r.SpeedMPH, "Heading": r.Heading, "Battery": r.Battery} {
		if p != nil && (!finite(*p) || *p < 0) {
			t.Errorf("got %s %v, want nil or finite >= 0", name, *p)
		}
	}
	for _, s := range []string{r.DeviceID, r.DriverUniqueID} {
		if len(s) > maxIDLength || !storable(s) {
			t.Errorf("got id %q, want storable text of at most %d bytes", s, maxIDLength)
		}
	}
	for k, v := range r.Attributes {
		if k == "" || !storable(k) {
			t.Errorf("got attribute key %q, want non-empty storable text", k)
		}
		switch v := v.(type) {
		case int64, bool:
		case string:
			if !storable(v) {
				t.Errorf("got attribute %q = %q, want storable text", k, v)
			}
		case float64:
			if !finite(v) {
				t.Errorf("got attribute %q = %v, want a finite number", k, v)
			}
		default:
			t.Errorf("got attribute %q of type %T, want float64, int64, bool or string", k, v)
		}
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("json.Marshal(report): %v", err)
	}
}

func checkCode(t *testing.T, err error) {
	t.Helper()
	if code := tms.ErrorCode(err); code != tms.CodeInvalid {
		t.Errorf("got error %v with code %q, want %q", err, code, tms.CodeInvalid)
	}
}

func checkPoint(t *testing.T, p tms.Point) {
	t.Helper()
	if !(p.Lat >= -90 && p.Lat <= 90 && p.Lon >= -180 && p.Lon <= 180) {
		t.Errorf("got Point %+v, want it on the globe", p)
	}
}

// storable: valid UTF-8 without NUL, what PostgreSQL text and jsonb accept.
func storable(s string) bool { return utf8.ValidString(s) && !strings.Contains(s, "\x00") }

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
