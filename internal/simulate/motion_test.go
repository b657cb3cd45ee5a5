package simulate

import (
	"math"
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Dallas to Houston is 225.2 miles on the great circle: 4h05m40s at 55 mph. The truck is
// half-way after half that time, parks at Houston, and is back in Dallas after a full loop.
func TestRouteMotion(t *testing.T) {
	dallas, houston := tms.Point{Lat: 32.7767, Lon: -96.7970}, tms.Point{Lat: 29.7604, Lon: -95.3698}
	r := newRoute([]tms.Point{dallas, houston}, 55, 20*time.Minute, 0)
	drive := r.legs[0].drive
	if want := 225.2 / 55 * float64(time.Hour); math.Abs(float64(drive)-want) > float64(time.Minute) {
		t.Fatalf("drive %s, want %s", drive, time.Duration(want))
	}
	near := func(a, b tms.Point, m float64) bool { return tms.DistanceMeters(a, b) <= m }
	mid := r.at(drive / 2)
	if d1, d2 := tms.DistanceMeters(dallas, mid.at), tms.DistanceMeters(mid.at, houston); math.Abs(d1-d2) > 10 || mid.speedMPH != 55 {
		t.Errorf("half-way: %v at %.0f m from Dallas, %.0f m from Houston, %v mph", mid.at, d1, d2, mid.speedMPH)
	}
	if h := mid.heading; h < 150 || h > 170 {
		t.Errorf("heading %.0f, want south-south-east", h)
	}
	if parked := r.at(drive + 10*time.Minute); parked.speedMPH != 0 || !near(parked.at, houston, 1) {
		t.Errorf("during the dwell: %+v, want parked at Houston", parked)
	}
	if back := r.at(r.cycle); !near(back.at, dallas, 1) {
		t.Errorf("after a loop: %+v, want Dallas", back)
	}
}

// Every truck gets two different stops, whatever the number of places.
func TestItinerary(t *testing.T) {
	for n := 2; n <= 5; n++ {
		for i := range 40 {
			it := itinerary(demoCities[:n], i)
			if len(it) != 2 || it[0] == it[1] {
				t.Fatalf("n=%d truck %d: itinerary %v", n, i, it)
			}
		}
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[float64]time.Duration{50: 50 * time.Millisecond, 95: 95 * time.Millisecond, 99: 99 * time.Millisecond, 100: 100 * time.Millisecond} {
		if got := percentile(d, p); got != want {
			t.Errorf("p%.0f = %s, want %s", p, got, want)
		}
	}
}

// A load's journey starts where its truck is: dwelling at a stop it has arrived at, half-way
// from a stop it left, approaching a first stop not reached yet, or where a former journey
// left it; it ends parked past the last stop, and nothing is left once every stop is departed.
func TestLoadRoute(t *testing.T) {
	dallas, houston := tms.Point{Lat: 32.7767, Lon: -96.7970}, tms.Point{Lat: 29.7604, Lon: -95.3698}
	points := []tms.Point{dallas, houston}
	at := time.Now()
	miles := func(a, b tms.Point) float64 { return tms.MetersToMiles(tms.DistanceMeters(a, b)) }
	memphis := tms.Point{Lat: 35.1495, Lon: -90.0490}
	cases := []struct {
		name       string
		stops      []tms.Stop
		from       *tms.Point
		wantStart  func(tms.Point) bool
		wantParked bool // at the start, dwelling
	}{
		{"arrived at the pickup", []tms.Stop{{ArrivedAt: &at}, {}}, nil, func(p tms.Point) bool { return miles(p, dallas) < 0.01 }, true},
		{"left the pickup", []tms.Stop{{ArrivedAt: &at, DepartedAt: &at}, {}}, nil, func(p tms.Point) bool {
			return math.Abs(miles(p, dallas)-miles(p, houston)) < 0.5
		}, false},
		{"not at the pickup yet", []tms.Stop{{}, {}}, nil, func(p tms.Point) bool {
			return math.Abs(miles(p, dallas)-approachMiles) < 0.5 && miles(p, houston) > miles(dallas, houston)
		}, false},
		{"from a former journey", []tms.Stop{{}, {}}, &memphis, func(p tms.Point) bool { return p == memphis }, false},
	}
	for _, tc := range cases {
		r, ok := loadRoute(tc.stops, points, tc.from, 55, 20*time.Minute)
		if !ok {
			t.Fatalf("%s: no route", tc.name)
		}
		start := r.at(0)
		if !tc.wantStart(start.at) || (start.speedMPH == 0) != tc.wantParked {
			t.Errorf("%s: starts at %+v", tc.name, start)
		}
		if end := r.at(r.cycle + time.Hour); end.speedMPH != 0 || miles(end.at, houston) < awayMiles-0.1 || miles(end.at, houston) > awayMiles+0.1 {
			t.Errorf("%s: ends at %+v, want parked %v miles past Houston", tc.name, end, awayMiles)
		}
	}
	if _, ok := loadRoute([]tms.Stop{{ArrivedAt: &at, DepartedAt: &at}, {ArrivedAt: &at, DepartedAt: &at}}, points, nil, 55, time.Minute); ok {
		t.Error("a load with every stop departed has a route")
	}
}
