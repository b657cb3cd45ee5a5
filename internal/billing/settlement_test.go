package billing_test

import (
	"testing"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/tms"
	"github.com/google/go-cmp/cmp"
)

// haul is load L-000123: 500.0 planned miles, pickup 08:00-09:00, delivery 16:00-17:00 on
// 2026-11-17; arrived and departed are the truck's times at the first and last stop ("": unknown).
func haul(t *testing.T, arrived, departed string) tms.Load {
	l := tms.Load{Meta: tms.Meta{ID: 123}, Number: "L-000123", PlannedMiles: 500.0, Stops: []tms.Stop{
		{ID: 1, Seq: 1, Kind: tms.StopPickup, AppointmentStart: at(t, "08:00"), AppointmentEnd: at(t, "09:00")},
		{ID: 2, Seq: 2, Kind: tms.StopDelivery, AppointmentStart: at(t, "16:00"), AppointmentEnd: at(t, "17:00")},
	}, Charges: []tms.Charge{
		{Kind: "linehaul", AmountCents: 150000},
		{Kind: "linehaul", AmountCents: 25000},
		{Kind: "fuel_surcharge", AmountCents: 20000},
	}}
	if arrived != "" {
		l.Stops[0].ArrivedAt = new(at(t, arrived))
	}
	if departed != "" {
		l.Stops[1].DepartedAt = new(at(t, departed))
	}
	return l
}

