package storetest

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/tms"
)

func testTracking(t *testing.T, newStore NewStore) {
	t.Run("Devices", func(t *testing.T) { testDevices(t, newStore(t)) })
	t.Run("Positions", func(t *testing.T) { testPositions(t, newStore(t)) })
	t.Run("Nearest", func(t *testing.T) { testNearest(t, newStore(t)) })
	t.Run("Geofence", func(t *testing.T) { testGeofenceState(t, newStore(t)) })
}

// NewDevice creates an active device riding in truck.
func NewDevice(t testing.TB, s tms.Store, uniqueID string, truckID int64) tms.Device {
	t.Helper()
	d := tms.Device{UniqueID: uniqueID, Name: "phone " + uniqueID, TruckID: &truckID, Active: true}
	must(t, s.CreateDevice(ctxAs(0), &d))
	return d
}

func testDevices(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	d := NewDevice(t, s, "359-A", f.Truck.ID)
	if d.SpeedUnit != "kn" || d.Version != 1 {
		t.Errorf("created device = %+v, want speed unit kn and version 1", d)
	}
	dup := tms.Device{UniqueID: "359-A", Active: true}
	wantCode(t, s.CreateDevice(ctx, &dup), tms.CodeConflict)
	wantCode(t, s.CreateDevice(ctx, &tms.Device{UniqueID: "x", SpeedUnit: "furlongs"}), tms.CodeInvalid)
	got, err := s.DeviceByUniqueID(ctx, "359-A")
	must(t, err)
	if got.ID != d.ID {
		t.Errorf("DeviceByUniqueID = %d, want %d", got.ID, d.ID)
	}
	_, err = s.DeviceByUniqueID(ctx, "nope")
	wantCode(t, err, tms.CodeNotFound)
	up, err := s.UpdateDevice(ctx, d.ID, func(d *tms.Device) error { d.Active, d.SpeedUnit = false, "kmh"; return nil })
	must(t, err)
	page, err := s.ListDevices(ctx, tms.MasterFilter{Status: "inactive"})
	must(t, err)
	if up.Version != 2 || page.Total != 1 || page.Items[0].SpeedUnit != "kmh" {
		t.Errorf("after update: version %d, inactive list %+v", up.Version, page)
	}
	secret := tms.Device{UniqueID: "with-secret", Secret: "s3cret-path-token", Active: true}
	must(t, s.CreateDevice(ctx, &secret))
	_, err = s.UpdateDevice(ctx, secret.ID, func(d *tms.Device) error { d.Name = "renamed"; return nil })
	must(t, err)
	audit, err := s.ListAudit(ctx, tms.AuditFilter{Entity: "device", EntityID: strconv.FormatInt(secret.ID, 10)})
	must(t, err)
	for _, e := range audit.Items {
		if strings.Contains(string(e.Before)+string(e.After), "s3cret") {
			t.Errorf("the audit log holds a device secret: %s %s", e.Before, e.After)
		}
	}
}

func fix(d tms.Device, at time.Time, lat, lon float64) tms.Position {
	return tms.Position{DeviceID: d.ID, TruckID: d.TruckID, FixTime: at, ReceivedAt: at.Add(time.Second), Lat: lat, Lon: lon}
}

