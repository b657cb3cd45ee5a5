package billing_test

import (
	"testing"
	"time"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/tms"
	"github.com/google/go-cmp/cmp"
)

func rate(id int64, origin, dest string) tms.RateDefault {
	return tms.RateDefault{Meta: tms.Meta{ID: id}, OriginState: origin, DestState: dest, Active: true}
}

func inactive(r tms.RateDefault) tms.RateDefault {
	r.Active = false
	return r
}

func TestMatchRate(t *testing.T) {
	all := []tms.RateDefault{rate(1, "", ""), rate(2, "TX", ""), rate(3, "", "CA"), rate(4, "TX", "CA")}
	tests := []struct {
		name         string
		defaults     []tms.RateDefault
		origin, dest string
		wantID       int64
		wantOK       bool
	}{
		{"origin and destination beat everything", all, "TX", "CA", 4, true},
		{"origin only beats any lane", all, "TX", "NY", 2, true},
		{"destination only beats any lane", all, "OK", "CA", 3, true},
		{"any lane is the fallback", all, "OK", "NY", 1, true},
		{"states match regardless of case", all, "tx", "ca", 4, true},
		{"origin only ties destination only: lowest ID", []tms.RateDefault{rate(7, "TX", ""), rate(3, "", "CA")}, "TX", "CA", 3, true},
		{"same lane twice: lowest ID", []tms.RateDefault{rate(9, "TX", "CA"), rate(5, "TX", "CA")}, "TX", "CA", 5, true},
		{"inactive is skipped", []tms.RateDefault{inactive(rate(4, "TX", "CA")), rate(8, "", "")}, "TX", "CA", 8, true},
		{"no lane fits", []tms.RateDefault{rate(2, "TX", ""), inactive(rate(1, "", ""))}, "OK", "NY", 0, false},
		{"no defaults", nil, "TX", "CA", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := billing.MatchRate(tt.defaults, tt.origin, tt.dest)
			if got.ID != tt.wantID || ok != tt.wantOK {
				t.Errorf("MatchRate = ID %d, %v; want ID %d, %v", got.ID, ok, tt.wantID, tt.wantOK)
			}
		})
	}
}

func TestLinehaul(t *testing.T) {
	tests := []struct {
		name        string
		method      tms.LinehaulMethod
		rate        int64
		milesTenths int64
		weightLb    int
		want        tms.Charge
	}{
		// 1,234.5 mi x $2.500/mi = $3,086.25.
		{"per mile", tms.LinehaulPerMile, 2500, 12345, 0, tms.Charge{Kind: "linehaul", Description: "Linehaul 1,234.5 mi x $2.500/mi", AmountCents: 308625}},
		// 1,234.5 mi x $2.345/mi = $2,894.9025 -> $2,894.90.
		{"per mile rounds to the cent", tms.LinehaulPerMile, 2345, 12345, 0, tms.Charge{Kind: "linehaul", Description: "Linehaul 1,234.5 mi x $2.345/mi", AmountCents: 289490}},
		// 42,000 lb = 420 cwt x $3.50/cwt = $1,470.00.
		{"per cwt", tms.LinehaulPerCWT, 350, 0, 42000, tms.Charge{Kind: "linehaul", Description: "Linehaul 42,000 lb x $3.50/cwt", AmountCents: 147000}},
		// 41,234 lb = 412.34 cwt x $2.75/cwt = $1,133.935 -> half up $1,133.94.
		{"per cwt rounds half up", tms.LinehaulPerCWT, 275, 0, 41234, tms.Charge{Kind: "linehaul", Description: "Linehaul 41,234 lb x $2.75/cwt", AmountCents: 113394}},
		// Flat: the rate is the amount, $2,000.00, whatever the miles and weight.
		{"flat", tms.LinehaulFlat, 200000, 12345, 42000, tms.Charge{Kind: "linehaul", Description: "Linehaul, flat rate", AmountCents: 200000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := billing.Linehaul(tms.RateDefault{Method: tt.method, Rate: tt.rate}, tt.milesTenths, tt.weightLb)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Linehaul (-want +got):\n%s", diff)
			}
		})
	}
}

func stops(n int) []tms.Stop {
	s := make([]tms.Stop, n)
	for i := range s {
		s[i] = tms.Stop{ID: int64(i + 1), Seq: i + 1, AppointmentStart: time.Date(2026, 11, 17, 8+i, 0, 0, 0, time.UTC)}
	}
	return s
}

func TestStopOffs(t *testing.T) {
	tests := []struct {
		name     string
		stopOff  tms.Cents
		stops    int
		want     tms.Charge
		wantLine bool
	}{
		// Pickup and delivery only: both are in the linehaul, no stop-off.
		{"two stops", 7500, 2, tms.Charge{}, false},
		// 4 stops - first pickup - last delivery = 2 extra x $75.00 = $150.00.
		{"two extra stops", 7500, 4, tms.Charge{Kind: "stop_off", Description: "Stop-offs: 2 x $75.00", AmountCents: 15000}, true},
		// 1 extra stop x $0.00 = $0.00: no zero line.
		{"no stop-off rate", 0, 3, tms.Charge{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := billing.StopOffs(tms.RateDefault{StopOffCents: tt.stopOff}, stops(tt.stops))
			if ok != tt.wantLine {
				t.Errorf("StopOffs ok = %v, want %v", ok, tt.wantLine)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("StopOffs (-want +got):\n%s", diff)
			}
		})
	}
}
