package eia

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Price is the U.S. average retail price of diesel in one week.
type Price struct {
	Week  tms.Date // the Monday EIA surveyed
	Mills int64    // dollars per gallon in tenths of a cent: $3.876 is 3876
}

// Fetcher gets weekly diesel prices from somewhere (the EIA API, a fake in tests).
// Background jobs that refresh the fuel-surcharge index call it.
type Fetcher interface {
	// WeeklyDiesel returns the price of every week on or after since (all history when since
	// is zero), oldest first, each week once. An empty list means EIA has no week that recent
	// yet. Errors are outside failures (network, HTTP status, a malformed answer), never
	// tms.CodeInvalid.
	WeeklyDiesel(ctx context.Context, since tms.Date) ([]Price, error)
}

// maxIntDigits bounds the dollars part of a price so mills cannot overflow int64; no fuel
// costs a million dollars a gallon.
const maxIntDigits = 6

// parseMills reads a price in dollars ("3.876", "4", "3.8765") as mills, rounding half up
// past the third decimal. It takes only plain positive decimals: no sign, exponent, thousands
// separator or currency symbol, and a price that rounds to zero is refused.
func parseMills(s string) (int64, error) {
	whole, frac, hasPoint := strings.Cut(s, ".")
	if whole == "" || (hasPoint && frac == "") || !allDigits(whole) || !allDigits(frac) {
		return 0, fmt.Errorf("%q is not a price in dollars like 3.876", s)
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > maxIntDigits {
		return 0, fmt.Errorf("%q is too large for a price per gallon", s)
	}
	var mills int64
	for _, c := range whole + (frac + "000")[:3] {
		mills = mills*10 + int64(c-'0')
	}
	if len(frac) > 3 && frac[3] >= '5' {
		mills++
	}
	if mills == 0 {
		return 0, fmt.Errorf("%q is not a positive price", s)
	}
	return mills, nil
}

func allDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// seriesStart bounds the weeks accepted: EIA's weekly diesel survey began in March 1994, so
// an earlier date is a typo or another series.
var seriesStart = time.Date(1994, time.January, 1, 0, 0, 0, 0, time.UTC)

// checkWeek refuses a week before the series began.
func checkWeek(d tms.Date) error {
	if d.Time().Before(seriesStart) {
		return fmt.Errorf("week %s is before the series began (%s)", d.Time().Format(time.DateOnly), seriesStart.Format(time.DateOnly))
	}
	return nil
}

// sourced is a parsed price and where it came from ("row 3", "line 7"), for error messages.
type sourced struct {
	Price
	where string
}

// ordered sorts prices by week, oldest first, and refuses a week given twice.
func ordered(in []sourced) ([]Price, error) {
	slices.SortStableFunc(in, func(a, b sourced) int { return a.Week.Time().Compare(b.Week.Time()) })
	out := make([]Price, len(in))
	for i, p := range in {
		if i > 0 && p.Week.Equal(in[i-1].Week) {
			return nil, fmt.Errorf("week %s is given twice (%s and %s)", p.Week, in[i-1].where, p.where)
		}
		out[i] = p.Price
	}
	return out, nil
}
