package tracking_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/osmand"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
)

// storeTrace saves the trace's pings as fixes of the scene's device and returns the pings
// stored: the trace's times are whole minutes, and a second ping in the same minute is a
// duplicate fix.
func storeTrace(t *testing.T, store tms.Store, sc scene, trace []osmand.TracePoint) []osmand.TracePoint {
	t.Helper()
	ps := make([]tms.Position, len(trace))
	for i, p := range trace {
		ps[i] = tms.Position{DeviceID: sc.device.ID, TruckID: sc.device.TruckID, FixTime: p.Time, ReceivedAt: p.Time, Lat: p.Point.Lat, Lon: p.Point.Lon}
	}
	inserted, err := store.SavePositions(context.Background(), ps)
	must(t, err)
	var stored []osmand.TracePoint
	for i, ok := range inserted {
		if ok {
			stored = append(stored, trace[i])
		}
	}
	return stored
}

// handHaversineMiles sums the trace's legs on a sphere of radius 3,958.8 miles.
func handHaversineMiles(trace []osmand.TracePoint) float64 {
	rad := func(d float64) float64 { return d * math.Pi / 180 }
	var sum float64
	for i := 1; i < len(trace); i++ {
		a, b := trace[i-1].Point, trace[i].Point
		h := math.Pow(math.Sin(rad(b.Lat-a.Lat)/2), 2) + math.Cos(rad(a.Lat))*math.Cos(rad(b.Lat))*math.Pow(math.Sin(rad(b.Lon-a.Lon)/2), 2)
		sum += 2 * 3958.8 * math.Asin(math.Sqrt(h))
	}
	return sum
}

// Replaying the recorded trace: the distance is the trace's, the line is simplified but keeps
// both ends, and the stops of the scene's load are points with their details.
func TestTrackReplay(t *testing.T) {
	trace := readTrace(t)
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			sc := newScene(t, store, trace, "1")
			stored := storeTrace(t, store, sc, trace)
			s := newETAService(t, store, tms.GreatCircleRouter{})
			from, to := trace[0].Time, trace[len(trace)-1].Time.Add(time.Second)
			fc, err := s.Track(context.Background(), *sc.load.TruckID, from, to)
			must(t, err)
			checkGeoJSON(t, fc)
			want := handHaversineMiles(stored)
			if got := fc.Properties.DistanceMiles; math.Abs(got-want) > 0.02*want || want < 100 {
				t.Errorf("distance %.2f mi, want %.2f mi within 2 %%", got, want)
			}
			line := fc.Features[0].Geometry.Coordinates.([][2]float64)
			first, last := trace[0].Point, trace[len(trace)-1].Point
			if line[0] != [2]float64{first.Lon, first.Lat} || line[len(line)-1] != [2]float64{last.Lon, last.Lat} {
				t.Errorf("line runs %v..%v, want the trace's ends %v..%v", line[0], line[len(line)-1], first, last)
			}
			if p := fc.Properties; p.Fixes != len(stored) || p.Points != len(line) || p.Points >= p.Fixes*3/4 || p.ToleranceMeters < 100 {
				t.Errorf("fixes %d, points %d, tolerance %.0f m: want %d fixes simplified by at least a quarter with >= 100 m for %s",
					p.Fixes, p.Points, p.ToleranceMeters, len(stored), to.Sub(from))
			}
			checkStops(t, fc.Features[1:], sc)
		})
	}
}

func checkStops(t *testing.T, stops []tracking.Feature, sc scene) {
	t.Helper()
	if len(stops) != len(sc.load.Stops) {
		t.Fatalf("got %d stop features, want %d", len(stops), len(sc.load.Stops))
	}
	for i, f := range stops {
		p := f.Properties.(tracking.StopProperties)
		st := sc.load.Stops[i]
		if p.LoadNumber != sc.load.Number || p.StopID != st.ID || p.Seq != i+1 || p.Kind != st.Kind || p.Status != st.Status ||
			p.FacilityName != fmt.Sprintf("Dwell %d", i+1) {
			t.Errorf("stop %d properties %+v, want load %s stop %d seq %d %s %s at Dwell %d", i, p, sc.load.Number, st.ID, i+1, st.Kind, st.Status, i+1)
		}
	}
}

