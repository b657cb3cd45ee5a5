package edi

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/anditms/tms/internal/x12"
)

// Reference is an L11/N9 reference number with its qualifier (BM bill of lading, PO, SI ...).
type Reference struct {
	Qualifier string `json:"qualifier"`
	Value     string `json:"value"`
}

// Party is an N1 loop: who (N1-01: SH shipper, CN consignee, BT bill-to, SF ship-from ...),
// where (N3/N4) and whom to call (G61).
type Party struct {
	Role        string   `json:"role"`
	Name        string   `json:"name"`
	IDQualifier string   `json:"id_qualifier,omitempty"`
	ID          string   `json:"id,omitempty"`
	Address     []string `json:"address,omitempty"`
	City        string   `json:"city,omitempty"`
	State       string   `json:"state,omitempty"`
	Postal      string   `json:"postal,omitempty"`
	Country     string   `json:"country,omitempty"`
	Contact     string   `json:"contact,omitempty"`
	Phone       string   `json:"phone,omitempty"`
}

// segments renders the party as N1/N3/N4.
func (p Party) segments() []x12.Segment {
	out := []x12.Segment{x12.NewSegment("N1", p.Role, p.Name, p.IDQualifier, p.ID)}
	for i := 0; i < len(p.Address); i += 2 {
		line2 := ""
		if i+1 < len(p.Address) {
			line2 = p.Address[i+1]
		}
		out = append(out, x12.NewSegment("N3", p.Address[i], line2))
	}
	if p.City != "" || p.State != "" || p.Postal != "" {
		out = append(out, x12.NewSegment("N4", p.City, p.State, p.Postal, p.Country))
	}
	return out
}

// read fills the party from N3, N4 or G61; false for other segments.
func (p *Party) read(seg x12.Segment) bool {
	switch seg.ID() {
	case "N3":
		for _, line := range []string{seg.Get(1), seg.Get(2)} {
			if line != "" {
				p.Address = append(p.Address, line)
			}
		}
	case "N4":
		p.City, p.State, p.Postal, p.Country = seg.Get(1), seg.Get(2), seg.Get(3), seg.Get(4)
	case "G61":
		p.Contact, p.Phone = seg.Get(2), seg.Get(4)
	default:
		return false
	}
	return true
}

func partyFrom(seg x12.Segment) Party {
	return Party{Role: seg.Get(1), Name: seg.Get(2), IDQualifier: seg.Get(3), ID: seg.Get(4)}
}

// DateTime is a G62/AT7 date and time as sent: local to the place it names unless Code says.
type DateTime struct {
	Qualifier string `json:"qualifier,omitempty"` // G62-01: 69 scheduled pickup, 68/70 delivery ...
	Date      string `json:"date"`                // CCYYMMDD (or YYMMDD from older partners)
	Time      string `json:"time,omitempty"`      // HHMM
	Code      string `json:"code,omitempty"`      // LT local, ET/CT/MT/PT, UT ...
}

// In resolves the date and time in loc (the facility's zone) unless the code names UTC.
func (d DateTime) In(loc *time.Location) (time.Time, error) {
	date := d.Date
	if len(date) == 6 {
		date = "20" + date
	}
	clock := d.Time
	if len(clock) > 4 {
		clock = clock[:4]
	}
	if clock == "" {
		clock = "0000"
	}
	if d.Code == "UT" || d.Code == "GM" {
		loc = time.UTC
	}
	t, err := time.ParseInLocation("200601021504", date+clock, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q time %q: %w", d.Date, d.Time, err)
	}
	return t, nil
}

// timeCodes are the X12 time codes for the US zone abbreviations Go reports.
var timeCodes = map[string]string{
	"EST": "ES", "EDT": "ED", "CST": "CS", "CDT": "CD", "MST": "MS", "MDT": "MD",
	"PST": "PS", "PDT": "PD", "AKST": "AS", "AKDT": "AD", "HST": "HS", "UTC": "UT",
}

// dateTimeIn renders t in loc as CCYYMMDD, HHMM and the time code of that zone (LT when
// the zone has no X12 code).
func dateTimeIn(t time.Time, loc *time.Location) DateTime {
	local := t.In(loc)
	abbr, _ := local.Zone()
	code, ok := timeCodes[abbr]
	if !ok {
		code = "LT"
	}
	return DateTime{Date: local.Format("20060102"), Time: local.Format("1504"), Code: code}
}

// parseCents reads an N2 amount (implied two decimals: 208360 is $2,083.60); a value with a
// decimal point is read as dollars, as some partners send it.
func parseCents(v string) (int64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	if strings.Contains(v, ".") {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.Abs(f) > 1e12 {
			return 0, fmt.Errorf("amount %q is not a number", v)
		}
		return int64(math.Round(f * 100)), nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("amount %q is not a number", v)
	}
	return n, nil
}

// formatCents writes cents as N2 (implied decimals).
func formatCents(c int64) string {
	return strconv.FormatInt(c, 10)
}

// parsePounds reads a weight with its unit (L pounds, K kilograms) as whole pounds.
func parsePounds(v, unit string) int {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 0 || f > 1e7 || math.IsNaN(f) {
		return 0
	}
	if unit == "K" || unit == "KG" {
		f *= 2.20462
	}
	return int(math.Round(f))
}

// parseCount reads a whole count, 0 when absent or malformed.
func parseCount(v string) int {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 0 || f > 1e7 || math.IsNaN(f) {
		return 0
	}
	return int(math.Round(f))
}
