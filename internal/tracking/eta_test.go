package tracking_test

import (
	"cmp"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
)

// Hand computation: the facilities lie on the meridian 90° W one degree of latitude apart.
// One degree along a meridian is 6,371,008.8 m x pi/180 = 111,195.08 m; the default router
// multiplies by 1.2: 133,434.10 m = 82.912 mi, which takes 1.658242 h = 5,969.67 s at 50 mph,
// so the ETA is the fix time plus 1h39m29s (whole seconds).
var (
	etaT0   = time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	oneLeg  = time.Hour + 39*time.Minute + 29*time.Second
	legMi   = 82.91
	meridan = -90.0
)

// etaWorld is a store with three facilities on the meridian and one customer.
type etaWorld struct {
	store tms.Store
	cust  tms.Customer
	fac   [3]tms.Facility // at latitudes 30, 31, 32
}

func newETAWorld(t *testing.T, store tms.Store) etaWorld {
	t.Helper()
	w := etaWorld{store: store, cust: tms.Customer{Name: "ETA Foods", Active: true}}
	must(t, store.CreateCustomer(context.Background(), &w.cust))
	for i := range w.fac {
		w.fac[i] = tms.Facility{Name: fmt.Sprintf("Dock %d", i), Lat: 30 + float64(i), Lon: meridan, TimeZone: "America/Chicago", Active: true}
		must(t, store.CreateFacility(context.Background(), &w.fac[i]))
	}
	return w
}

// stopSpec is one stop of a test load: facility index, appointment window from etaT0, status.
type stopSpec struct {
	fac        int
	start, end time.Duration
	status     tms.StopStatus
	arrived    time.Duration // arrival time from etaT0 when status is arrived
}

// load stores a load in status with a truck (unless noTruck) and, when fixAt is >= 0, a fix
// of that truck at facility fixAt's position at etaT0.
func (w etaWorld) load(t *testing.T, name string, status tms.LoadStatus, stops []stopSpec, fixAt int, noTruck bool) tms.Load {
	t.Helper()
	ctx := context.Background()
	truck := tms.Truck{UnitNumber: "ETA-" + name}
	must(t, w.store.CreateTruck(ctx, &truck))
	l := tms.Load{CustomerID: w.cust.ID}
	for i, sp := range stops {
		kind := map[bool]tms.StopKind{true: tms.StopPickup, false: tms.StopDelivery}[i == 0]
		l.Stops = append(l.Stops, tms.Stop{Kind: kind, FacilityID: w.fac[sp.fac].ID,
			AppointmentStart: etaT0.Add(sp.start), AppointmentEnd: etaT0.Add(sp.end)})
	}
	must(t, w.store.CreateLoad(ctx, &l))
	l, err := w.store.UpdateLoad(ctx, l.ID, func(_ tms.LoadTx, l *tms.Load) error {
		l.Status = status
		if !noTruck {
			l.TruckID = &truck.ID
		}
		for i, sp := range stops {
			l.Stops[i].Status = sp.status
			if sp.status != tms.StopPending {
				at := etaT0.Add(sp.arrived)
				l.Stops[i].ArrivedAt = &at
			}
			if sp.status == tms.StopDeparted {
				at := etaT0.Add(sp.arrived + time.Hour)
				l.Stops[i].DepartedAt = &at
			}
		}
		return nil
	})
	must(t, err)
	if fixAt >= 0 {
		dev := tms.Device{UniqueID: "eta-" + name, TruckID: &truck.ID, Active: true}
		must(t, w.store.CreateDevice(ctx, &dev))
		_, err := w.store.SavePositions(ctx, []tms.Position{{DeviceID: dev.ID, TruckID: &truck.ID, FixTime: etaT0,
			ReceivedAt: etaT0, Lat: w.fac[fixAt].Lat, Lon: w.fac[fixAt].Lon}})
		must(t, err)
	}
	return l
}

// fixedRouter is a router that knows durations (as OSRM does): every leg is the same.
type fixedRouter struct{ route tms.Route }

func (r fixedRouter) Route(context.Context, []tms.Point) (tms.Route, error) { return r.route, nil }

