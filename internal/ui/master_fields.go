package ui

import (
	"errors"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// fieldSpec is one input of a master-data form: how it shows and how it reads a record's
// field and writes it back. set returns a message for a value that is not even the right
// kind (a word in a number field); the record's Validate judges the rest.
type fieldSpec[T any] struct {
	ctl Control
	get func(*T) string
	set func(*T, string) error
}

func spec[T any](name, label, typ string, get func(*T) string, set func(*T, string) error) fieldSpec[T] {
	return fieldSpec[T]{ctl: control("f-", name, label, typ), get: get, set: set}
}

func (s fieldSpec[T]) req() fieldSpec[T] { s.ctl.Required = true; return s }

func (s fieldSpec[T]) hint(h string) fieldSpec[T] { s.ctl.Hint = h; return s }

func (s fieldSpec[T]) as(typ string) fieldSpec[T] { s.ctl.Type = typ; return s }

func (s fieldSpec[T]) step(step string) fieldSpec[T] { s.ctl.Step = step; return s }

var errNotNumber = errors.New("must be a number")

func textField[T any](name, label string, at func(*T) *string) fieldSpec[T] {
	return spec(name, label, "text", func(v *T) string { return *at(v) },
		func(v *T, s string) error { *at(v) = s; return nil })
}

func intField[T any](name, label string, at func(*T) *int) fieldSpec[T] {
	return spec(name, label, "number", func(v *T) string { return strconv.Itoa(*at(v)) }, func(v *T, s string) error {
		n, err := parseWhole(s)
		*at(v) = int(n)
		return err
	}).step("1")
}

func int64Field[T any](name, label string, at func(*T) *int64) fieldSpec[T] {
	return spec(name, label, "number", func(v *T) string { return strconv.FormatInt(*at(v), 10) }, func(v *T, s string) error {
		n, err := parseWhole(s)
		*at(v) = n
		return err
	}).step("1")
}

func parseWhole(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
	if err != nil {
		return 0, errors.New("must be a whole number")
	}
	return n, nil
}

func floatField[T any](name, label string, at func(*T) *float64) fieldSpec[T] {
	show := func(v *T) string {
		if *at(v) == 0 {
			return "" // unset: a position of exactly 0 is never meant
		}
		return strconv.FormatFloat(*at(v), 'f', -1, 64)
	}
	return spec(name, label, "number", show, func(v *T, s string) error {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil && s != "" {
			return errNotNumber
		}
		*at(v) = f
		return nil
	}).step("any")
}

func moneyField[T any](name, label string, at func(*T) *tms.Cents) fieldSpec[T] {
	return spec(name, label, "text", func(v *T) string { return dollars(*at(v)) }, func(v *T, s string) error {
		if s == "" {
			*at(v) = 0
			return nil
		}
		c, err := parseCents(s)
		*at(v) = c
		if err != nil {
			return errors.New("must be an amount such as 25000.00")
		}
		return nil
	})
}

func dateField[T any](name, label string, at func(*T) *tms.Date) fieldSpec[T] {
	return spec(name, label, "date", func(v *T) string { return at(v).String() }, func(v *T, s string) error {
		if s == "" {
			*at(v) = tms.Date{}
			return nil
		}
		d, err := tms.ParseDate(s)
		*at(v) = d
		if err != nil {
			return errors.New("must be a date")
		}
		return nil
	})
}

func checkField[T any](name, label string, at func(*T) *bool) fieldSpec[T] {
	return spec(name, label, "checkbox", func(v *T) string {
		if *at(v) {
			return "on"
		}
		return ""
	}, func(v *T, s string) error { *at(v) = s == "on"; return nil })
}

func choiceField[T any, E ~string](name, label string, values []E, at func(*T) *E) fieldSpec[T] {
	s := spec(name, label, "", func(v *T) string { return string(*at(v)) },
		func(v *T, s string) error { *at(v) = E(s); return nil })
	s.ctl = s.ctl.choose("", stringOptions(values))
	return s
}

// listField edits a list of words as one comma-separated input.
func listField[T any](name, label string, at func(*T) *[]string) fieldSpec[T] {
	return spec(name, label, "text", func(v *T) string { return strings.Join(*at(v), ", ") }, func(v *T, s string) error {
		out := []string{}
		for _, part := range strings.Split(s, ",") {
			if p := strings.ToLower(strings.TrimSpace(part)); p != "" {
				out = append(out, p)
			}
		}
		*at(v) = out
		return nil
	})
}

// refField chooses another record (a device's truck) by id; empty is none.
func refField[T any](name, label, blank string, opts []option, at func(*T) **int64) fieldSpec[T] {
	s := spec(name, label, "", func(v *T) string {
		if p := *at(v); p != nil {
			return strconv.FormatInt(*p, 10)
		}
		return ""
	}, func(v *T, s string) error {
		if s == "" {
			*at(v) = nil
			return nil
		}
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return errors.New("is not a valid choice")
		}
		*at(v) = &id
		return nil
	})
	s.ctl = s.ctl.choose(blank, opts)
	return s
}
