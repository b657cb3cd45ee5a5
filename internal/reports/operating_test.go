package reports

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/tms"
)

func ptr[T any](v T) *T { return &v }

func at(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// stop is a stop at facility whose appointment ends at end; arrived "" means no arrival recorded.
func stop(t *testing.T, kind tms.StopKind, facility int64, end, arrived string) tms.Stop {
	s := tms.Stop{Kind: kind, FacilityID: facility, AppointmentStart: at(t, end).Add(-2 * time.Hour), AppointmentEnd: at(t, end)}
	if arrived != "" {
		s.ArrivedAt = ptr(at(t, arrived))
	}
	return s
}

func TestOperatingReport(t *testing.T) {
	loads := []tms.Load{
		{Meta: tms.Meta{ID: 1}, CustomerID: 1, TotalCents: 250000, PlannedMiles: 1000.04, // 10000 tenths
			Assignment: tms.Assignment{DriverID: ptr(int64(10)), TruckID: ptr(int64(100))},
			Stops: []tms.Stop{
				stop(t, tms.StopPickup, 1, "2026-03-02 10:00", "2026-03-02 09:00"),   // on time
				stop(t, tms.StopDelivery, 2, "2026-03-03 18:00", "2026-03-03 18:00"), // at the end: on time
			}},
		{Meta: tms.Meta{ID: 2}, CustomerID: 1, TotalCents: 120000, PlannedMiles: 500,
			Assignment: tms.Assignment{DriverID: ptr(int64(11)), TruckID: ptr(int64(100))},
			Stops: []tms.Stop{
				stop(t, tms.StopPickup, 2, "2026-03-04 12:00", "2026-03-04 12:01"), // late
				stop(t, tms.StopDelivery, 3, "2026-03-08 20:00", ""),               // Sunday, not counted
			}},
		{Meta: tms.Meta{ID: 3}, CustomerID: 2, TotalCents: 90000, PlannedMiles: 300,
			Assignment: tms.Assignment{DriverID: ptr(int64(10)), TruckID: ptr(int64(100))},
			Stops: []tms.Stop{
				stop(t, tms.StopPickup, 3, "2026-03-09 01:00", "2026-03-09 00:30"),   // on time
				stop(t, tms.StopDelivery, 1, "2026-03-09 07:00", "2026-03-09 08:00"), // Monday, late
			}},
		{Meta: tms.Meta{ID: 4}, CustomerID: 2, TotalCents: 10000, // no driver, no miles, no arrivals
			Assignment: tms.Assignment{TruckID: ptr(int64(200))},
			Stops: []tms.Stop{
				stop(t, tms.StopPickup, 1, "2026-03-05 08:00", ""),
				stop(t, tms.StopDelivery, 2, "2026-03-05 16:00", ""),
			}},
	}
	got := OperatingReport(OperatingInput{
		Loads:            loads,
		EmptyMilesTenths: map[int64]int64{1: 0, 2: 1000, 3: 500}, // load 4 missing: 0
		CustomerNames:    map[int64]string{1: "Acme", 2: "Beta"},
		DriverNames:      map[int64]string{10: "Dana", 11: "Bob"},
		TruckUnits:       map[int64]string{100: "T-100", 200: "T-050"},
		From:             date(t, "2026-03-01"),
		To:               date(t, "2026-03-31"),
	})
	want := Operating{
		From: date(t, "2026-03-01"),
		To:   date(t, "2026-03-31"),
		// 470000 cents over 1800.0 loaded miles = 261.11 -> 261 c/mi; 150.0 empty of 1950.0 = 7.6923%;
		// pickups 2 of 3 on time = 66.667%; deliveries 1 of 2 (load 2 has no arrival) = 50%.
		Overall: Metrics{Loads: 4, RevenueCents: 470000, LoadedMilesTenths: 18000, EmptyMilesTenths: 1500,
			RevenuePerMileCents: 261, DeadheadBP: 769, PickupsOnTime: 2, Pickups: 3, DeliveriesOnTime: 1, Deliveries: 2,
			OnTimePickupBP: 6667, OnTimeDeliveryBP: 5000},
		ByCustomer: []Group{
			// Loads 1, 2: 370000 / 1500.0 = 246.67 -> 247; 100.0 / 1600.0 = 6.25%; pickups 1 of 2; deliveries 1 of 1.
			{ID: 1, Name: "Acme", Metrics: Metrics{Loads: 2, RevenueCents: 370000, LoadedMilesTenths: 15000, EmptyMilesTenths: 1000,
				RevenuePerMileCents: 247, DeadheadBP: 625, PickupsOnTime: 1, Pickups: 2, DeliveriesOnTime: 1, Deliveries: 1,
				OnTimePickupBP: 5000, OnTimeDeliveryBP: 10000}},
			// Loads 3, 4: 100000 / 300.0 = 333.33 -> 333; 50.0 / 350.0 = 14.2857% -> 1429; pickups 1 of 1; deliveries 0 of 1.
			{ID: 2, Name: "Beta", Metrics: Metrics{Loads: 2, RevenueCents: 100000, LoadedMilesTenths: 3000, EmptyMilesTenths: 500,
				RevenuePerMileCents: 333, DeadheadBP: 1429, PickupsOnTime: 1, Pickups: 1, DeliveriesOnTime: 0, Deliveries: 1,
				OnTimePickupBP: 10000, OnTimeDeliveryBP: 0}},
		},
		ByDriver: []Group{
			// Load 2: 120000 / 500.0 = 240; 100.0 / 600.0 = 16.667% -> 1667; pickup late; no delivery arrival.
			{ID: 11, Name: "Bob", Metrics: Metrics{Loads: 1, RevenueCents: 120000, LoadedMilesTenths: 5000, EmptyMilesTenths: 1000,
				RevenuePerMileCents: 240, DeadheadBP: 1667, PickupsOnTime: 0, Pickups: 1, DeliveriesOnTime: 0, Deliveries: 0,
				OnTimePickupBP: 0, OnTimeDeliveryBP: 0}},
			// Loads 1, 3: 340000 / 1300.0 = 261.54 -> 262; 50.0 / 1350.0 = 3.7037% -> 370; pickups 2 of 2; deliveries 1 of 2.
			{ID: 10, Name: "Dana", Metrics: Metrics{Loads: 2, RevenueCents: 340000, LoadedMilesTenths: 13000, EmptyMilesTenths: 500,
				RevenuePerMileCents: 262, DeadheadBP: 370, PickupsOnTime: 2, Pickups: 2, DeliveriesOnTime: 1, Deliveries: 2,
				OnTimePickupBP: 10000, OnTimeDeliveryBP: 5000}},
		},
		ByTruckWeek: []TruckWeek{
			{TruckID: 200, Unit: "T-050", Week: date(t, "2026-03-02"), RevenueCents: 10000, Loads: 1},
			// Load 1 arrived Tuesday; load 2 has no arrival, its appointment ends Sunday of the same week.
			{TruckID: 100, Unit: "T-100", Week: date(t, "2026-03-02"), RevenueCents: 370000, Loads: 2},
			{TruckID: 100, Unit: "T-100", Week: date(t, "2026-03-09"), RevenueCents: 90000, Loads: 1},
		},
	}
	if diff := cmp.Diff(want, got, equateDates); diff != "" {
		t.Errorf("OperatingReport mismatch (-want +got):\n%s", diff)
	}
}

func TestOperatingReportEmpty(t *testing.T) {
	got := OperatingReport(OperatingInput{})
	want := Operating{ByCustomer: []Group{}, ByDriver: []Group{}, ByTruckWeek: []TruckWeek{}}
	if diff := cmp.Diff(want, got, equateDates); diff != "" {
		t.Errorf("OperatingReport mismatch (-want +got):\n%s", diff)
	}
}

// fakeRouter answers fixed miles per leg, keyed by the facility points, and counts its calls.
type fakeRouter struct {
	miles map[[2]tms.Point]float64
	calls int
}

func (f *fakeRouter) Route(_ context.Context, points []tms.Point) (tms.Route, error) {
	f.calls++
	mi, ok := f.miles[[2]tms.Point{points[0], points[1]}]
	if !ok {
		return tms.Route{}, errRouting
	}
	return tms.Route{Meters: tms.MilesToMeters(mi)}, nil
}

var errRouting = errors.New("no route")

var (
	chicago = tms.Facility{Meta: tms.Meta{ID: 1}, Lat: 41.8781, Lon: -87.6298}
	dallas  = tms.Facility{Meta: tms.Meta{ID: 2}, Lat: 32.7767, Lon: -96.7970}
	memphis = tms.Facility{Meta: tms.Meta{ID: 3}, Lat: 35.1495, Lon: -90.0490}
	atlanta = tms.Facility{Meta: tms.Meta{ID: 4}, Lat: 33.7490, Lon: -84.3880}
)

// haul is a load from one facility to another on a truck (0: none), starting at start.
func haul(t *testing.T, id, truck int64, start string, from, to int64) tms.Load {
	l := tms.Load{Meta: tms.Meta{ID: id}, Number: fmt.Sprintf("L%d", id), Stops: []tms.Stop{
		stop(t, tms.StopPickup, from, start, ""), stop(t, tms.StopDelivery, to, start, "")}}
	if truck != 0 {
		l.TruckID = ptr(truck)
	}
	return l
}

func TestEmptyMiles(t *testing.T) {
	facilities := map[int64]tms.Facility{1: chicago, 2: dallas, 3: memphis, 4: atlanta}
	legs := map[[2]tms.Point]float64{
		{dallas.Point(), memphis.Point()}: 452.37, // -> 4524 tenths
		{dallas.Point(), chicago.Point()}: 967.01, // -> 9670 tenths
	}
	tests := []struct {
		name      string
		loads     []tms.Load
		want      map[int64]int64
		wantCalls int
		wantErr   bool
		wantErrIs error // when set, the error must wrap it
	}{
		{name: "orders each truck's loads by first appointment",
			loads: []tms.Load{
				haul(t, 2, 100, "2026-03-05 08:00", 1, 4), // after load 3, which ended in Chicago: 0, no routing
				haul(t, 1, 100, "2026-03-02 08:00", 1, 2), // truck 100's first load: 0
				haul(t, 5, 200, "2026-03-06 08:00", 1, 3), // after load 4, which ended in Dallas: 967.0 mi
				haul(t, 3, 100, "2026-03-04 08:00", 3, 1), // after load 1, which ended in Dallas: 452.4 mi
				haul(t, 4, 200, "2026-03-03 08:00", 4, 2), // truck 200's first load: 0
				haul(t, 6, 0, "2026-03-04 08:00", 2, 3),   // no truck: 0
			},
			want:      map[int64]int64{1: 0, 2: 0, 3: 4524, 4: 0, 5: 9670, 6: 0},
			wantCalls: 2},
		{name: "router failure",
			loads:     []tms.Load{haul(t, 1, 100, "2026-03-02 08:00", 1, 4), haul(t, 2, 100, "2026-03-03 08:00", 2, 3)},
			wantCalls: 1, wantErr: true, wantErrIs: errRouting},
		{name: "unknown facility",
			loads:     []tms.Load{haul(t, 1, 100, "2026-03-02 08:00", 1, 9), haul(t, 2, 100, "2026-03-03 08:00", 2, 3)},
			wantCalls: 0, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			router := &fakeRouter{miles: legs}
			got, err := EmptyMiles(context.Background(), router, tt.loads, facilities)
			if (err != nil) != tt.wantErr || (tt.wantErrIs != nil && !errors.Is(err, tt.wantErrIs)) {
				t.Errorf("got error %v, want error %t wrapping %v", err, tt.wantErr, tt.wantErrIs)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("EmptyMiles mismatch (-want +got):\n%s", diff)
			}
			if router.calls != tt.wantCalls {
				t.Errorf("got %d routing calls, want %d", router.calls, tt.wantCalls)
			}
		})
	}
}

func TestEmptyMilesGreatCircle(t *testing.T) {
	loads := []tms.Load{haul(t, 1, 100, "2026-03-02 08:00", 1, 2), haul(t, 2, 100, "2026-03-03 08:00", 3, 4)}
	facilities := map[int64]tms.Facility{1: chicago, 2: dallas, 3: memphis, 4: atlanta}
	got, err := EmptyMiles(context.Background(), tms.GreatCircleRouter{}, loads, facilities)
	if err != nil {
		t.Fatal(err)
	}
	// Dallas to Memphis: about 420 great-circle miles, times the circuity factor 1.2.
	meters := tms.DistanceMeters(dallas.Point(), memphis.Point()) * tms.CircuityFactor
	want := map[int64]int64{1: 0, 2: tms.MilesTenths(tms.MetersToMiles(meters))}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EmptyMiles mismatch (-want +got):\n%s", diff)
	}
	if got[2] < 4900 || got[2] > 5200 {
		t.Errorf("got %d tenths Dallas to Memphis, want about 504 miles", got[2])
	}
}
