package ui

import (
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/tms"
)

func TestParseCents(t *testing.T) {
	cases := map[string]tms.Cents{"1,250": 125000, "$1250.5": 125050, "-35.00": -3500, "0.07": 7, ".5": 50}
	for in, want := range cases {
		if got, err := parseCents(in); err != nil || got != want {
			t.Errorf("parseCents(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "lots", "1.234", "1.2.3", "--5", "$"} {
		if _, err := parseCents(in); err == nil {
			t.Errorf("parseCents(%q) succeeded, want an error", in)
		}
	}
}

func TestDisplay(t *testing.T) {
	at := time.Date(2026, 3, 16, 13, 0, 0, 0, time.UTC)
	cases := []struct{ got, want string }{
		{label("in_transit"), "In transit"},
		{label(tms.DocPOD), "POD"},
		{label(""), ""},
		{duration(70 * time.Minute), "1 h 10 min"},
		{duration(0), "—"},
		{localTime(at, "America/Chicago"), "Mon Mar 16 08:00 CDT"},
		{localTime(time.Time{}, "America/Chicago"), "—"},
		{dollars(-123456), "-1234.56"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestRowOps moves, adds and removes the load form's stop rows as the plain-form buttons do.
func TestRowOps(t *testing.T) {
	f := newForm(url.Values{})
	writeRows(f, "stops", stopFields, []row{{"kind": "pickup", "facility_id": "1"}, {"kind": "delivery", "facility_id": "2"}})
	steps := []struct {
		op   string
		want []string // facility ids in order
	}{
		{"add-stop", []string{"1", "2", ""}},
		{"down-stop-0", []string{"2", "1", ""}},
		{"up-stop-2", []string{"2", "", "1"}},
		{"remove-stop-1", []string{"2", "1"}},
		{"remove-stop-9", []string{"2", "1"}},
	}
	for _, s := range steps {
		if !applyRowOp(f, s.op) {
			t.Fatalf("%s is not a row operation", s.op)
		}
		var got []string
		for _, r := range readRows(f, "stops", stopFields) {
			got = append(got, r["facility_id"])
		}
		if diff := cmp.Diff(s.want, got); diff != "" {
			t.Errorf("after %s (-want +got):\n%s", s.op, diff)
		}
	}
	if applyRowOp(f, "save") {
		t.Error("save counted as a row operation")
	}
}

func TestFormErrorsFollowRows(t *testing.T) {
	idx := indexMap{"stops": {0, 2}, "charges": {1}}
	got := idx.formErrors(map[string]string{"stops[1].facility_id": "x", "charges[0].amount_cents": "y", "stops": "z", "stops[5].kind": "w"})
	want := map[string]string{"stops[2].facility_id": "x", "charges[1].amount": "y", "stops": "z", "stops[5].kind": "w"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("form errors (-want +got):\n%s", diff)
	}
}
