package osmand

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxMagnitude bounds the protocol's own numbers: no real speed, altitude or accuracy comes
// near it, and below it every unit conversion stays finite.
const maxMagnitude = 1e9

// parseNumber reads a decimal number the way Traccar's Double.parseDouble does for the
// protocol's own parameters, but only finite values in plain decimal notation pass.
func parseNumber(param, s string) (float64, error) {
	f, ok := decimal(strings.TrimSpace(s))
	if !ok {
		return 0, invalid(param, "%s is not a finite decimal number", quote(s))
	}
	if err := checkMagnitude(param, &f); err != nil {
		return 0, err
	}
	return f, nil
}

// checkMagnitude refuses a number beyond ±maxMagnitude; nil passes.
func checkMagnitude(param string, f *float64) error {
	if f != nil && math.Abs(*f) > maxMagnitude {
		return invalid(param, "%v is out of range", *f)
	}
	return nil
}

// decimal parses s when it is written with digits, sign, point and exponent only (so no NaN,
// Inf, hex or underscores) and its value is finite.
func decimal(s string) (float64, bool) {
	if s == "" || strings.Trim(s, "0123456789+-.eE") != "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// attributeValue types a free-form value: int64 for an integer literal, float64 for another
// finite decimal, bool for true/false, else the string itself.
func attributeValue(s string) any {
	t := strings.TrimSpace(s)
	if n, err := strconv.ParseInt(t, 10, 64); err == nil {
		return n
	}
	if f, ok := decimal(t); ok {
		return f
	}
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	return s
}

// Layouts of the ISO-8601 timestamps accepted (fractional seconds are accepted by each).
var isoLayouts = []string{
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05Z07",
	"2006-01-02T15:04:05", // no zone: read in loc
}

// Times outside [minTime, maxTime) are refused: they are no device's clock and could not be
// stored or written as RFC 3339.
var (
	minTime = time.Unix(0, 0).UTC()
	maxTime = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
)

// parseTimestamp reads the protocol's timestamp: an integer below 2147483647 is Unix seconds,
// a larger one milliseconds; a string with 'T' is ISO-8601; else "yyyy-MM-dd HH:mm:ss" in loc.
func parseTimestamp(param, s string, loc *time.Location) (time.Time, error) {
	t, ok := timestamp(s, loc)
	if !ok {
		return time.Time{}, invalid(param, "%s is not Unix seconds or milliseconds, ISO-8601 or yyyy-MM-dd HH:mm:ss", quote(s))
	}
	if t.Before(minTime) || !t.Before(maxTime) {
		return time.Time{}, invalid(param, "%s is outside the years 1970 to 9999", quote(s))
	}
	return t.UTC(), nil
}

func timestamp(s string, loc *time.Location) (time.Time, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n < math.MaxInt32 {
			return time.Unix(n, 0), true
		}
		return time.UnixMilli(n), true
	}
	layouts := []string{"2006-01-02 15:04:05"}
	if strings.Contains(s, "T") {
		layouts = isoLayouts
	}
	for _, layout := range layouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// checkLatLon refuses coordinates off the globe; 0,0 and other business rules are the
// ingest layer's to judge.
func checkLatLon(latParam, lonParam string, lat, lon float64) error {
	if lat < -90 || lat > 90 {
		return invalid(latParam, "latitude %v is outside -90..90", lat)
	}
	if lon < -180 || lon > 180 {
		return invalid(lonParam, "longitude %v is outside -180..180", lon)
	}
	return nil
}

// maxIDLength bounds a device or driver id; real ones are IMEIs, serials or short names.
const maxIDLength = 100

// checkID refuses an id a store could not take as text: too long, not UTF-8, or with
// control characters (PostgreSQL refuses invalid UTF-8 and NUL).
func checkID(param, id string) error {
	if len(id) > maxIDLength {
		return invalid(param, "%s is longer than %d bytes", quote(id), maxIDLength)
	}
	if !utf8.ValidString(id) || strings.ContainsFunc(id, unicode.IsControl) {
		return invalid(param, "%s is not UTF-8 text without control characters", quote(id))
	}
	return nil
}

// cleanText makes a free-form string storable: invalid UTF-8 becomes U+FFFD, NUL goes.
func cleanText(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// nonNegative returns &v, or nil for the negative values devices send for "unknown".
func nonNegative(v float64) *float64 {
	if v < 0 {
		return nil
	}
	return &v
}