// checkGeoJSON checks the RFC 7946 shape of the encoded collection.
func checkGeoJSON(t *testing.T, fc tracking.FeatureCollection) {
	t.Helper()
	raw, err := json.Marshal(fc)
	must(t, err)
	var doc struct {
		Type     string
		Features []struct {
			Type       string
			Geometry   struct{ Type, Coordinates json.RawMessage }
			Properties map[string]any
		}
	}
	must(t, json.Unmarshal(raw, &doc))
	if doc.Type != "FeatureCollection" || len(doc.Features) == 0 {
		t.Fatalf("type %q with %d features, want a FeatureCollection with features", doc.Type, len(doc.Features))
	}
	for i, f := range doc.Features {
		var positions [][]float64
		switch string(f.Geometry.Type) {
		case `"Point"`:
			var pos []float64
			must(t, json.Unmarshal(f.Geometry.Coordinates, &pos))
			positions = [][]float64{pos}
		case `"LineString"`:
			must(t, json.Unmarshal(f.Geometry.Coordinates, &positions))
			if len(positions) < 2 {
				t.Errorf("feature %d: a LineString of %d positions", i, len(positions))
			}
		default:
			t.Errorf("feature %d: geometry type %s", i, f.Geometry.Type)
		}
		if f.Type != "Feature" || f.Properties == nil {
			t.Errorf("feature %d: type %q, properties %v", i, f.Type, f.Properties)
		}
		for _, p := range positions {
			if len(p) != 2 || p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
				t.Errorf("feature %d: position %v is not [lon, lat]", i, p)
			}
		}
	}
}

// A long zigzag is cut to at most MaxTrackPoints points however small the range's tolerance.
func TestTrackCapsPoints(t *testing.T) {
	store := testenv.SQLite(t)
	truck := tms.Truck{UnitNumber: "ZZ-1"}
	must(t, store.CreateTruck(context.Background(), &truck))
	dev := tms.Device{UniqueID: "zigzag", TruckID: &truck.ID, Active: true}
	must(t, store.CreateDevice(context.Background(), &dev))
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var ps []tms.Position
	for i := range 6000 {
		ps = append(ps, tms.Position{DeviceID: dev.ID, TruckID: &truck.ID, FixTime: t0.Add(time.Duration(i) * time.Second),
			ReceivedAt: t0, Lat: 35 + float64(i)*1e-4, Lon: -97 + float64(i%2)*1e-3})
	}
	_, err := store.SavePositions(context.Background(), ps)
	must(t, err)
	s := newETAService(t, store, tms.GreatCircleRouter{})
	fc, err := s.Track(context.Background(), truck.ID, t0, t0.Add(2*time.Hour))
	must(t, err)
	if p := fc.Properties; p.Fixes != 6000 || p.Points > tracking.MaxTrackPoints || p.Points < 2 || p.ToleranceMeters <= 5 {
		t.Errorf("fixes %d, points %d, tolerance %.1f m; want 6000 fixes cut to at most %d points by a tolerance above 5 m",
			p.Fixes, p.Points, p.ToleranceMeters, tracking.MaxTrackPoints)
	}
}

// The routes over a real server: track, one load's ETA and the in-transit list; bad input
// is a 400 and an unknown truck a 404.
func TestTrackingQueryRoutes(t *testing.T) {
	trace := readTrace(t)
	store := testenv.SQLite(t)
	srv := apitest.Start(t, apitest.DefaultConfig(t), store)
	sc := newScene(t, store, trace, "1")
	stored := storeTrace(t, store, sc, trace)
	_, pw := apitest.CreateUser(t, store, "dispatch@example.com", tms.RoleDispatcher)
	c := srv.NewClient(t).Login("dispatch@example.com", pw)
	span := url.Values{"from": {trace[0].Time.Format(time.RFC3339)}, "to": {trace[len(trace)-1].Time.Add(time.Minute).Format(time.RFC3339)}}
	var fc struct {
		Type       string
		Properties tracking.TrackProperties
	}
	c.Do("GET", fmt.Sprintf("/api/v1/trucks/%d/track?%s", *sc.load.TruckID, span.Encode()), nil).Want(http.StatusOK).JSON(&fc)
	if fc.Type != "FeatureCollection" || fc.Properties.Fixes != len(stored) {
		t.Errorf("track: type %q with %d fixes, want a FeatureCollection of %d", fc.Type, fc.Properties.Fixes, len(stored))
	}
	var eta tracking.ETA
	c.Do("GET", fmt.Sprintf("/api/v1/loads/%d/eta", sc.load.ID), nil).Want(http.StatusOK).JSON(&eta)
	if eta.LoadID != sc.load.ID || eta.ETA == nil || eta.LastFixAt == nil || !eta.LastFixAt.Equal(trace[len(trace)-1].Time) {
		t.Errorf("eta = %+v, want one from the trace's last fix", eta)
	}
	var list []tracking.ETA
	c.Do("GET", "/api/v1/tracking/eta", nil).Want(http.StatusOK).JSON(&list)
	if len(list) != 0 {
		t.Errorf("in-transit ETAs = %+v, want none (the scene's load is dispatched)", list)
	}
	c.Do("GET", fmt.Sprintf("/api/v1/trucks/%d/track?from=yesterday", *sc.load.TruckID), nil).Want(http.StatusBadRequest)
	c.Do("GET", fmt.Sprintf("/api/v1/trucks/%d/track?from=2026-03-02&to=2026-03-01", *sc.load.TruckID), nil).Want(http.StatusBadRequest)
	c.Do("GET", "/api/v1/trucks/999999/track", nil).Want(http.StatusNotFound)
}
