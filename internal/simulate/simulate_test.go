package simulate_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/seed"
	"github.com/anditms/tms/internal/simulate"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// apiToken creates a dispatcher and an API token of theirs through the API.
func apiToken(t *testing.T, srv *apitest.Server) string {
	_, pw := apitest.CreateUser(t, srv.App.Store, "sim@example.com", tms.RoleDispatcher)
	c := srv.NewClient(t).Login("sim@example.com", pw)
	var tok struct{ Token string }
	c.Do("POST", "/api/v1/tokens", map[string]string{"name": "simulator"}).Want(http.StatusCreated).JSON(&tok)
	return tok.Token
}

// With a token the simulator creates its devices and trucks, drives between the server's
// facilities, and every report is acknowledged; a second run reuses the devices.
func TestSimulateWithToken(t *testing.T) {
	store := testenv.SQLite(t)
	srv := apitest.Start(t, apitest.DefaultConfig(t), store)
	ctx := context.Background()
	for i, p := range []tms.Point{{Lat: 32.78, Lon: -96.80}, {Lat: 29.76, Lon: -95.37}, {Lat: 30.27, Lon: -97.74}} {
		f := tms.Facility{Name: fmt.Sprintf("Dock %d", i), Lat: p.Lat, Lon: p.Lon, TimeZone: "America/Chicago", Active: true}
		must(t, store.CreateFacility(ctx, &f))
	}
	cfg := simulate.Config{Server: srv.URL, Trucks: 3, Speedup: 600, Duration: 1500 * time.Millisecond, Token: apiToken(t, srv), CreateDevices: true}
	rep, err := simulate.Run(ctx, cfg)
	must(t, err)
	if rep.OK < 30 || rep.Failed != 0 || rep.Requests != rep.OK || rep.Rate <= 0 || rep.P50 <= 0 || rep.P99 < rep.P50 || rep.Max < rep.P99 {
		t.Fatalf("report %+v: want at least 30 acknowledged reports, none failed, ordered percentiles", rep)
	}
	must(t, srv.App.Tracking.WaitIdle(ctx))
	latest, err := store.LatestPositions(ctx)
	must(t, err)
	if len(latest) != 3 {
		t.Fatalf("%d devices have a latest fix, want 3", len(latest))
	}
	for _, p := range latest {
		if p.TruckID == nil || p.Lat < 29.7 || p.Lat > 32.8 || p.Lon < -97.8 || p.Lon > -95.3 {
			t.Errorf("fix %+v: want one in a truck, between the facilities", p)
		}
	}
	cfg.Duration = 300 * time.Millisecond
	_, err = simulate.Run(ctx, cfg)
	must(t, err)
	devices, err := store.ListDevices(ctx, tms.MasterFilter{})
	must(t, err)
	if devices.Total != 3 {
		t.Errorf("%d devices after a second run, want the same 3", devices.Total)
	}
}

// Without a token the trucks drive between demo cities as the existing devices sim-1..N;
// the count bound stops the run, and the report prints.
func TestSimulateDemoCitiesBoundedByCount(t *testing.T) {
	store := testenv.SQLite(t)
	srv := apitest.Start(t, apitest.DefaultConfig(t), store)
	for i := 1; i <= 2; i++ {
		must(t, store.CreateDevice(context.Background(), &tms.Device{UniqueID: fmt.Sprintf("sim-%d", i), Active: true}))
	}
	rep, err := simulate.Run(context.Background(), simulate.Config{Server: srv.URL, Trucks: 2, Speedup: 1e5, Duration: 10 * time.Second, MaxRequests: 25})
	must(t, err)
	if rep.Requests != 25 || rep.OK != 25 {
		t.Errorf("report %+v: want exactly 25 requests, all acknowledged", rep)
	}
	var out bytes.Buffer
	rep.Print(&out)
	if !strings.Contains(out.String(), "25 requests, 25 ok, 0 failed") || !strings.Contains(out.String(), "p95") {
		t.Errorf("printed report:\n%s", out.String())
	}
}

