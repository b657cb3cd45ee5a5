package ui

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// displayFuncs format domain values for people; pages never show a raw enum or a UTC time
// where a facility's local time is meant.
var displayFuncs = template.FuncMap{
	"label":         label,
	"duration":      duration,
	"ago":           ago,
	"toJSON":        toJSON,
	"dict":          dict,
	"inc":           func(i int) int { return i + 1 },
	"lower":         strings.ToLower,
	"controlTags":   controlTags,
	"problemTags":   problemTags,
	"overrideTags":  overrideTags,
	"badgeTags":     badgeTags,
	"todayRows":     todayRows,
	"inTransitRows": inTransitRows,
	"lateRiskRows":  lateRiskRows,
}

// label turns an enum value ("in_transit", "rate_confirmation") into words ("In transit").
func label(v any) string {
	raw := fmt.Sprint(v)
	if a, ok := acronyms[raw]; ok {
		return a
	}
	s := strings.ReplaceAll(raw, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// acronyms are the enum values people write in capitals.
var acronyms = map[string]string{"bol": "BOL", "pod": "POD", "po": "PO", "cdl": "CDL", "tonu": "TONU",
	"gps": "GPS", "api": "API", "edi": "EDI", "ach": "ACH"}

// localTime shows t in the zone named tz (an IANA name) with the zone's abbreviation:
// "Mon Mar 16 08:00 CDT". A zero time is "—".
func localTime(t time.Time, tz string) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(zone(tz)).Format("Mon Jan 2 15:04 MST")
}

// zone loads an IANA zone, UTC when the name is unknown.
func zone(tz string) *time.Location { return tms.Zone(tz) }

// zoneAbbrev is the zone's abbreviation at t ("CDT").
func zoneAbbrev(tz string, t time.Time) string {
	name, _ := t.In(zone(tz)).Zone()
	return name
}

// duration shows a span in hours and minutes: "1 h 05 min", "40 min".
func duration(d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	m := int(math.Round(d.Minutes()))
	if m < 60 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}

// ago shows how long ago t was: "just now", "12 min ago", "3 h ago", "2 days ago".
func ago(t time.Time) string {
	d := time.Since(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}

// dollars writes cents as an input value: 123456 -> "1234.56".
func dollars(c tms.Cents) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// toJSON encodes v for a data- attribute read by our scripts.
func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// dict builds a map from key, value pairs, to pass several values to a template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict needs key, value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// coord writes a latitude or longitude for a URL.
func coord(f float64) string { return fmt.Sprintf("%.6f", f) }

func itoa(i int) string { return fmt.Sprint(i) }
