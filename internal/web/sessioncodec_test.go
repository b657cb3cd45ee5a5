package web

import (
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/google/go-cmp/cmp"
)

var codecDeadline = time.Date(2026, 12, 7, 20, 0, 0, 123, time.UTC)

func TestSessionCodecRoundTrip(t *testing.T) {
	values := map[string]any{SessionUserKey: int64(42), sessionPasswordKey: "0a1b2c3d", sessionTouchedKey: int64(-1),
		"csrf": "", "flash": "Load LD-1 booked ✓"}
	b, err := sessionCodec{}.Encode(codecDeadline, values)
	if err != nil {
		t.Fatal(err)
	}
	if b[0] != sessionCodecTag {
		t.Errorf("first byte = %#x, want the flat form's tag %#x", b[0], sessionCodecTag)
	}
	deadline, got, err := sessionCodec{}.Decode(b)
	if err != nil || !deadline.Equal(codecDeadline) {
		t.Fatalf("Decode = %v, %v; want %v, nil", deadline, err, codecDeadline)
	}
	if diff := cmp.Diff(values, got); diff != "" {
		t.Errorf("values after a round trip (-want +got):\n%s", diff)
	}
}

// A session saved by gob (before this codec, or holding another type of value) still reads.
func TestSessionCodecKeepsGob(t *testing.T) {
	old, err := scs.GobCodec{}.Encode(codecDeadline, map[string]any{SessionUserKey: int64(7), "csrf": "x"})
	if err != nil {
		t.Fatal(err)
	}
	if _, got, err := (sessionCodec{}).Decode(old); err != nil || got[SessionUserKey] != int64(7) || got["csrf"] != "x" {
		t.Errorf("a gob session decoded to %v, %v; want user 7 and csrf x", got, err)
	}
	other := map[string]any{SessionUserKey: int64(7), "remember": true}
	b, err := sessionCodec{}.Encode(codecDeadline, other)
	if err != nil || b[0] == sessionCodecTag {
		t.Fatalf("a session with a bool encoded to %x, %v; want gob", b, err)
	}
	if _, got, err := (sessionCodec{}).Decode(b); err != nil || !cmp.Equal(got, other) {
		t.Errorf("the gob fallback decoded to %v, %v; want %v", got, err, other)
	}
}

func TestSessionCodecRefusesMalformed(t *testing.T) {
	good, _ := sessionCodec{}.Encode(codecDeadline, map[string]any{"k": "value"})
	for name, b := range map[string][]byte{
		"other version":  {sessionCodecTag, 2, 0, 0},
		"cut short":      good[:len(good)-2],
		"trailing bytes": append(append([]byte{}, good...), 0),
		"huge count":     {sessionCodecTag, sessionCodecVersion, 0, 0xff, 0xff, 0xff, 0xff, 0x0f},
		"unknown kind":   {sessionCodecTag, sessionCodecVersion, 0, 1, 1, 'k', 'b', 1},
	} {
		if _, _, err := (sessionCodec{}).Decode(b); err == nil {
			t.Errorf("%s: Decode(%x) succeeded, want an error", name, b)
		}
	}
}

// FuzzSessionCodec: any bytes decode or fail without a panic, and what decodes in the flat
// form encodes back to the same values.
func FuzzSessionCodec(f *testing.F) {
	flat, _ := sessionCodec{}.Encode(codecDeadline, map[string]any{SessionUserKey: int64(1), sessionPasswordKey: "fp"})
	gob, _ := scs.GobCodec{}.Encode(codecDeadline, map[string]any{SessionUserKey: int64(1)})
	f.Add(flat)
	f.Add(gob)
	f.Fuzz(func(t *testing.T, b []byte) {
		deadline, values, err := sessionCodec{}.Decode(b)
		if err != nil || len(b) == 0 || b[0] != sessionCodecTag {
			return
		}
		again, err := sessionCodec{}.Encode(deadline, values)
		if err != nil {
			t.Fatalf("re-encoding %v: %v", values, err)
		}
		deadline2, values2, err := sessionCodec{}.Decode(again)
		if err != nil || !deadline2.Equal(deadline) || !cmp.Equal(values, values2) {
			t.Errorf("round trip of %x: %v %v, %v; want %v %v", b, deadline2, values2, err, deadline, values)
		}
	})
}