// newETAService estimates at now (etaT0 when zero).
func newETAService(t *testing.T, store tms.Store, router tms.Router, now ...time.Time) *tracking.Service {
	clock := append(now, etaT0)[0]
	s := tracking.New(tracking.Config{Now: func() time.Time { return clock }}, store, &dispatch.Service{Store: store, Router: router}, tracking.NewMemory(), nil)
	t.Cleanup(func() { s.Close() })
	return s
}

type etaWant struct {
	eta     time.Duration // from etaT0
	miles   float64
	late    bool
	noGPS   bool
	unknown string
	stops   []time.Duration // each remaining stop's ETA from etaT0
}

func TestLoadETA(t *testing.T) {
	departed, pending := tms.StopDeparted, tms.StopPending
	cases := []struct {
		name   string
		status tms.LoadStatus
		stops  []stopSpec
		fixAt  int
		router tms.Router
		clock  time.Duration // estimate at etaT0 + clock
		want   etaWant
	}{
		{"on time", tms.StatusInTransit, []stopSpec{{0, -3 * time.Hour, -2 * time.Hour, departed, -3 * time.Hour}, {1, time.Hour, 2 * time.Hour, pending, 0}}, 0, nil, 0,
			etaWant{eta: oneLeg, miles: legMi, stops: []time.Duration{oneLeg}}},
		{"late", tms.StatusInTransit, []stopSpec{{0, -3 * time.Hour, -2 * time.Hour, departed, -3 * time.Hour}, {1, 0, time.Hour, pending, 0}}, 0, nil, 0,
			etaWant{eta: oneLeg, miles: legMi, late: true, stops: []time.Duration{oneLeg}}},
		// The pickup opens at +3h: the second leg starts then, not at the +1h39m29s arrival.
		{"waits for the next appointment", tms.StatusDispatched, []stopSpec{{1, 3 * time.Hour, 4 * time.Hour, pending, 0}, {2, 5 * time.Hour, 5*time.Hour + 30*time.Minute, pending, 0}}, 0, nil, 0,
			etaWant{eta: oneLeg, miles: 165.82, stops: []time.Duration{oneLeg, 3*time.Hour + oneLeg}}},
		{"arrived late at the next stop", tms.StatusInTransit, []stopSpec{{0, -5 * time.Hour, -4 * time.Hour, departed, -5 * time.Hour}, {1, -time.Hour, -20 * time.Minute, tms.StopArrived, -10 * time.Minute}}, 1, nil, 0,
			etaWant{eta: -10 * time.Minute, miles: 0, late: true, stops: []time.Duration{-10 * time.Minute}}},
		// 100 km in one hour from a router that knows durations: 62.14 mi, ETA +1h.
		{"router duration", tms.StatusInTransit, []stopSpec{{0, -3 * time.Hour, -2 * time.Hour, departed, -3 * time.Hour}, {2, time.Hour, 90 * time.Minute, pending, 0}}, 0, fixedRouter{tms.Route{Meters: 100_000, Seconds: 3600}}, 0,
			etaWant{eta: time.Hour, miles: 62.14, stops: []time.Duration{time.Hour}}},
		{"no fix", tms.StatusInTransit, []stopSpec{{0, 0, time.Hour, pending, 0}, {1, 2 * time.Hour, 3 * time.Hour, pending, 0}}, -1, nil, 0,
			etaWant{unknown: tracking.UnknownNoFix, noGPS: true}},
		// 16 h past the delivery window without an arrival and without a fix: late all the same.
		{"window over, no fix", tms.StatusInTransit, []stopSpec{{0, -30 * time.Hour, -29 * time.Hour, departed, -30 * time.Hour}, {1, -20 * time.Hour, -16 * time.Hour, pending, 0}}, -1, nil, 0,
			etaWant{unknown: tracking.UnknownNoFix, late: true, noGPS: true}},
		// The fix is 4 h old when asked: on time by the projection, at risk for the silence.
		{"silent for 4 h", tms.StatusInTransit, []stopSpec{{0, -3 * time.Hour, -2 * time.Hour, departed, -3 * time.Hour}, {1, 5 * time.Hour, 6 * time.Hour, pending, 0}}, 0, nil, 4 * time.Hour,
			etaWant{eta: oneLeg, miles: legMi, noGPS: true, stops: []time.Duration{oneLeg}}},
	}
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			w := newETAWorld(t, store)
			defaultSvc := newETAService(t, store, tms.GreatCircleRouter{})
			for _, c := range cases {
				s := defaultSvc
				if c.router != nil || c.clock != 0 {
					s = newETAService(t, store, cmp.Or(c.router, tms.Router(tms.GreatCircleRouter{})), etaT0.Add(c.clock))
				}
				l := w.load(t, c.name, c.status, c.stops, c.fixAt, false)
				got, err := s.LoadETA(context.Background(), l)
				must(t, err)
				checkETA(t, c.name, got, l, c.want)
			}
		})
	}
}

