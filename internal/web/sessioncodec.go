package web

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sessionCodec encodes sessions whose values are all int64 or string (every value this
// server puts) in a flat binary form: gob, scs's default, builds a decoder with its type
// descriptions for every request and was about 40 µs of a cookie request's CPU. A session
// holding any other type, and one written by gob before this codec, still go through gob.
//
// Layout: the tag 0x00 (a gob stream never begins with a zero length), the version 1, the
// deadline as a varint of Unix nanoseconds, the count of values, then per value its key
// (uvarint length, bytes), a kind byte ('i' or 's') and a varint or a length and bytes.
type sessionCodec struct{ scs.GobCodec }

const (
	sessionCodecTag     = 0x00
	sessionCodecVersion = 1
	kindInt64           = 'i'
	kindString          = 's'
)

var errSessionData = errors.New("session data is malformed")

// Encode writes values in the flat form, or in gob when one is neither int64 nor string.
func (c sessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	b := make([]byte, 0, 64)
	b = append(b, sessionCodecTag, sessionCodecVersion)
	b = binary.AppendVarint(b, deadline.UnixNano())
	b = binary.AppendUvarint(b, uint64(len(values)))
	for k, v := range values {
		b = appendString(b, k)
		switch v := v.(type) {
		case int64:
			b = binary.AppendVarint(append(b, kindInt64), v)
		case string:
			b = appendString(append(b, kindString), v)
		default:
			return c.GobCodec.Encode(deadline, values)
		}
	}
	return b, nil
}

// Decode reads the flat form, and gob for anything else.
func (c sessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	if len(b) < 2 || b[0] != sessionCodecTag {
		return c.GobCodec.Decode(b)
	}
	if b[1] != sessionCodecVersion {
		return time.Time{}, nil, errSessionData
	}
	d := sessionDecoder{b: b[2:]}
	deadline := time.Unix(0, d.varint()).UTC()
	n := d.uvarint()
	if n > uint64(len(d.b)) { // every value takes at least a byte: a count past that is corrupt
		return time.Time{}, nil, errSessionData
	}
	values := make(map[string]any, n)
	for range n {
		key := d.string()
		values[key] = d.value()
	}
	if d.bad || len(d.b) != 0 {
		return time.Time{}, nil, errSessionData
	}
	return deadline, values, nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// sessionDecoder reads the flat form; after the first short or malformed field it reads
// zero values and bad stays set.
type sessionDecoder struct {
	b   []byte
	bad bool
}

func (d *sessionDecoder) varint() int64 {
	v, n := binary.Varint(d.b)
	return advance(d, v, n)
}

func (d *sessionDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	return advance(d, v, n)
}

func (d *sessionDecoder) string() string {
	n := d.uvarint()
	if d.bad || n > uint64(len(d.b)) {
		d.bad = true
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *sessionDecoder) value() any {
	if d.bad || len(d.b) == 0 {
		d.bad = true
		return nil
	}
	kind := d.b[0]
	d.b = d.b[1:]
	switch kind {
	case kindInt64:
		return d.varint()
	case kindString:
		return d.string()
	}
	d.bad = true
	return nil
}

func advance[T int64 | uint64](d *sessionDecoder, v T, n int) T {
	if n <= 0 || d.bad {
		d.bad = true
		return 0
	}
	d.b = d.b[n:]
	return v
}
