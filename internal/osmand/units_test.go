package osmand

import (
	"math"
	"testing"
	"time"
)

func TestSpeedUnitToMPH(t *testing.T) {
	tests := []struct {
		unit SpeedUnit
		v    float64
		want float64
	}{
		{Knots, 1, 1.150779},
		{Knots, 36.29, 41.76}, // json_4's 18.67 m/s
		{KMH, 100, 62.137119},
		{MPS, 18.67, 41.7636},
		{MPH, 55, 55},
		{SpeedUnit("furlongs"), 1, 1.150779}, // unknown: the protocol's knots
	}
	for _, tt := range tests {
		t.Run(string(tt.unit), func(t *testing.T) {
			if got := tt.unit.ToMPH(tt.v); math.Abs(got-tt.want) > 0.005 {
				t.Errorf("%s.ToMPH(%v): got %v, want %v", tt.unit, tt.v, got, tt.want)
			}
		})
	}
}

func TestParseSpeedUnit(t *testing.T) {
	tests := []struct {
		in      string
		want    SpeedUnit
		wantErr bool
	}{
		{"", Knots, false},
		{"kn", Knots, false},
		{"kmh", KMH, false},
		{"mps", MPS, false},
		{"mph", MPH, false},
		{"knots", "", true},
	}
	for _, tt := range tests {
		got, err := ParseSpeedUnit(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseSpeedUnit(%q): got %q, %v, want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestApplySpeedUnit(t *testing.T) {
	tests := []struct {
		name string
		raw  string // query; "" means the JSON body below
		unit SpeedUnit
		want *float64
	}{
		{"default knots", "id=1&speed=10", Knots, ptr(11.50779)},
		{"km/h device", "id=1&speed=100", KMH, ptr(62.13712)},
		{"m/s device", "id=1&speed=10", MPS, ptr(22.36936)},
		{"mph device", "id=1&speed=55", MPH, ptr(55.0)},
		{"no speed stays nil", "id=1", KMH, nil},
		{"JSON is always m/s", "", KMH, ptr(22.36936)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Report
			var err error
			if tt.raw == "" {
				r, err = DecodeJSON([]byte(`{"device_id":"1","location":{"coords":{"latitude":1,"longitude":2,"speed":10}}}`))
			} else {
				r, err = decodeRaw(t, tt.raw, time.UTC)
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			r.ApplySpeedUnit(tt.unit)
			if (r.SpeedMPH == nil) != (tt.want == nil) || (tt.want != nil && math.Abs(*r.SpeedMPH-*tt.want) > 1e-4) {
				t.Errorf("got SpeedMPH %v, want %v", deref(r.SpeedMPH), deref(tt.want))
			}
		})
	}
}