// Unknown devices are counted as failures with the server's reason; bad configurations and
// a server without facilities are errors.
func TestSimulateFailures(t *testing.T) {
	store := testenv.SQLite(t)
	srv := apitest.Start(t, apitest.DefaultConfig(t), store)
	ctx := context.Background()
	rep, err := simulate.Run(ctx, simulate.Config{Server: srv.URL, Trucks: 1, Speedup: 1e5, Duration: time.Second, MaxRequests: 5})
	must(t, err)
	if rep.Failed != 5 || rep.Statuses[http.StatusBadRequest] != 5 || !strings.Contains(rep.FirstError, "400") {
		t.Errorf("report %+v: want 5 requests refused with 400 for an unknown device", rep)
	}
	bad := []simulate.Config{
		{Server: "ftp://x", Trucks: 1, Speedup: 1, Duration: time.Second},
		{Server: srv.URL, Trucks: 0, Speedup: 1, Duration: time.Second},
		{Server: srv.URL, Trucks: 1, Speedup: 0, Duration: time.Second},
		{Server: srv.URL, Trucks: 1, Speedup: 1, Duration: 0},
		{Server: srv.URL, Trucks: 1, Speedup: 1, Duration: time.Second, CreateDevices: true},
	}
	for _, c := range bad {
		if _, err := simulate.Run(ctx, c); tms.ErrorCode(err) != tms.CodeInvalid {
			t.Errorf("Run(%+v): err %v, want invalid", c, err)
		}
	}
	_, err = simulate.Run(ctx, simulate.Config{Server: srv.URL, Trucks: 1, Speedup: 1, Duration: time.Second, Token: apiToken(t, srv)})
	if err == nil || !strings.Contains(err.Error(), "facilities") {
		t.Errorf("a server without facilities: err %v, want one naming the facilities", err)
	}
}

// seedDemoAgo loads the demo data with the store's clock lagging by ago (the loads were
// booked and dispatched then, their appointments still around now), through lag: the
// store's clock offset, set before the server started.
func seedDemoAgo(t *testing.T, srv *apitest.Server, lag *atomic.Int64, ago time.Duration) {
	t.Helper()
	lag.Store(int64(ago))
	defer lag.Store(0)
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "sim-test", Role: tms.RoleAdmin, Source: tms.SourceAPI})
	_, err := seed.Demo(ctx, srv.App.Store, srv.App.Dispatch, srv.App.Documents, srv.App.Billing, time.Now())
	must(t, err)
}

// Driving the trucks of the demo loads through the API, backdated over the half hour before
// now (the loads were dispatched an hour ago: fixes from before a load's dispatch are another
// job's): the trucks of dispatched loads reach their pickups and the server records GPS
// arrivals; every fix is in the past, and consecutive fixes of a truck are as far apart as
// the simulated speed allows.
func TestDriveLoadsThroughTheAPI(t *testing.T) {
	store := testenv.SQLite(t)
	var lag atomic.Int64
	store.SetClock(func() time.Time { return time.Now().Add(-time.Duration(lag.Load())) })
	srv := apitest.Start(t, apitest.DefaultConfig(t), store)
	seedDemoAgo(t, srv, &lag, time.Hour)
	ctx := context.Background()
	before, err := store.LatestLoadEventID(ctx)
	must(t, err)
	// 15 miles to the pickup take 3.3 s of the 6; then 20 minutes at the dock, 4 s.
	cfg := simulate.Config{Server: srv.URL, Loads: true, Backdate: true, Token: apiToken(t, srv), Speedup: 300,
		Duration: 6 * time.Second, Interval: time.Minute}
	started := time.Now()
	rep, err := simulate.Run(ctx, cfg)
	must(t, err)
	if rep.Trucks < 5 || rep.OK < 30 || rep.Failed != 0 {
		t.Fatalf("report %+v: want at least 5 trucks, 30 acknowledged fixes, none failed", rep)
	}
	must(t, srv.App.Tracking.WaitIdle(ctx))
	events, err := store.LoadEventsSince(ctx, before, 1000)
	must(t, err)
	arrivals := 0
	for _, e := range events {
		if e.Type == tms.EventStopArrived && e.Source == tms.SourceGPS {
			arrivals++
		}
	}
	if arrivals == 0 {
		t.Errorf("no GPS arrival among %d new load events", len(events))
	}
	wantPaced(t, store, started)
}

// wantPaced checks each demo truck's fixes of the run: never in the future, and no faster
// than the simulated 55 mph between two of them.
func wantPaced(t *testing.T, store tms.Store, started time.Time) {
	t.Helper()
	trucks, err := store.ListTrucks(context.Background(), tms.MasterFilter{})
	must(t, err)
	for _, tr := range trucks.Items {
		fixes, err := store.Track(context.Background(), tr.ID, started.Add(-10*time.Hour), time.Now().Add(time.Minute))
		must(t, err)
		for i := 1; i < len(fixes); i++ {
			a, b := fixes[i-1], fixes[i]
			if b.FixTime.After(time.Now()) {
				t.Fatalf("truck %s: fix at %v is in the future", tr.UnitNumber, b.FixTime)
			}
			if hours := b.FixTime.Sub(a.FixTime).Hours(); b.FixTime.After(started.Add(-2*time.Hour)) && tms.MetersToMiles(tms.DistanceMeters(a.Point(), b.Point())) > 56*hours+0.1 {
				t.Fatalf("truck %s: %v to %v moved too fast for 55 mph", tr.UnitNumber, a, b)
			}
		}
	}
}
