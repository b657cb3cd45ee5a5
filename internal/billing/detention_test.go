package billing_test

import (
	"testing"
	"time"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/tms"
	"github.com/google/go-cmp/cmp"
)

// detention is 2 h free, then $75.00 an hour in completed 15-minute increments.
var detention = tms.Accessorial{Code: "detention", Unit: tms.UnitHour, RateCents: 7500, FreeMinutes: 120, IncrementMinutes: 15, DriverPayCents: 2500}

// at is a time on 2026-11-17 (UTC), "08:00" or "11:07:30".
func at(t *testing.T, clock string) time.Time {
	t.Helper()
	layout := "15:04"
	if len(clock) > 5 {
		layout = "15:04:05"
	}
	c, err := time.Parse(layout, clock)
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(2026, 11, 17, c.Hour(), c.Minute(), c.Second(), 0, time.UTC)
}

// dockStop is stop 2 (ID 20) with an 08:00-09:00 appointment; "" leaves a time unset.
func dockStop(t *testing.T, arrived, departed string) tms.Stop {
	s := tms.Stop{ID: 20, Seq: 2, Kind: tms.StopDelivery, AppointmentStart: at(t, "08:00"), AppointmentEnd: at(t, "09:00")}
	if arrived != "" {
		s.ArrivedAt = new(at(t, arrived))
	}
	if departed != "" {
		s.DepartedAt = new(at(t, departed))
	}
	return s
}

func TestProposeDetention(t *testing.T) {
	perMinute := detention
	perMinute.IncrementMinutes, perMinute.RateCents = 0, 7000
	tests := []struct {
		name              string
		acc               tms.Accessorial
		arrived, departed string
		wantClock         string
		wantDwell         int
		wantBillable      int
		wantAmount        tms.Cents
		wantLate          bool
		wantOK            bool
	}{
		// 08:00 -> 11:07 = 187 min; 187 - 120 free = 67; completed 15-min increments: 4 x 15 = 60;
		// 60 min x $75.00/h = $75.00.
		{"on time", detention, "08:00", "11:07", "08:00", 187, 60, 7500, false, true},
		// Early at 07:00: the clock starts at the 08:00 appointment; 08:00 -> 10:30 = 150 min;
		// 150 - 120 = 30 = 2 x 15; 30 min x $75.00/h = $37.50.
		{"early arrival waits on its own time", detention, "07:00", "10:30", "08:00", 150, 30, 3750, false, true},
		// 08:00 -> 10:00 = 120 min = the free time exactly: nothing billable, no proposal.
		{"exactly the free time", detention, "08:00", "10:00", "08:00", 120, 0, 0, false, false},
		// 08:00 -> 10:14:59 = 134 min (seconds floored); 134 - 120 = 14 < one 15-min increment: no proposal.
		{"incomplete increment", detention, "08:00", "10:14:59", "08:00", 134, 0, 0, false, false},
		// 08:00 -> 10:15 = 135 min; 135 - 120 = 15 = one increment; 15 min x $75.00/h = $18.75.
		{"one increment exactly", detention, "08:00", "10:15", "08:00", 135, 15, 1875, false, true},
		// Late at 09:30 (appointment ended 09:00): the clock starts at arrival; 09:30 -> 12:00 =
		// 150 min; 150 - 120 = 30; $37.50, proposed and flagged for billing staff.
		{"late arrival flagged", detention, "09:30", "12:00", "09:30", 150, 30, 3750, true, true},
		// Per minute: 187 - 120 = 67 min x $70.00/h = $78.1666... -> $78.17.
		{"per minute rounds half up", perMinute, "08:00", "11:07", "08:00", 187, 67, 7817, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := billing.ProposeDetention(dockStop(t, tt.arrived, tt.departed), tt.acc)
			want := billing.DetentionProposal{
				StopID: 20, StopSeq: 2,
				ArrivedAt: at(t, tt.arrived), DepartedAt: at(t, tt.departed),
				AppointmentStart: at(t, "08:00"), AppointmentEnd: at(t, "09:00"),
				ClockStart:   at(t, tt.wantClock),
				DwellMinutes: tt.wantDwell, FreeMinutes: 120, BillableMinutes: tt.wantBillable, IncrementMinutes: tt.acc.IncrementMinutes,
				RateCents: tt.acc.RateCents, AmountCents: tt.wantAmount, ArrivedLate: tt.wantLate,
			}
			if ok != tt.wantOK {
				t.Errorf("ProposeDetention ok = %v, want %v", ok, tt.wantOK)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ProposeDetention (-want +got):\n%s", diff)
			}
		})
	}
}

func TestProposeDetentionNeedsArrivalAndDeparture(t *testing.T) {
	for _, s := range []tms.Stop{dockStop(t, "", ""), dockStop(t, "08:00", ""), dockStop(t, "", "11:00")} {
		if _, ok := billing.ProposeDetention(s, detention); ok {
			t.Errorf("ProposeDetention(arrived %v, departed %v) ok = true, want false", s.ArrivedAt, s.DepartedAt)
		}
	}
}

func TestProposeForLoad(t *testing.T) {
	charged, open, moving := dockStop(t, "08:00", "11:07"), dockStop(t, "08:00", "11:07"), dockStop(t, "08:00", "")
	charged.ID, charged.Seq, moving.ID, moving.Seq = 10, 1, 30, 3
	l := tms.Load{Stops: []tms.Stop{charged, open, moving}, Charges: []tms.Charge{
		{Kind: "detention", StopID: new(int64(10)), AmountCents: 7500},
		{Kind: "lumper", StopID: new(int64(20)), AmountCents: 18500}, // not detention: stop 20 is still proposed
	}}
	got := billing.ProposeForLoad(l, detention)
	if len(got) != 1 || got[0].StopID != 20 {
		t.Fatalf("proposals = %+v, want one for stop 20 (10 is charged, 30 has not departed)", got)
	}
}

func TestDetentionCharge(t *testing.T) {
	p, _ := billing.ProposeDetention(dockStop(t, "08:00", "12:15"), detention)
	// 08:00 -> 12:15 = 255 min; 255 - 120 free = 135 = 9 x 15 = 2h15m; 135 min x $75.00/h = $168.75.
	want := tms.Charge{
		Kind:        "detention",
		Description: "Detention at Acme DC (stop 2): 2h15m billable after 2h free, 15-min increments, $75.00/h",
		AmountCents: 16875,
		StopID:      new(int64(20)),
	}
	if diff := cmp.Diff(want, billing.DetentionCharge(p, "Acme DC")); diff != "" {
		t.Errorf("DetentionCharge (-want +got):\n%s", diff)
	}
}
