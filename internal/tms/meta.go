package tms

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
)

// Meta is what every stored record carries. Version counts writes: an update naming an
// older version is refused (optimistic concurrency).
type Meta struct {
	ID        int64     `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
}

// Record is implemented by every type that embeds Meta.
type Record interface{ RecordMeta() *Meta }

// RecordMeta returns the record's metadata.
func (m *Meta) RecordMeta() *Meta { return m }

// Address is a postal address.
type Address struct {
	Line1   string `json:"line1"`
	Line2   string `json:"line2,omitempty"`
	City    string `json:"city"`
	State   string `json:"state"`
	Zip     string `json:"zip"`
	Country string `json:"country,omitempty"`
}

// String formats the address on one line.
func (a Address) String() string {
	s := a.Line1
	if a.Line2 != "" {
		s += ", " + a.Line2
	}
	return fmt.Sprintf("%s, %s, %s %s", s, a.City, a.State, a.Zip)
}

// Date is a calendar date without a time of day (CDL expiry, hire date), "2006-01-02" in JSON
// and in the database. The zero Date is "no date" and stores as NULL.
type Date struct{ t time.Time }

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a YYYY-MM-DD date", s)
	}
	return Date{t}, nil
}

// IsZero reports whether no date is set.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Before reports whether d is before the calendar day of t (in UTC).
func (d Date) Before(t time.Time) bool { return d.t.Before(DateOf(t.UTC()).t) }

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return d.t }

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// MarshalJSON writes "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD", "" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("must be a YYYY-MM-DD date")
	}
	if s == nil || *s == "" {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(*s)
	*d = p
	return err
}

// Value stores the date as text (NULL when zero).
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a DATE (time.Time) or text column.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = DateOf(v)
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	default:
		return fmt.Errorf("cannot scan %T into Date", src)
	}
	return nil
}

func (d *Date) scanText(s string) error {
	if len(s) > 10 {
		s = s[:10]
	}
	p, err := ParseDate(s)
	*d = p
	return err
}

// Equal reports whether two dates are the same day.
func (d Date) Equal(o Date) bool { return d.t.Equal(o.t) }

// CheckVersion refuses a write based on a stale read (expected is the version the client last
// saw; 0 means it sent none), naming the current version.
func CheckVersion(expected, current int) error {
	if expected == 0 || expected == current {
		return nil
	}
	return &Error{Code: CodeConflict,
		Message: "the record was changed by someone else; reload it and apply your change again",
		Detail:  map[string]any{"current_version": current}}
}
