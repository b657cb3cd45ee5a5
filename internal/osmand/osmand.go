// Package osmand decodes the OsmAnd / Traccar Client HTTP position protocol the way Traccar's
// server does: a query (or form body) of id, lat, lon, timestamp, speed ... or, from Traccar
// Client 9 on, a JSON body. It is pure: no store, no clock, no device lookup. The HTTP layer
// turns a returned *tms.Error (always CodeInvalid) into 400 and decides what to do with a
// report that has no fix.
package osmand

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Form says which wire form a report arrived in.
type Form int

// The two wire forms.
const (
	FormQuery Form = iota // URL query and/or application/x-www-form-urlencoded body
	FormJSON              // Traccar Client 9+ JSON body
)

func (f Form) String() string {
	if f == FormJSON {
		return "json"
	}
	return "query"
}

// Report is one decoded position report, units normalised.
type Report struct {
	DeviceID string    // from id | deviceid (query/form) or device_id (JSON)
	Time     time.Time // UTC; zero if the request carried none (caller uses receive time)
	Point    tms.Point // Valid() false if no location given
	HasFix   bool      // a location was present (0,0 included: the ingest layer judges it)
	// RawSpeed is the speed exactly as sent: in the device's unit on the query form (knots
	// unless the device is configured otherwise), m/s on the JSON form. Nil when absent or
	// negative.
	RawSpeed       *float64
	SpeedMPH       *float64 // nil when absent or negative
	Heading        *float64 // degrees, nil when absent or negative
	Altitude       *float64 // meters
	Accuracy       *float64 // meters
	HDOP           *float64
	Battery        *float64 // percent 0..100
	Charging       *bool
	DriverUniqueID string
	// Attributes holds every other key: float64, int64 (integral literals), bool or string.
	Attributes map[string]any
	Form       Form
}

// ApplySpeedUnit recomputes SpeedMPH from RawSpeed for a device configured to send speed in u.
// It only changes query-form reports: the JSON form always carries m/s.
func (r *Report) ApplySpeedUnit(u SpeedUnit) {
	if r.Form != FormQuery || r.RawSpeed == nil {
		return
	}
	mph := u.ToMPH(*r.RawSpeed)
	r.SpeedMPH = &mph
}

// Decode reads one request: any HTTP method; parameters in the URL query and/or an
// application/x-www-form-urlencoded body; or a JSON body (Content-Type application/json, or a
// body starting with '{'). A body of another type is read as a form only when the URL carries
// no parameters, as Traccar does. loc is the zone of "yyyy-MM-dd HH:mm:ss" timestamps (nil
// means UTC). maxBody bounds the body read. Errors are *tms.Error with CodeInvalid.
func Decode(r *http.Request, loc *time.Location, maxBody int64) (Report, error) {
	body, err := readBody(r, maxBody)
	if err != nil {
		return Report{}, err
	}
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType == "application/json" || bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
		return DecodeJSON(body)
	}
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return Report{}, invalid("query", "malformed query string: %v", err)
	}
	if len(body) > 0 && (len(v) == 0 || mediaType == "application/x-www-form-urlencoded") {
		if err := mergeForm(v, body); err != nil {
			return Report{}, err
		}
	}
	return DecodeQuery(v, loc)
}

// readBody reads at most maxBody bytes of the request body and fails when there is more.
func readBody(r *http.Request, maxBody int64) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 { // 0: the server saw no body (chunked is -1)
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, &tms.Error{Code: tms.CodeInvalid, Message: "body: reading the request body failed", Err: err}
	}
	if int64(len(body)) > maxBody {
		return nil, invalid("body", "request body is larger than %d bytes", maxBody)
	}
	return body, nil
}

// mergeForm adds the parameters of a urlencoded body to v, after those of the URL.
func mergeForm(v url.Values, body []byte) error {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return invalid("body", "malformed form body: %v", err)
	}
	for k, vals := range form {
		v[k] = append(v[k], vals...)
	}
	return nil
}

// invalid builds the CodeInvalid error every decoding failure returns; the message starts
// with the parameter it is about.
func invalid(param, format string, args ...any) *tms.Error {
	return tms.Errorf(tms.CodeInvalid, "%s: %s", param, fmt.Sprintf(format, args...))
}

// quote shows a user-sent value in an error message, cut short so a message stays readable.
func quote(s string) string {
	const max = 40
	if len(s) > max {
		s = s[:max] + "..."
	}
	return fmt.Sprintf("%q", s)
}
