package tracking_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/osmand"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// dwell is a run of trace pings standing still: indexes first..last.
type dwell struct {
	first, last int
	at          tms.Point
}

// dwells finds runs of pings at speed 0 within half a mile of the run's first ping lasting at
// least 15 minutes, widened to the pings within the facility radius of the run's centre.
func dwells(trace []osmand.TracePoint) []dwell {
	var out []dwell
	for i := 0; i < len(trace); i++ {
		if trace[i].SpeedMPH != 0 {
			continue
		}
		j := i
		for j+1 < len(trace) && trace[j+1].SpeedMPH == 0 && tms.DistanceMeters(trace[i].Point, trace[j+1].Point) < 805 {
			j++
		}
		if trace[j].Time.Sub(trace[i].Time) >= 15*time.Minute {
			out = append(out, widen(trace, dwell{i, j, centroid(trace[i : j+1])}))
		}
		i = j
	}
	return out
}

// widen extends a dwell to the pings around it that are still within the facility radius
// of its centre (a truck rolling into or out of the dock), the pings a geofence sees inside.
func widen(trace []osmand.TracePoint, d dwell) dwell {
	for d.first > 0 && tms.DistanceMeters(d.at, trace[d.first-1].Point) <= facilityRadius {
		d.first--
	}
	for d.last+1 < len(trace) && tms.DistanceMeters(d.at, trace[d.last+1].Point) <= facilityRadius {
		d.last++
	}
	return d
}

const facilityRadius = 300

func centroid(ps []osmand.TracePoint) tms.Point {
	var c tms.Point
	for _, p := range ps {
		c.Lat += p.Point.Lat / float64(len(ps))
		c.Lon += p.Point.Lon / float64(len(ps))
	}
	return c
}