func TestTripPayPerBasis(t *testing.T) {
	tests := []struct {
		name              string
		pay               tms.PayProfile
		arrived, departed string
		want              tms.SettlementLine
	}{
		// 500.0 mi x $0.550/mi = $275.00.
		{"per loaded mile", tms.PayProfile{Basis: tms.PayPerLoadedMile, Rate: 550}, "", "",
			tms.SettlementLine{Description: "L-000123: 500.0 loaded mi x $0.550/mi", AmountCents: 27500}},
		// (500.0 loaded + 42.5 deadhead) = 542.5 mi x $0.500/mi = $271.25.
		{"per total mile", tms.PayProfile{Basis: tms.PayPerTotalMile, Rate: 500}, "", "",
			tms.SettlementLine{Description: "L-000123: 542.5 mi (500.0 loaded + 42.5 empty) x $0.500/mi", AmountCents: 27125}},
		// Linehaul lines $1,500.00 + $250.00 = $1,750.00 (fuel surcharge excluded); 27.50% = $481.25.
		{"percent of linehaul", tms.PayProfile{Basis: tms.PayPercentLinehaul, Rate: 2750}, "", "",
			tms.SettlementLine{Description: "L-000123: 27.50% of linehaul $1,750.00", AmountCents: 48125}},
		// The rate is the amount: $350.00.
		{"flat per load", tms.PayProfile{Basis: tms.PayFlatPerLoad, Rate: 35000}, "", "",
			tms.SettlementLine{Description: "L-000123: flat per load", AmountCents: 35000}},
		// Arrived 08:10, departed 17:55 = 585 min x $22.50/h = $219.375 -> half up $219.38.
		{"hourly from arrival to departure", tms.PayProfile{Basis: tms.PayHourly, Rate: 2250}, "08:10", "17:55",
			tms.SettlementLine{Description: "L-000123: 9h45m on duty x $22.50/h", AmountCents: 21938}},
		// No truck times: appointment 08:00 -> 17:00 = 540 min x $22.50/h = $202.50.
		{"hourly falls back to appointments", tms.PayProfile{Basis: tms.PayHourly, Rate: 2250}, "", "",
			tms.SettlementLine{Description: "L-000123: 9h on duty x $22.50/h", AmountCents: 20250}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := billing.BuildSettlementLines(billing.PayInput{
				Driver:         tms.Driver{Pay: tt.pay},
				Loads:          []tms.Load{haul(t, tt.arrived, tt.departed)},
				DeadheadTenths: map[int64]int64{123: 425},
			})
			tt.want.LoadID, tt.want.Kind = 123, tms.LineTripPay
			if diff := cmp.Diff([]tms.SettlementLine{tt.want}, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPerMileSettlementWithDeduction(t *testing.T) {
	first, second := haul(t, "", ""), haul(t, "", "")
	second.ID, second.Number, second.PlannedMiles = 124, "L-000124", 312.4
	in := billing.PayInput{
		Driver: tms.Driver{Meta: tms.Meta{ID: 7}, Pay: tms.PayProfile{Basis: tms.PayPerLoadedMile, Rate: 550},
			Deductions: []tms.Deduction{{Description: "Escrow", AmountCents: 5000}}},
		Loads:       []tms.Load{first, second},
		PeriodStart: week(t, "2026-11-16"), PeriodEnd: week(t, "2026-11-22"),
	}
	want := []tms.SettlementLine{
		// 500.0 mi x $0.550/mi = $275.00.
		{LoadID: 123, Kind: tms.LineTripPay, Description: "L-000123: 500.0 loaded mi x $0.550/mi", AmountCents: 27500},
		// 312.4 mi x $0.550/mi = $171.82.
		{LoadID: 124, Kind: tms.LineTripPay, Description: "L-000124: 312.4 loaded mi x $0.550/mi", AmountCents: 17182},
		// Escrow $50.00, taken as a negative line.
		{Kind: tms.LineDeduction, Description: "Escrow, 2026-11-16 to 2026-11-22", AmountCents: -5000},
	}
	got := billing.BuildSettlementLines(in)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("lines (-want +got):\n%s", diff)
	}
	s := tms.Settlement{DriverID: 7, PeriodStart: in.PeriodStart, PeriodEnd: in.PeriodEnd, Lines: got}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	// Gross $275.00 + $171.82 = $446.82; deductions $50.00; net $396.82.
	if s.GrossCents != 44682 || s.DeductionsCents != 5000 || s.NetCents != 39682 {
		t.Errorf("gross, deductions, net = %v, %v, %v; want $446.82, $50.00, $396.82", s.GrossCents, s.DeductionsCents, s.NetCents)
	}
}

func TestAccessorialPay(t *testing.T) {
	l := haul(t, "", "")
	l.Stops = []tms.Stop{l.Stops[0], dockStop(t, "08:00", "10:50"), l.Stops[1]}
	l.Stops[2].Seq = 3
	l.Charges = []tms.Charge{
		{Kind: "detention", StopID: new(int64(20)), AmountCents: 6000},
		{Kind: "detention", AmountCents: 5000}, // no stop to measure: not paid to the driver
		{Kind: "layover", AmountCents: 25000},
		{Kind: "lumper", AmountCents: 18500},
	}
	payDetention := detention
	payDetention.DriverPayCents = 2750
	in := billing.PayInput{
		Driver: tms.Driver{Pay: tms.PayProfile{Basis: tms.PayFlatPerLoad, Rate: 0}},
		Loads:  []tms.Load{l},
		Catalog: map[string]tms.Accessorial{
			"detention": payDetention,
			"layover":   {Code: "layover", DriverPayCents: 10000},
			"stop_off":  {Code: "stop_off", DriverPayCents: 2500},
		},
	}
	want := []tms.SettlementLine{
		// Trip pay flat $0.00 is left out.
		// Stop 2: 08:00 -> 10:50 = 170 min; 170 - 120 free = 50 -> 3 x 15 = 45 min; 45 x $27.50/h
		// = $20.625 -> half up $20.63 (the $60.00 charged to the customer does not matter).
		{LoadID: 123, Kind: tms.LineDetentionPay, Description: "L-000123: detention at stop 2, 45m billable x $27.50/h", AmountCents: 2063},
		// One layover charge x $100.00.
		{LoadID: 123, Kind: tms.LineLayoverPay, Description: "L-000123: layover", AmountCents: 10000},
		// 3 stops - pickup - delivery = 1 stop-off x $25.00.
		{LoadID: 123, Kind: tms.LineStopPay, Description: "L-000123: stop-offs 1 x $25.00", AmountCents: 2500},
		// Lumper paid by the driver at the dock, reimbursed at cost: $185.00.
		{LoadID: 123, Kind: tms.LineReimbursement, Description: "L-000123: lumper paid at the dock", AmountCents: 18500},
	}
	if diff := cmp.Diff(want, billing.BuildSettlementLines(in)); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}
