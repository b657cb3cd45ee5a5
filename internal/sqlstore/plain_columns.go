package sqlstore

import (
	"bytes"
	"encoding/json"
	"slices"
	"unicode/utf8"

	"github.com/anditms/tms/internal/tms"
)

// plainField is a JSON column read without encoding/json, whose reflection was most of
// scanning a row, when it is in the plain form this store writes (json.Marshal on SQLite,
// jsonb's text on PostgreSQL); anything else (escapes, unknown or repeated keys, numbers that
// are not plain integers) goes to encoding/json, so a column reads exactly as json.Unmarshal
// reads it into the zero value every scan starts from (FuzzPlainColumns).
type plainField[T any] struct {
	jsonField
	decode func([]byte) (T, bool) // ok is false for anything outside the plain form
}

func plainColumn[T any](ptr *T, decode func([]byte) (T, bool)) plainField[T] {
	return plainField[T]{JSON(ptr), decode}
}

// chargesColumn is the loads.charges column.
func chargesColumn(c *[]tms.Charge) plainField[[]tms.Charge] { return plainColumn(c, decodeCharges) }

// addressColumn is the facilities.address and customers.billing_address column.
func addressColumn(a *tms.Address) plainField[tms.Address] { return plainColumn(a, decodeAddress) }

// hazmatColumn is the loads.hazmat column (JSON null on most loads).
func hazmatColumn(h **tms.Hazmat) plainField[*tms.Hazmat] { return plainColumn(h, decodeHazmat) }

func (f plainField[T]) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return f.jsonField.Scan(src)
	}
	if v, ok := f.decode(b); ok {
		*f.ptr.(*T) = v
		return nil
	}
	return json.Unmarshal(b, f.ptr)
}

// decodeCharges reads a JSON array of charges in the plain form; ok is false for anything else.
func decodeCharges(b []byte) (charges []tms.Charge, ok bool) {
	r := jsonReader{b: b}
	charges = []tms.Charge{}
	r.expect('[')
	for more := !r.next(']'); more && !r.bad; more = r.comma(']') {
		charges = append(charges, r.charge())
	}
	return charges, r.end()
}

// decodeAddress reads an address object in the plain form; ok is false for anything else.
func decodeAddress(b []byte) (a tms.Address, ok bool) {
	r := jsonReader{b: b}
	r.object(func(key string) {
		switch key {
		case "line1":
			a.Line1 = r.string()
		case "line2":
			a.Line2 = r.string()
		case "city":
			a.City = r.string()
		case "state":
			a.State = r.string()
		case "zip":
			a.Zip = r.string()
		case "country":
			a.Country = r.string()
		default:
			r.bad = true
		}
	})
	return a, r.end()
}

// decodeHazmat reads null or a hazmat object in the plain form; ok is false for anything else.
func decodeHazmat(b []byte) (h *tms.Hazmat, ok bool) {
	r := jsonReader{b: b}
	if r.null() {
		return nil, r.end()
	}
	h = &tms.Hazmat{}
	r.object(func(key string) {
		switch key {
		case "un_number":
			h.UNNumber = r.string()
		case "class":
			h.Class = r.string()
		case "packing_group":
			h.PackingGroup = r.string()
		default:
			r.bad = true
		}
	})
	return h, r.end()
}

func (r *jsonReader) charge() tms.Charge {
	var c tms.Charge
	r.object(func(key string) {
		switch key {
		case "kind":
			c.Kind = r.string()
		case "description":
			c.Description = r.string()
		case "amount_cents":
			c.AmountCents = tms.Cents(r.int())
		case "stop_id":
			id := r.int()
			c.StopID = &id
		case "fuel_index":
			c.FuelIndex = r.fuelIndex()
		default:
			r.bad = true
		}
	})
	return c
}

func (r *jsonReader) fuelIndex() *tms.FuelIndex {
	var f tms.FuelIndex
	r.object(func(key string) {
		switch key {
		case "week":
			f.Week = r.date()
		case "price_mills":
			f.PriceMills = r.int()
		default:
			r.bad = true
		}
	})
	return &f
}