func testPositions(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	d := NewDevice(t, s, "dev-1", f.Truck.ID)
	t0 := time.Now().UTC().Truncate(time.Second).Add(-time.Hour)
	speed := 55.5
	first := fix(d, t0, 32.0, -96.0)
	first.SpeedMPH, first.Attributes = &speed, map[string]any{"ignition": true}
	got, err := s.SavePositions(ctx, []tms.Position{first, fix(d, t0.Add(time.Minute), 32.01, -96.0), first})
	must(t, err)
	if diff := cmp.Diff([]bool{true, true, false}, got); diff != "" {
		t.Errorf("inserted (-want +got):\n%s", diff)
	}
	got, err = s.SavePositions(ctx, []tms.Position{first, fix(d, t0.Add(-time.Minute), 31.99, -96.0)})
	must(t, err)
	if diff := cmp.Diff([]bool{false, true}, got); diff != "" {
		t.Errorf("re-sent and older fix inserted (-want +got):\n%s", diff)
	}
	latest, err := s.LatestPositions(ctx)
	must(t, err)
	if len(latest) != 1 || !latest[0].FixTime.Equal(t0.Add(time.Minute)) || latest[0].Lat != 32.01 {
		t.Errorf("latest = %+v, want the fix at t0+1m (an older fix never moves it back)", latest)
	}
	byTruck, err := s.TruckPositions(ctx, []int64{f.Truck.ID, 999})
	must(t, err)
	if diff := cmp.Diff(latest, byTruck); diff != "" {
		t.Errorf("TruckPositions (-latest +got):\n%s", diff)
	}
	track, err := s.Track(ctx, f.Truck.ID, t0.Add(-time.Hour), t0.Add(time.Hour))
	must(t, err)
	if len(track) != 3 || !track[0].FixTime.Equal(t0.Add(-time.Minute)) || track[1].SpeedMPH == nil || *track[1].SpeedMPH != speed ||
		track[1].Attributes["ignition"] != true {
		t.Errorf("track = %+v", track)
	}
	old := fix(d, t0.AddDate(0, -3, 0), 31.0, -96.0)
	_, err = s.SavePositions(ctx, []tms.Position{old})
	must(t, err)
	n, err := s.PurgePositions(ctx, t0.AddDate(0, 0, -30))
	must(t, err)
	track, err = s.Track(ctx, f.Truck.ID, t0.AddDate(-1, 0, 0), t0.Add(time.Hour))
	must(t, err)
	if n != 1 || len(track) != 3 {
		t.Errorf("purge removed %d, %d fixes left; want 1 removed, 3 left", n, len(track))
	}
}

// testNearest places 50 trucks on a spiral around Dallas and checks both backends name the
// same trucks in the same order, with distance and availability filters.
func testNearest(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	center := tms.Point{Lat: 32.7767, Lon: -96.7970}
	now := time.Now().UTC().Truncate(time.Second)
	var ps []tms.Position
	want := []int64{}
	for i := range 50 {
		tr := tms.Truck{UnitNumber: fmt.Sprintf("N-%02d", i)}
		must(t, s.CreateTruck(ctx, &tr))
		d := NewDevice(t, s, fmt.Sprintf("near-%02d", i), tr.ID)
		km := 2.0 + float64((i*37)%50)*3 // distinct distances 2..149 km, shuffled
		bearing := float64(i) * 0.7
		p := tms.Point{Lat: center.Lat + km/111.32*math.Cos(bearing), Lon: center.Lon + km/111.32*math.Sin(bearing)/math.Cos(center.Lat*math.Pi/180)}
		ps = append(ps, fix(d, now, p.Lat, p.Lon))
		want = append(want, tr.ID)
	}
	_, err := s.SavePositions(ctx, ps)
	must(t, err)
	slices.SortFunc(want, func(a, b int64) int {
		return cmpFloat(distOf(ps, a, center), distOf(ps, b, center))
	})
	got, err := s.NearestTrucks(ctx, tms.NearestQuery{Point: center, Limit: 10})
	must(t, err)
	if diff := cmp.Diff(want[:10], truckIDs(got)); diff != "" {
		t.Errorf("nearest 10 (-want +got):\n%s", diff)
	}
	got, err = s.NearestTrucks(ctx, tms.NearestQuery{Point: center, Limit: 100, MaxMeters: 50_000})
	must(t, err)
	for _, n := range got {
		if n.Meters > 50_000 || n.UnitNumber == "" || n.Load != nil {
			t.Errorf("within 50 km: %+v", n)
		}
	}
	if len(got) != 17 { // 2, 5, ..., 50 km
		t.Errorf("within 50 km: %d trucks, want 17", len(got))
	}
	busy := f.Load(now)
	busy.TruckID = &want[0]
	must(t, s.CreateLoad(ctx, &busy))
	got, err = s.NearestTrucks(ctx, tms.NearestQuery{Point: center, Limit: 2})
	must(t, err)
	if got[0].Load == nil || got[0].Load.ID != busy.ID {
		t.Errorf("nearest truck's load = %+v, want %d", got[0].Load, busy.ID)
	}
	got, err = s.NearestTrucks(ctx, tms.NearestQuery{Point: center, Limit: 2, AvailableOnly: true})
	must(t, err)
	if diff := cmp.Diff(want[1:3], truckIDs(got)); diff != "" {
		t.Errorf("available nearest (-want +got):\n%s", diff)
	}
}

