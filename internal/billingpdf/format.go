package billingpdf

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/anditms/tms/internal/tms"
)

// addressLines formats an address on up to four lines, leaving out the empty ones.
func addressLines(a tms.Address) []string {
	city := joinNonEmpty(", ", a.City, joinNonEmpty(" ", a.State, a.Zip))
	var lines []string
	for _, l := range []string{a.Line1, a.Line2, city, a.Country} {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// emptyAddress reports whether no part of the address is set.
func emptyAddress(a tms.Address) bool { return len(addressLines(a)) == 0 }

// cityState formats "Dallas, TX".
func cityState(a tms.Address) string { return joinNonEmpty(", ", a.City, a.State) }

// joinNonEmpty joins the parts that are not blank.
func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// labelled returns "label value", or "" when value is blank.
func labelled(label, value string) string {
	if strings.TrimSpace(value) == "" {
		return ""
	}
	return label + " " + value
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// humanize turns a code such as "fuel_surcharge" into "Fuel surcharge".
func humanize(code string) string {
	s := strings.ReplaceAll(strings.TrimSpace(code), "_", " ")
	if s == "" {
		return ""
	}
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// thousands formats 42000 as "42,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// terms describes payment terms: "Net 30", or "Due on receipt" for 0 days.
func terms(days int) string {
	if days <= 0 {
		return "Due on receipt"
	}
	return fmt.Sprintf("Net %d", days)
}

// zone is a facility's time zone, UTC when it is blank or does not load.
func zone(f tms.Facility) *time.Location { return f.Location() }

// window formats an appointment in loc: "Mon 2026-12-07 08:00-10:00 CST", with the end's
// date when it falls on another day; "" when there is no appointment.
func window(start, end time.Time, loc *time.Location) string {
	if start.IsZero() {
		return ""
	}
	s := start.In(loc)
	out := s.Format("Mon 2006-01-02 15:04")
	switch {
	case end.IsZero() || end.Equal(start):
	case sameDay(s, end.In(loc)):
		out += "-" + end.In(loc).Format("15:04")
	default:
		out += " - " + end.In(loc).Format("Mon 2006-01-02 15:04")
	}
	return out + " " + s.Format("MST")
}

// moment formats an actual arrival or departure in loc, "-" when it is not known.
func moment(t *time.Time, loc *time.Location) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return t.In(loc).Format("2006-01-02 15:04 MST")
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