// jsonReader reads the plain subset of JSON: objects with distinct keys, strings without
// escapes, integers. After the first thing outside it, bad stays set.
type jsonReader struct {
	b   []byte
	bad bool
}

func (r *jsonReader) skipSpace() {
	r.b = bytes.TrimLeft(r.b, " \t\r\n")
}

// next consumes c if it comes next.
func (r *jsonReader) next(c byte) bool {
	r.skipSpace()
	if len(r.b) > 0 && r.b[0] == c {
		r.b = r.b[1:]
		return true
	}
	return false
}

// null consumes the literal null if it comes next.
func (r *jsonReader) null() bool {
	r.skipSpace()
	rest, ok := bytes.CutPrefix(r.b, []byte("null"))
	if ok {
		r.b = rest
	}
	return ok
}

func (r *jsonReader) expect(c byte) {
	if !r.next(c) {
		r.bad = true
	}
}

// comma reads the separator after a member: true for a comma, false for the closing byte.
func (r *jsonReader) comma(closing byte) bool {
	if r.next(',') {
		return true
	}
	r.expect(closing)
	return false
}

// end reports whether everything was read and nothing is left but space.
func (r *jsonReader) end() bool {
	r.skipSpace()
	return !r.bad && len(r.b) == 0
}

// object reads {"key": value, ...}; member reads each value, and sets bad for an unknown key.
func (r *jsonReader) object(member func(key string)) {
	r.expect('{')
	var keys [8]string // member takes only a few keys, so a repeat is found within these
	seen := keys[:0]
	for more := !r.next('}'); more && !r.bad; more = r.comma('}') {
		key := r.key()
		r.expect(':')
		if r.bad || slices.Contains(seen, key) {
			r.bad = true
			return
		}
		member(key)
		seen = append(seen, key)
	}
}

// plainKeys are the member names the plain readers know: a key is read as one of these
// (without allocating it), and any other is outside the plain form.
var plainKeys = []string{"kind", "description", "amount_cents", "stop_id", "fuel_index", "week", "price_mills",
	"line1", "line2", "city", "state", "zip", "country", "un_number", "class", "packing_group"}

func (r *jsonReader) key() string {
	b := r.text()
	for _, k := range plainKeys {
		if string(b) == k {
			return k
		}
	}
	r.bad = true
	return ""
}

func (r *jsonReader) string() string {
	return string(r.text())
}

// text reads a string's bytes (nil and bad when it is not in the plain form).
func (r *jsonReader) text() []byte {
	r.expect('"')
	end := bytes.IndexByte(r.b, '"')
	if r.bad || end < 0 {
		r.bad = true
		return nil
	}
	s := r.b[:end]
	for _, c := range s {
		if c < 0x20 || c == '\\' {
			r.bad = true
			return nil
		}
	}
	if !utf8.Valid(s) {
		r.bad = true
		return nil
	}
	r.b = r.b[end+1:]
	return s
}

// int reads an integer written without fraction, exponent or leading zeros, of at most 18
// digits (a longer one, which may not fit, is left to encoding/json).
func (r *jsonReader) int() int64 {
	r.skipSpace()
	negative := len(r.b) > 0 && r.b[0] == '-'
	digits := r.b
	if negative {
		digits = digits[1:]
	}
	n := 0
	var v int64
	for n < len(digits) && digits[n] >= '0' && digits[n] <= '9' {
		v = v*10 + int64(digits[n]-'0')
		n++
	}
	next := digits[n:]
	if r.bad || n == 0 || n > 18 || (n > 1 && digits[0] == '0') || (len(next) > 0 && (next[0] == '.' || next[0] == 'e' || next[0] == 'E')) {
		r.bad = true
		return 0
	}
	r.b = next
	if negative {
		return -v
	}
	return v
}

// date reads a "YYYY-MM-DD" string, "" being no date, as tms.Date's UnmarshalJSON does.
func (r *jsonReader) date() tms.Date {
	s := r.string()
	if r.bad || s == "" {
		return tms.Date{}
	}
	d, err := tms.ParseDate(s)
	r.bad = r.bad || err != nil
	return d
}