func readTrace(t testing.TB) []osmand.TracePoint {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	f, err := os.Open(filepath.Join(filepath.Dir(file), "../../testdata/gps/atri_like_truck_trace.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	trace, err := osmand.ReadTrace(f, chicago)
	if err != nil {
		t.Fatal(err)
	}
	return trace
}

// scene is a dispatched load whose stops are facilities at the trace's dwell points, and the
// device riding in its truck.
type scene struct {
	load   tms.Load
	device tms.Device
	dwells []dwell
}

func newScene(t testing.TB, s tms.Store, trace []osmand.TracePoint, name string) scene {
	t.Helper()
	ctx := context.Background()
	ds := dwells(trace)
	if len(ds) < 3 {
		t.Fatalf("found %d dwell clusters in the trace, want at least 3", len(ds))
	}
	ds = ds[:3]
	cust := tms.Customer{Name: "Trace Foods " + name, Active: true}
	must(t, s.CreateCustomer(ctx, &cust))
	truck := tms.Truck{UnitNumber: "TR-" + name}
	must(t, s.CreateTruck(ctx, &truck))
	l := tms.Load{CustomerID: cust.ID}
	for i, d := range ds {
		f := tms.Facility{Name: fmt.Sprintf("Dwell %d", i+1), Lat: d.at.Lat, Lon: d.at.Lon, GeofenceMeters: facilityRadius, TimeZone: "America/Chicago", Active: true}
		must(t, s.CreateFacility(ctx, &f))
		kind := map[bool]tms.StopKind{true: tms.StopPickup, false: tms.StopDelivery}[i == 0]
		at := trace[d.first].Time
		l.Stops = append(l.Stops, tms.Stop{Kind: kind, FacilityID: f.ID, AppointmentStart: at, AppointmentEnd: at.Add(time.Hour)})
	}
	must(t, s.CreateLoad(ctx, &l))
	l, err := s.UpdateLoad(ctx, l.ID, func(tx tms.LoadTx, l *tms.Load) error {
		tx.AddEvent(tms.LoadEvent{Type: tms.EventStatus, FromStatus: l.Status, ToStatus: tms.StatusDispatched, At: trace[0].Time.Add(-time.Hour)})
		l.TruckID, l.Status = &truck.ID, tms.StatusDispatched
		return nil
	})
	must(t, err)
	dev := tms.Device{UniqueID: "trace-phone-" + name, TruckID: &truck.ID, SpeedUnit: "mph", Active: true}
	must(t, s.CreateDevice(ctx, &dev))
	return scene{load: l, device: dev, dwells: ds}
}

// osmandQuery is the query a phone sends for one trace ping.
func osmandQuery(device string, p osmand.TracePoint) string {
	v := url.Values{"id": {device}, "lat": {fmt.Sprint(p.Point.Lat)}, "lon": {fmt.Sprint(p.Point.Lon)},
		"timestamp": {fmt.Sprint(p.Time.Unix())}, "speed": {fmt.Sprint(p.SpeedMPH)}}
	return "/osmand?" + v.Encode()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// gpsStopEvents returns the load's stop events in order.
func gpsStopEvents(t testing.TB, s tms.Store, loadID int64) []tms.LoadEvent {
	t.Helper()
	all, err := s.LoadEvents(context.Background(), loadID)
	must(t, err)
	var out []tms.LoadEvent
	for _, e := range all {
		if e.Type == tms.EventStopArrived || e.Type == tms.EventStopDeparted {
			out = append(out, e)
		}
	}
	return out
}

// Replaying the recorded truck trace through /osmand arrives at and departs from each of
// three facilities placed at its dwell points exactly once, at the trace's times; sending the
// whole trace again changes nothing.
func TestTraceReplayGeofence(t *testing.T) {
	trace := readTrace(t)
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			srv := apitest.Start(t, apitest.DefaultConfig(t), store)
			sc := newScene(t, store, trace, "1")
			c := srv.NewClient(t)
			send := func() {
				for _, p := range trace {
					c.Do("GET", osmandQuery(sc.device.UniqueID, p), nil).Want(http.StatusOK)
				}
				must(t, srv.App.Tracking.WaitIdle(context.Background()))
			}
			send()
			events := gpsStopEvents(t, store, sc.load.ID)
			checkStopEvents(t, events, sc, trace)
			l, err := store.Load(context.Background(), sc.load.ID)
			must(t, err)
			if l.Status != tms.StatusDelivered {
				t.Errorf("load status = %s, want delivered after the last departure", l.Status)
			}
			send()
			if diff := cmp.Diff(events, gpsStopEvents(t, store, sc.load.ID)); diff != "" {
				t.Errorf("re-sending the trace changed the events (-before +after):\n%s", diff)
			}
		})
	}
}

func checkStopEvents(t *testing.T, events []tms.LoadEvent, sc scene, trace []osmand.TracePoint) {
	t.Helper()
	if len(events) != 2*len(sc.dwells) {
		t.Fatalf("got %d stop events, want one arrival and one departure per facility: %+v", len(events), events)
	}
	within := func(at time.Time, i int) bool {
		lo, hi := trace[max(0, i-1)].Time, trace[min(len(trace)-1, i+1)].Time
		return !at.Before(lo) && !at.After(hi)
	}
	for k, d := range sc.dwells {
		arr, dep := events[2*k], events[2*k+1]
		stop := sc.load.Stops[k].ID
		if arr.Type != tms.EventStopArrived || *arr.StopID != stop || arr.Source != tms.SourceGPS || !within(arr.At, d.first) {
			t.Errorf("facility %d arrival = %s stop %d %s at %s, want gps arrival at stop %d near %s",
				k+1, arr.Type, *arr.StopID, arr.Source, arr.At, stop, trace[d.first].Time)
		}
		if dep.Type != tms.EventStopDeparted || *dep.StopID != stop || dep.Source != tms.SourceGPS || !within(dep.At, d.last) {
			t.Errorf("facility %d departure = %s stop %d %s at %s, want gps departure from stop %d near %s",
				k+1, dep.Type, *dep.StopID, dep.Source, dep.At, stop, trace[d.last].Time)
		}
	}
}