func distOf(ps []tms.Position, truckID int64, c tms.Point) float64 {
	i := slices.IndexFunc(ps, func(p tms.Position) bool { return *p.TruckID == truckID })
	return tms.DistanceMeters(c, ps[i].Point())
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func truckIDs(ns []tms.NearbyTruck) []int64 {
	out := []int64{}
	for _, n := range ns {
		out = append(out, n.TruckID)
	}
	return out
}

func testGeofenceState(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	d := NewDevice(t, s, "geo-1", f.Truck.ID)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	must(t, s.UpdateGeofence(ctx, d.ID, func(g *tms.GeofenceState) error {
		if g.Phase != "" || !g.LastFix.IsZero() {
			t.Errorf("new state = %+v, want zero", g)
		}
		g.LoadID, g.StopID, g.Phase, g.Inside, g.FirstInside, g.LastFix = 7, 9, tms.GeofenceArrival, 1, at, at
		return nil
	}))
	wantErr := tms.Errorf(tms.CodeConflict, "rolled back")
	if err := s.UpdateGeofence(ctx, d.ID, func(g *tms.GeofenceState) error { g.Inside = 99; return wantErr }); err != wantErr {
		t.Errorf("UpdateGeofence error = %v, want fn's", err)
	}
	must(t, s.UpdateGeofence(ctx, d.ID, func(g *tms.GeofenceState) error {
		want := tms.GeofenceState{DeviceID: d.ID, LoadID: 7, StopID: 9, Phase: tms.GeofenceArrival, Inside: 1, FirstInside: at, LastFix: at}
		if diff := cmp.Diff(want, *g); diff != "" {
			t.Errorf("stored state (-want +got):\n%s", diff)
		}
		return nil
	}))
	if g, err := s.GeofenceState(ctx, d.ID); err != nil || g.Inside != 1 || !g.LastFix.Equal(at) {
		t.Errorf("GeofenceState = %+v, %v; want the stored state", g, err)
	}
	if g, err := s.GeofenceState(ctx, 999); err != nil || g != (tms.GeofenceState{DeviceID: 999}) {
		t.Errorf("GeofenceState of a device without one = %+v, %v; want the zero state", g, err)
	}
	l := f.Load(at)
	l.TruckID = &f.Truck.ID
	must(t, s.CreateLoad(ctx, &l))
	tracked, err := s.TrackedLoads(ctx, []int64{f.Truck.ID})
	must(t, err)
	if len(tracked) != 0 {
		t.Errorf("a booked load is tracked: %+v", tracked)
	}
	_, err = s.UpdateLoad(ctx, l.ID, func(_ tms.LoadTx, l *tms.Load) error { l.Status = tms.StatusDispatched; return nil })
	must(t, err)
	tracked, err = s.TrackedLoads(ctx, []int64{f.Truck.ID, 999})
	must(t, err)
	if len(tracked) != 1 || len(tracked[0].Stops) != 2 {
		t.Errorf("tracked = %+v, want the dispatched load with its stops", tracked)
	}
	events, err := s.LoadEventsSince(ctx, 0, 10)
	must(t, err)
	if len(events) != 1 || events[0].Type != tms.EventCreated {
		t.Fatalf("events since 0 = %+v", events)
	}
	newest, err := s.LatestLoadEventID(ctx)
	must(t, err)
	if newest != events[0].ID {
		t.Errorf("LatestLoadEventID = %d, want %d", newest, events[0].ID)
	}
	events, err = s.LoadEventsSince(ctx, events[0].ID, 10)
	must(t, err)
	if len(events) != 0 {
		t.Errorf("events after the last = %+v", events)
	}
}
