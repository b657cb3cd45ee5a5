package csvio

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// column is one CSV column of a record type T: its header name, how a record's value is
// written and how a cell is read back. set is nil for export-only columns, which an import
// accepts and ignores (ids and load numbers are given by the store).
type column[T any] struct {
	name string
	get  func(*T) string
	set  func(*T, string) error
}

// formulaStart are the first characters that make a spreadsheet run a cell as a formula.
const formulaStart = "=+-@\t\r"

// escapeFormula keeps exported text from running as a spreadsheet formula by prefixing a
// quote; unescapeFormula takes it off again on import, so text round-trips.
func escapeFormula(s string) string {
	if s != "" && strings.ContainsRune(formulaStart, rune(s[0])) {
		return "'" + s
	}
	return s
}

func unescapeFormula(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune(formulaStart, rune(s[1])) {
		return s[1:]
	}
	return s
}

func readOnly[T any](name string, get func(*T) string) column[T] {
	return column[T]{name: name, get: get}
}

func textCol[T any, S ~string](name string, f func(*T) *S) column[T] {
	return column[T]{name,
		func(v *T) string { return escapeFormula(string(*f(v))) },
		func(v *T, s string) error { *f(v) = S(unescapeFormula(s)); return nil }}
}

var errWhole = errors.New("must be a whole number")

func parseInt(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, errWhole
	}
	return n, nil
}

func intCol[T any, N ~int | ~int64](name string, f func(*T) *N) column[T] {
	return column[T]{name,
		func(v *T) string { return strconv.FormatInt(int64(*f(v)), 10) },
		func(v *T, s string) error {
			n, err := parseInt(s)
			*f(v) = N(n)
			return err
		}}
}

// optIntCol reads an optional whole number: an empty cell is nil.
func optIntCol[T any](name string, f func(*T) **int) column[T] {
	return column[T]{name,
		func(v *T) string {
			if p := *f(v); p != nil {
				return strconv.Itoa(*p)
			}
			return ""
		},
		func(v *T, s string) error {
			if s == "" {
				return nil
			}
			n, err := parseInt(s)
			i := int(n)
			*f(v) = &i
			return err
		}}
}

func parseFloat(s string) (float64, error) {
	if s == "" {
		return 0, nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, errors.New("must be a number")
	}
	return x, nil
}

func formatFloat(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func floatCol[T any](name string, f func(*T) *float64) column[T] {
	return column[T]{name,
		func(v *T) string { return formatFloat(*f(v)) },
		func(v *T, s string) error {
			x, err := parseFloat(s)
			*f(v) = x
			return err
		}}
}

// boolCol reads yes/no, true/false, y/n or 1/0; an empty cell is def.
func boolCol[T any](name string, def bool, f func(*T) *bool) column[T] {
	return column[T]{name,
		func(v *T) string { return strconv.FormatBool(*f(v)) },
		func(v *T, s string) error {
			switch strings.ToLower(s) {
			case "":
				*f(v) = def
			case "true", "yes", "y", "1":
				*f(v) = true
			case "false", "no", "n", "0":
				*f(v) = false
			default:
				return errors.New("must be yes or no (true or false)")
			}
			return nil
		}}
}

func dateCol[T any](name string, f func(*T) *tms.Date) column[T] {
	return column[T]{name,
		func(v *T) string { return f(v).String() },
		func(v *T, s string) error {
			if s == "" {
				*f(v) = tms.Date{}
				return nil
			}
			d, err := tms.ParseDate(s)
			if err != nil {
				return errors.New("must be a date like 2026-12-31")
			}
			*f(v) = d
			return nil
		}}
}

// listCol reads a list separated by semicolons or commas. An empty cell leaves the list nil
// (the record's default); none, when set, is the word for an explicitly empty list.
func listCol[T any](name, none string, f func(*T) *[]string) column[T] {
	return column[T]{name,
		func(v *T) string {
			if len(*f(v)) == 0 && *f(v) != nil {
				return none
			}
			return escapeFormula(strings.Join(*f(v), "; "))
		},
		func(v *T, s string) error {
			*f(v) = splitList(unescapeFormula(s), none)
			return nil
		}}
}

func splitList(s, none string) []string {
	if none != "" && strings.EqualFold(s, none) {
		return []string{}
	}
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// addressCols are the six columns of an address, each name prefixed.
func addressCols[T any](prefix string, f func(*T) *tms.Address) []column[T] {
	part := func(name string, p func(*tms.Address) *string) column[T] {
		return textCol(prefix+name, func(v *T) *string { return p(f(v)) })
	}
	return []column[T]{
		part("line1", func(a *tms.Address) *string { return &a.Line1 }),
		part("line2", func(a *tms.Address) *string { return &a.Line2 }),
		part("city", func(a *tms.Address) *string { return &a.City }),
		part("state", func(a *tms.Address) *string { return &a.State }),
		part("zip", func(a *tms.Address) *string { return &a.Zip }),
		part("country", func(a *tms.Address) *string { return &a.Country }),
	}
}
