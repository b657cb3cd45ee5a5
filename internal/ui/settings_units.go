package ui

import (
	"errors"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// Billing keeps every rate and price as an integer of a small unit: diesel in mills ($3.859 is
// 3859), fuel economy in tenths of a mile (6.5 mpg is 65), percentages in basis points (25.00 %
// is 2500). People type the decimal; these read and write it without a float in between.

// parseFixed reads a non-negative decimal with at most places digits after the point as an
// integer of 10^-places units: parseFixed("3.859", 3) = 3859, parseFixed("$6.5", 1) = 65.
func parseFixed(s string, places int) (int64, error) {
	s = strings.NewReplacer(",", "", "$", "", "%", "", " ", "").Replace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(frac) > places || !digits(whole) || !digits(frac) || len(whole) > 12 {
		return 0, errors.New("not a number")
	}
	frac += strings.Repeat("0", places-len(frac))
	return strconv.ParseInt("0"+whole+frac, 10, 64)
}

// fixedText writes an integer of 10^-places units as the decimal an input shows:
// fixedText(3859, 3) = "3.859", fixedText(2500, 2) = "25.00".
func fixedText(n int64, places int) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := strconv.FormatInt(n, 10)
	if places == 0 {
		return sign + s
	}
	if len(s) <= places {
		s = strings.Repeat("0", places-len(s)+1) + s
	}
	return sign + s[:len(s)-places] + "." + s[len(s)-places:]
}

// millsText shows a price in mills as dollars to the mill: 3859 -> "$3.859".
func millsText(m int64) string { return "$" + fixedText(m, 3) }

// tenthsText shows tenths (of a mile, of an mpg) with thousands separators: 12345 -> "1,234.5".
func tenthsText(t int64) string {
	s := fixedText(t, 1)
	whole, frac, _ := strings.Cut(s, ".")
	for i := len(whole) - 3; i > 0 && whole[i-1] != '-'; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return whole + "." + frac
}

// percentText shows basis points as a percentage: 8750 -> "87.50 %".
func percentText(bp int64) string { return fixedText(bp, 2) + " %" }

// fixedField reads a required decimal field into units, or records msg against it.
func fixedField(f Form, name string, places int, msg string, v tms.Validation) int64 {
	n, err := parseFixed(trimmed(f, name), places)
	v.Check(err == nil, name, msg)
	return n
}