func checkETA(t *testing.T, name string, got tracking.ETA, l tms.Load, want etaWant) {
	t.Helper()
	next := l.Stops[l.NextStop()]
	if got.LoadID != l.ID || got.StopID != next.ID || !got.AppointmentEnd.Equal(next.AppointmentEnd) || got.Unknown != want.unknown {
		t.Errorf("%s: got load %d stop %d appointment end %s unknown %q, want %d, %d, %s, %q",
			name, got.LoadID, got.StopID, got.AppointmentEnd, got.Unknown, l.ID, next.ID, next.AppointmentEnd, want.unknown)
	}
	if got.NoGPS != want.noGPS || (want.unknown != "" && got.Late != want.late) {
		t.Errorf("%s: got no GPS %v, late %v; want %v, %v", name, got.NoGPS, got.Late, want.noGPS, want.late)
	}
	if want.unknown != "" {
		if got.ETA != nil || got.LastFixAt != nil || len(got.Stops) != 0 {
			t.Errorf("%s: got ETA %v, last fix %v, %d stops; want none", name, got.ETA, got.LastFixAt, len(got.Stops))
		}
		return
	}
	if got.ETA == nil || !got.ETA.Equal(etaT0.Add(want.eta)) || got.RemainingMiles != want.miles || got.Late != want.late {
		t.Errorf("%s: got ETA %v, %.2f mi, late %v; want %s, %.2f mi, late %v", name, got.ETA, got.RemainingMiles, got.Late,
			etaT0.Add(want.eta), want.miles, want.late)
	}
	if got.LastFixAt == nil || !got.LastFixAt.Equal(etaT0) {
		t.Errorf("%s: last fix at %v, want %s", name, got.LastFixAt, etaT0)
	}
	if len(got.Stops) != len(want.stops) {
		t.Fatalf("%s: got %d stop estimates, want %d", name, len(got.Stops), len(want.stops))
	}
	for i, d := range want.stops {
		if !got.Stops[i].ETA.Equal(etaT0.Add(d)) {
			t.Errorf("%s: stop %d ETA %s, want %s", name, i, got.Stops[i].ETA, etaT0.Add(d))
		}
	}
}

// The list holds every in-transit load and nothing else; a load without a truck or a fix is
// listed with the reason it has no ETA; a load that is not moving has none to ask for.
func TestInTransitETAs(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			w := newETAWorld(t, store)
			s := newETAService(t, store, tms.GreatCircleRouter{})
			two := []stopSpec{{0, 0, time.Hour, tms.StopDeparted, 0}, {1, time.Hour, 2 * time.Hour, tms.StopPending, 0}}
			moving := w.load(t, "moving", tms.StatusInTransit, two, 0, false)
			later := []stopSpec{{0, time.Minute, time.Hour, tms.StopDeparted, 0}, {1, time.Hour, 2 * time.Hour, tms.StopPending, 0}}
			noTruck := w.load(t, "no-truck", tms.StatusInTransit, later, -1, true)
			booked := w.load(t, "booked", tms.StatusBooked, two, 0, false)
			w.load(t, "dispatched", tms.StatusDispatched, two, 0, false)
			got, err := s.InTransitETAs(context.Background())
			must(t, err)
			if len(got) != 2 || got[0].LoadID != moving.ID || got[1].LoadID != noTruck.ID {
				t.Fatalf("got %+v, want the two in-transit loads %d and %d", got, moving.ID, noTruck.ID)
			}
			checkETA(t, "moving", got[0], moving, etaWant{eta: oneLeg, miles: legMi, stops: []time.Duration{oneLeg}})
			checkETA(t, "no truck", got[1], noTruck, etaWant{unknown: tracking.UnknownNoTruck})
			_, err = s.LoadETA(context.Background(), booked)
			if tms.ErrorCode(err) != tms.CodeConflict {
				t.Errorf("ETA of a booked load: err %v, want conflict", err)
			}
		})
	}
}
