package eia

import (
	"strings"
	"testing"

	"github.com/anditms/tms/internal/tms"
)

func TestParseMills(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{in: "3.876", want: 3876},
		{in: "4", want: 4000},
		{in: "4.", wantErr: true},
		{in: "3.8", want: 3800},
		{in: "3.87", want: 3870},
		{in: "3.8765", want: 3877}, // half up
		{in: "3.8764999", want: 3876},
		{in: "3.8755", want: 3876},
		{in: "3.9995", want: 4000}, // rounding carries into the dollars
		{in: "0.001", want: 1},
		{in: "0.0005", want: 1},
		{in: "0003.876", want: 3876},
		{in: "999999.999", want: 999999999},
		{in: "1000000", wantErr: true},
		{in: "99999999999999999999", wantErr: true},
		{in: "0", wantErr: true},
		{in: "0.0004", wantErr: true},
		{in: "-1", wantErr: true},
		{in: "+1", wantErr: true},
		{in: "abc", wantErr: true},
		{in: "", wantErr: true},
		{in: ".5", wantErr: true},
		{in: "3.8.7", wantErr: true},
		{in: "3,876", wantErr: true},
		{in: "3.876e0", wantErr: true},
		{in: " 3.876", wantErr: true},
		{in: "$3.876", wantErr: true}, // ParseCSV strips the $, the API never sends one
		{in: "NaN", wantErr: true},
	}
	for _, tt := range tests {
		got, err := parseMills(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("parseMills(%q) = %d, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseMills(%q) = %d, %v; want %d, nil", tt.in, got, err, tt.want)
		}
	}
}

// date is a test helper: a tms.Date from "YYYY-MM-DD".
func date(t testing.TB, s string) tms.Date {
	t.Helper()
	d, err := tms.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// checkErr reports whether err matches want: nil for "", else an error mentioning want.
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("got error %v, want none", err)
	case want != "" && err == nil:
		t.Fatalf("got no error, want one mentioning %q", want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Fatalf("got error %q, want one mentioning %q", err, want)
	}
}
