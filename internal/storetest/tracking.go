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
	t.Run("NearestTwoDevices", func(t *testing.T) { testNearestTwoDevices(t, newStore(t)) })
	t.Run("NearestAntimeridian", func(t *testing.T) { testNearestAntimeridian(t, newStore(t)) })
	t.Run("NearestFixAge", func(t *testing.T) { testNearestFixAge(t, newStore(t)) })
	t.Run("GeofenceCursor", func(t *testing.T) { testGeofenceCursor(t, newStore(t)) })
	t.Run("DismissUnjudged", func(t *testing.T) { testDismissUnjudged(t, newStore(t)) })
	t.Run("JudgeDevices", func(t *testing.T) { testJudgeDevices(t, newStore(t)) })
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

// testNearestTwoDevices gives truck A a phone and a hardwired tracker reporting different
// places: A appears once, at its newest fix across both devices (ties: the lower device id),
// with the distance from that fix, never at a stale fix of its other device.
func testNearestTwoDevices(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	center := tms.Point{Lat: 32.7767, Lon: -96.7970}
	now := time.Now().UTC().Truncate(time.Second)
	east := func(km float64) (float64, float64) {
		return center.Lat, center.Lon + km/111.32/math.Cos(center.Lat*math.Pi/180)
	}
	truck := func(unit string, devices ...string) (tms.Truck, []tms.Device) {
		tr := tms.Truck{UnitNumber: unit}
		must(t, s.CreateTruck(ctx, &tr))
		var ds []tms.Device
		for _, d := range devices {
			ds = append(ds, NewDevice(t, s, d, tr.ID))
		}
		return tr, ds
	}
	a, aDev := truck("A-2DEV", "a-phone", "a-tracker")
	b, bDev := truck("B-1DEV", "b-phone")
	c, cDev := truck("C-TIE", "c-first", "c-second")
	at := func(d tms.Device, age time.Duration, km float64) tms.Position {
		lat, lon := east(km)
		return fix(d, now.Add(-age), lat, lon)
	}
	phoneOld, trackerNew := at(aDev[0], 30*time.Minute, 1), at(aDev[1], time.Minute, 20)
	bFix, cFirst := at(bDev[0], time.Minute, 10), at(cDev[0], 2*time.Minute, 30)
	_, err := s.SavePositions(ctx, []tms.Position{phoneOld, trackerNew, bFix, cFirst, at(cDev[1], 2*time.Minute, 5)})
	must(t, err)
	nearby := func(tr tms.Truck, p tms.Position) tms.NearbyTruck {
		return tms.NearbyTruck{TruckID: tr.ID, UnitNumber: tr.UnitNumber, DeviceID: p.DeviceID, Point: p.Point(),
			FixTime: p.FixTime, Meters: tms.DistanceMeters(center, p.Point())}
	}
	tests := []struct {
		name string
		q    tms.NearestQuery
		want []tms.NearbyTruck
	}{
		{"all", tms.NearestQuery{Point: center, Limit: 10},
			[]tms.NearbyTruck{nearby(b, bFix), nearby(a, trackerNew), nearby(c, cFirst)}},
		{"nearest one", tms.NearestQuery{Point: center, Limit: 1}, []tms.NearbyTruck{nearby(b, bFix)}},
		{"within 4 km", tms.NearestQuery{Point: center, Limit: 10, MaxMeters: 4_000}, []tms.NearbyTruck{}},
		{"within 25 km", tms.NearestQuery{Point: center, Limit: 10, MaxMeters: 25_000},
			[]tms.NearbyTruck{nearby(b, bFix), nearby(a, trackerNew)}},
		{"available", tms.NearestQuery{Point: center, Limit: 2, AvailableOnly: true},
			[]tms.NearbyTruck{nearby(b, bFix), nearby(a, trackerNew)}},
	}
	for _, tt := range tests {
		got, err := s.NearestTrucks(ctx, tt.q)
		must(t, err)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	phoneNew := at(aDev[0], 0, 3) // the phone reports again, newer than the tracker: it wins now
	_, err = s.SavePositions(ctx, []tms.Position{phoneNew})
	must(t, err)
	got, err := s.NearestTrucks(ctx, tms.NearestQuery{Point: center, Limit: 10})
	must(t, err)
	if diff := cmp.Diff([]tms.NearbyTruck{nearby(a, phoneNew), nearby(b, bFix), nearby(c, cFirst)}, got); diff != "" {
		t.Errorf("after the phone's newer fix (-want +got):\n%s", diff)
	}
}

// testNearestAntimeridian asks near 180° longitude (the Aleutians): a truck across the
// antimeridian, a few miles away, is nearer than one on the same side and must be found.
func testNearestAntimeridian(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	now := time.Now().UTC().Truncate(time.Second)
	var fixes []tms.Position
	trucks := map[string]tms.Position{}
	for unit, lon := range map[string]float64{"WEST": 179.6, "EAST": -179.9, "FAR": -170} {
		tr := tms.Truck{UnitNumber: unit}
		must(t, s.CreateTruck(ctx, &tr))
		trucks[unit] = fix(NewDevice(t, s, "am-"+unit, tr.ID), now, 52, lon)
		fixes = append(fixes, trucks[unit])
	}
	_, err := s.SavePositions(ctx, fixes)
	must(t, err)
	tests := []struct {
		name  string
		point tms.Point
		q     tms.NearestQuery
		want  []string
	}{
		{"west side, nearest", tms.Point{Lat: 52, Lon: 179.9}, tms.NearestQuery{Limit: 1}, []string{"EAST"}},
		{"west side, two", tms.Point{Lat: 52, Lon: 179.9}, tms.NearestQuery{Limit: 2}, []string{"EAST", "WEST"}},
		{"west side, within 30 km", tms.Point{Lat: 52, Lon: 179.9}, tms.NearestQuery{Limit: 10, MaxMeters: 30_000}, []string{"EAST", "WEST"}},
		{"east side, nearest", tms.Point{Lat: 52, Lon: -179.7}, tms.NearestQuery{Limit: 1}, []string{"EAST"}},
		{"east side, within 50 km", tms.Point{Lat: 52, Lon: -179.7}, tms.NearestQuery{Limit: 10, MaxMeters: 50_000}, []string{"EAST", "WEST"}},
	}
	for _, tt := range tests {
		tt.q.Point = tt.point
		got, err := s.NearestTrucks(ctx, tt.q)
		must(t, err)
		var units []string
		for _, n := range got {
			units = append(units, n.UnitNumber)
			if want := tms.DistanceMeters(tt.point, trucks[n.UnitNumber].Point()); n.Meters != want {
				t.Errorf("%s: %s at %.1f m, want %.1f m", tt.name, n.UnitNumber, n.Meters, want)
			}
		}
		if diff := cmp.Diff(tt.want, units); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
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

func testGeofenceCursor(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	d := NewDevice(t, s, "geo-1", f.Truck.ID)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	fix := func(sec int, lat float64) tms.Position {
		return tms.Position{DeviceID: d.ID, TruckID: &f.Truck.ID, FixTime: at.Add(time.Duration(sec) * time.Second), ReceivedAt: at, Lat: lat, Lon: -97}
	}
	// Same second, other place: a fix of its own; same second, same place: a duplicate.
	inserted, err := s.SavePositions(ctx, []tms.Position{fix(60, 35.2), fix(0, 35.1), fix(0, 35.0), fix(0, 35.1)})
	must(t, err)
	if diff := cmp.Diff([]bool{true, true, true, false}, inserted); diff != "" {
		t.Errorf("inserted (-want +got):\n%s", diff)
	}
	waiting, err := s.UnjudgedDevices(ctx, 10)
	must(t, err)
	if len(waiting) != 1 || waiting[0].DeviceID != d.ID || !waiting[0].Since.Equal(at) {
		t.Fatalf("unjudged = %+v, want device %d since %s", waiting, d.ID, at)
	}
	l := f.Load(at)
	l.TruckID = &f.Truck.ID
	must(t, s.CreateLoad(ctx, &l))
	wantErr := tms.Errorf(tms.CodeConflict, "rolled back")
	res, err := s.JudgeDevices(ctx, []int64{d.ID}, func(tx tms.JudgeTx, c *tms.GeofenceCursor, since time.Time) error {
		if c.LoadID != 0 || !c.LastFix.IsZero() || c.State != nil || !since.Equal(at) {
			t.Errorf("new cursor = %+v since %s, want zero since %s", c, since, at)
		}
		ps, err := tx.Positions(ctx, d.ID, at)
		must(t, err)
		var lats []float64
		for _, p := range ps {
			lats = append(lats, p.Lat)
		}
		if diff := cmp.Diff([]float64{35.0, 35.1, 35.2}, lats); diff != "" {
			t.Errorf("positions in judge order, lat (-want +got):\n%s", diff)
		}
		_, err = tx.UpdateLoad(ctx, l.ID, func(_ tms.LoadTx, l *tms.Load) error { l.Notes = "judged"; return nil })
		must(t, err)
		c.LoadID, c.State = 99, []byte(`{"x":1}`)
		return wantErr
	})
	if err != nil || len(res.Judged) != 0 || res.Failed[d.ID] != wantErr {
		t.Errorf("JudgeDevices = %+v, %v; want the device failed with fn's error", res, err)
	}
	if got, _ := s.Load(ctx, l.ID); got.Notes == "judged" {
		t.Error("a failed judgement kept its load update")
	}
	if waiting, _ := s.UnjudgedDevices(ctx, 10); len(waiting) != 1 {
		t.Errorf("a failed judgement cleared the marks: %+v", waiting)
	}
	res, err = s.JudgeDevices(ctx, []int64{d.ID}, func(tx tms.JudgeTx, c *tms.GeofenceCursor, since time.Time) error {
		_, err := tx.UpdateLoad(ctx, l.ID, func(ltx tms.LoadTx, l *tms.Load) error {
			ltx.AddEvent(tms.LoadEvent{Type: tms.EventStopArrived, StopID: &l.Stops[0].ID, At: at, Source: tms.SourceGPS})
			ltx.AddEvent(tms.LoadEvent{Type: tms.EventStopMissed, StopID: &l.Stops[0].ID, At: at, Source: tms.SourceGPS})
			return nil
		})
		must(t, err)
		must(t, tx.ReviseGPSStopEvent(ctx, l.ID, l.Stops[0].ID, tms.EventStopArrived, at.Add(-time.Minute), "revised"))
		must(t, tx.DropGPSStopEvent(ctx, l.ID, l.Stops[0].ID, tms.EventStopMissed))
		c.LoadID, c.LastFix, c.State = l.ID, at.Add(time.Minute), []byte(`{"x":1}`)
		return nil
	})
	must(t, err)
	want := tms.GeofenceCursor{DeviceID: d.ID, LoadID: l.ID, LastFix: at.Add(time.Minute), State: []byte(`{"x":1}`)}
	if got, err := s.GeofenceCursor(ctx, d.ID); err != nil || !slices.Equal(res.Judged, []int64{d.ID}) || !cmp.Equal(want, got) {
		t.Errorf("stored cursor = %+v, %v (judged %+v); want %+v", got, err, res, want)
	}
	if waiting, _ := s.UnjudgedDevices(ctx, 10); len(waiting) != 0 {
		t.Errorf("marks left after judging: %+v", waiting)
	}
	events, err := s.LoadEvents(ctx, l.ID)
	must(t, err)
	if i := slices.IndexFunc(events, func(e tms.LoadEvent) bool { return e.Type == tms.EventStopArrived }); i < 0 ||
		!events[i].At.Equal(at.Add(-time.Minute)) || events[i].Note != "revised" {
		t.Errorf("events = %+v, want the arrival revised to %s", events, at.Add(-time.Minute))
	}
	if slices.ContainsFunc(events, func(e tms.LoadEvent) bool { return e.Type == tms.EventStopMissed }) {
		t.Errorf("events = %+v, want the missed event dropped", events)
	}
	if c, err := s.GeofenceCursor(ctx, 999); err != nil || !cmp.Equal(c, tms.GeofenceCursor{DeviceID: 999}) {
		t.Errorf("cursor of a device without one = %+v, %v; want the zero cursor", c, err)
	}
	_, err = s.UpdateLoad(ctx, l.ID, func(_ tms.LoadTx, l *tms.Load) error { l.Status = tms.StatusCancelled; return nil })
	must(t, err)
	testTrackedLoads(t, s, f, at)
}

// Dismissing clears a device's marks up to the newest one read, and never those of a device
// whose cursor holds a load.
func testDismissUnjudged(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	idle, judged := NewDevice(t, s, "idle-1", f.Truck.ID), NewDevice(t, s, "judged-1", f.Truck.ID)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	save := func(sec int) {
		_, err := s.SavePositions(ctx, []tms.Position{
			{DeviceID: idle.ID, FixTime: at.Add(time.Duration(sec) * time.Second), ReceivedAt: at, Lat: 35, Lon: -97},
			{DeviceID: judged.ID, FixTime: at.Add(time.Duration(sec) * time.Second), ReceivedAt: at, Lat: 35, Lon: -97}})
		must(t, err)
	}
	save(0)
	l := f.Load(at)
	must(t, s.CreateLoad(ctx, &l))
	_, err := s.JudgeDevices(ctx, []int64{judged.ID}, func(_ tms.JudgeTx, c *tms.GeofenceCursor, _ time.Time) error { c.LoadID = l.ID; return nil })
	must(t, err)
	save(60)
	save(120)
	waiting, err := s.UnjudgedDevices(ctx, 10)
	must(t, err)
	if len(waiting) != 2 || waiting[0].DeviceID != idle.ID || waiting[0].LoadID != 0 || waiting[1].LoadID != l.ID || waiting[0].LastMark == 0 {
		t.Fatalf("unjudged = %+v, want the idle device first, then the judged one with load %d", waiting, l.ID)
	}
	save(180) // a mark newer than the ones read: kept
	for i := range waiting {
		waiting[i].LoadID = 0 // as if read before the cursor took its load
	}
	must(t, s.DismissUnjudged(ctx, waiting))
	left, err := s.UnjudgedDevices(ctx, 10)
	must(t, err)
	if len(left) != 2 || left[0].DeviceID != judged.ID || !left[0].Since.Equal(at.Add(60*time.Second)) ||
		left[1].DeviceID != idle.ID || !left[1].Since.Equal(at.Add(180*time.Second)) {
		t.Errorf("left = %+v, want the idle device's newest mark and every mark of the judged one", left)
	}
}

func testTrackedLoads(t *testing.T, s tms.Store, f Fixtures, at time.Time) {
	ctx := ctxAs(0)
	seen, err := s.LatestLoadEventID(ctx)
	must(t, err)
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
	events, err := s.LoadEventsSince(ctx, seen, 10)
	must(t, err)
	if len(events) != 1 || events[0].Type != tms.EventCreated {
		t.Fatalf("events since %d = %+v", seen, events)
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

// A truck whose newest fix is older than FixSince is not nearby, however close.
func testNearestFixAge(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	stale := tms.Truck{UnitNumber: "STALE-1"}
	must(t, s.CreateTruck(ctx, &stale))
	fresh, old := NewDevice(t, s, "fresh", f.Truck.ID), NewDevice(t, s, "stale", stale.ID)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	_, err := s.SavePositions(ctx, []tms.Position{
		{DeviceID: fresh.ID, TruckID: &f.Truck.ID, FixTime: at.Add(-time.Hour), ReceivedAt: at, Lat: 32.80, Lon: -96.80},
		{DeviceID: old.ID, TruckID: &stale.ID, FixTime: at.AddDate(-10, 0, 0), ReceivedAt: at, Lat: 32.7801, Lon: -96.8001},
	})
	must(t, err)
	q := tms.NearestQuery{Point: tms.Point{Lat: 32.78, Lon: -96.80}, Limit: 10}
	all, err := s.NearestTrucks(ctx, q)
	must(t, err)
	q.FixSince = at.Add(-24 * time.Hour)
	recent, err := s.NearestTrucks(ctx, q)
	must(t, err)
	if diff := cmp.Diff([]int64{stale.ID, f.Truck.ID}, truckIDs(all)); diff != "" {
		t.Errorf("without an age limit (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{f.Truck.ID}, truckIDs(recent)); diff != "" {
		t.Errorf("fixes since %s (-want +got):\n%s", q.FixSince, diff)
	}
}

// Judging several devices in one transaction: each claimed device's fn sees its own cursor and
// marks, a device whose fn fails is rolled back alone, the others commit.
func testJudgeDevices(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	ok1, bad, ok2 := NewDevice(t, s, "batch-1", f.Truck.ID), NewDevice(t, s, "batch-2", f.Truck.ID), NewDevice(t, s, "batch-3", f.Truck.ID)
	quiet := NewDevice(t, s, "batch-4", f.Truck.ID) // no marks
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for i, d := range []tms.Device{ok1, bad, ok2} {
		_, err := s.SavePositions(ctx, []tms.Position{{DeviceID: d.ID, FixTime: at.Add(time.Duration(i) * time.Minute), ReceivedAt: at, Lat: 35, Lon: -97}})
		must(t, err)
	}
	l := f.Load(at)
	must(t, s.CreateLoad(ctx, &l))
	wantErr := tms.Errorf(tms.CodeConflict, "rolled back")
	seen := map[int64]time.Time{}
	res, err := s.JudgeDevices(ctx, []int64{ok2.ID, quiet.ID, bad.ID, ok1.ID, 999}, func(tx tms.JudgeTx, c *tms.GeofenceCursor, since time.Time) error {
		seen[c.DeviceID] = since
		note := fmt.Sprintf("judged %d", c.DeviceID)
		if _, err := tx.UpdateLoad(ctx, l.ID, func(_ tms.LoadTx, l *tms.Load) error { l.Notes += note + ";"; return nil }); err != nil {
			return err
		}
		c.LoadID, c.LastFix = l.ID, since
		if c.DeviceID == bad.ID {
			return wantErr
		}
		return nil
	})
	must(t, err)
	want := map[int64]time.Time{ok1.ID: at, bad.ID: at.Add(time.Minute), ok2.ID: at.Add(2 * time.Minute), quiet.ID: {}}
	if !cmp.Equal(want, seen) {
		t.Errorf("fn saw devices since %v, want %v (a device without marks: zero; no device: not claimed)", seen, want)
	}
	if !cmp.Equal([]int64{ok1.ID, ok2.ID, quiet.ID}, res.Judged) || len(res.Failed) != 1 || res.Failed[bad.ID] != wantErr {
		t.Errorf("JudgeDevices = %+v, want %d, %d, %d judged in device order, %d failed with fn's error", res, ok1.ID, ok2.ID, quiet.ID, bad.ID)
	}
	if got, _ := s.Load(ctx, l.ID); got.Notes != fmt.Sprintf("judged %d;judged %d;judged %d;", ok1.ID, ok2.ID, quiet.ID) {
		t.Errorf("load notes = %q, want the judged devices' updates only", got.Notes)
	}
	for _, d := range []tms.Device{ok1, ok2} {
		if c, err := s.GeofenceCursor(ctx, d.ID); err != nil || c.LoadID != l.ID || !c.LastFix.Equal(seen[d.ID]) {
			t.Errorf("cursor of judged device %d = %+v, %v; want load %d, last fix %s", d.ID, c, err, l.ID, seen[d.ID])
		}
	}
	if c, err := s.GeofenceCursor(ctx, bad.ID); err != nil || c.LoadID != 0 || !c.LastFix.IsZero() {
		t.Errorf("cursor of the failed device = %+v, %v; want it untouched", c, err)
	}
	if waiting, _ := s.UnjudgedDevices(ctx, 10); len(waiting) != 1 || waiting[0].DeviceID != bad.ID {
		t.Errorf("unjudged = %+v, want the failed device's marks only", waiting)
	}
}
