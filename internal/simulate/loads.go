package simulate

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Fleet is what the simulator reads to drive the trucks of loads: the server's store in the
// same process (StoreFleet, the living demo) or its API (tms simulate --loads).
type Fleet interface {
	Devices(ctx context.Context) ([]tms.Device, error)
	// ActiveLoads are the dispatched and in-transit loads with their stops, earliest window first.
	ActiveLoads(ctx context.Context) ([]tms.Load, error)
	Facility(ctx context.Context, id int64) (tms.Facility, error)
}

// Journey shape.
const (
	// Replan is how often DriveLoads re-reads the fleet for newly dispatched loads (wall clock).
	Replan = 15 * time.Second
	// approachMiles is how far before its first stop the truck of a dispatched load starts.
	approachMiles = 15
	// awayMiles is how far past its last stop a truck parks: outside any departure geofence.
	awayMiles = 3
)

// journey is a truck driving the remaining stops of its load, started at start (wall clock).
type journey struct {
	device string
	loadID int64
	route  route
	start  time.Time
	lastMS int64 // the device's newest fix time sent: each fix is later than the one before
}

// loadDriver moves the trucks of loads through a runner's OsmAnd reports.
type loadDriver struct {
	*runner
	fleet  Fleet
	trucks map[int64]*journey // by truck id
}

// DriveLoads moves the truck of every dispatched and in-transit load along the load's
// remaining stops, dwelling cfg.Dwell at each, and parks it past the last one, reporting
// through the server's OsmAnd ingest so the server judges arrivals and departures as from a
// real truck. A truck on its way to a stop starts there; a truck of a dispatched load starts
// approachMiles before its first stop; a truck between stops starts half-way. Every Replan it
// picks up newly dispatched loads (a truck then drives on from where it is). Each truck reports
// every cfg.Interval of simulated time through its first active device. Fix times are the wall
// clock unless cfg.Backdate. It runs for cfg.Duration, or until ctx ends when that is 0;
// cfg.MaxRequests <= 0 sets no bound. Errors are about the setup; failed reports are counted.
func DriveLoads(ctx context.Context, cfg Config, fleet Fleet) (Report, error) {
	if err := cfg.validateLoads(); err != nil {
		return Report{}, err
	}
	cfg.motionDefaults()
	client := newClient(16)
	defer client.CloseIdleConnections()
	d := &loadDriver{runner: &runner{cfg: cfg, client: client, stats: stats{statuses: map[int]int64{}, endless: cfg.Duration == 0}},
		fleet: fleet, trucks: map[int64]*journey{}}
	if cfg.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.Duration)
		defer cancel()
	}
	d.start = time.Now()
	if err := d.plan(ctx); err != nil {
		return Report{}, err
	}
	stopProgress := d.progress()
	d.loop(ctx)
	stopProgress()
	rep := d.report()
	rep.Trucks = len(d.trucks)
	return rep, nil
}

func (c Config) validateLoads() error {
	v := tms.Validation{}
	u, err := url.Parse(c.Server)
	v.Check(err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "", "server", "must be an http(s) URL")
	v.Check(c.Speedup > 0 && c.Speedup <= 1e6, "speedup", "must be above 0 and at most 1,000,000")
	v.Check(c.Duration >= 0 && c.Duration <= MaxDuration, "duration", "must be at most 24h")
	v.Check(!c.Backdate || c.Duration > 0, "backdate", "needs a duration")
	return v.Err()
}

// loop reports every truck once per period and re-plans every Replan until ctx ends.
func (d *loadDriver) loop(ctx context.Context) {
	report := time.NewTicker(max(time.Duration(float64(d.cfg.Interval)/d.cfg.Speedup), time.Millisecond))
	defer report.Stop()
	replan := time.NewTicker(Replan)
	defer replan.Stop()
	d.reportAll(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-report.C:
			if !d.reportAll(ctx) {
				return
			}
		case <-replan.C:
			if err := d.plan(ctx); err != nil && ctx.Err() == nil {
				d.stats.record(0, 0, "re-plan: "+err.Error())
			}
		}
	}
}

// reportAll sends every truck's position now, the trucks side by side, and waits for the
// answers; false once MaxRequests are sent.
func (d *loadDriver) reportAll(ctx context.Context) bool {
	var wg sync.WaitGroup
	defer wg.Wait()
	for _, id := range slices.Sorted(maps.Keys(d.trucks)) {
		if d.cfg.MaxRequests > 0 && d.sent.Add(1) > d.cfg.MaxRequests {
			return false
		}
		j := d.trucks[id]
		now := time.Now()
		j.lastMS = max(d.fixTime(now).UnixMilli(), j.lastMS+1)
		device, st, fixMS := j.device, j.route.at(d.simulated(j.start, now)), j.lastMS
		wg.Go(func() { d.send(ctx, device, st, fixMS) })
	}
	return ctx.Err() == nil
}

// simulated is the simulated time between a wall-clock start and now.
func (d *loadDriver) simulated(start, now time.Time) time.Duration {
	return time.Duration(float64(now.Sub(start)) * d.cfg.Speedup)
}

// fixTime is the wall clock, or with Backdate the simulated clock of a run that replays the
// Duration×Speedup before its end, so fix times match the simulated speed and none is in the
// future.
func (d *loadDriver) fixTime(now time.Time) time.Time {
	if !d.cfg.Backdate {
		return now
	}
	end := d.start.Add(d.cfg.Duration)
	return end.Add(-d.simulated(d.start, end)).Add(d.simulated(d.start, now))
}

// plan gives each truck with a device the journey of its watched load: the one in transit,
// else the dispatched one with the earliest window. A truck keeps a journey already planned
// for the same load.
func (d *loadDriver) plan(ctx context.Context) error {
	devices, err := d.fleet.Devices(ctx)
	if err != nil {
		return err
	}
	loads, err := d.fleet.ActiveLoads(ctx)
	if err != nil {
		return err
	}
	byTruck := trackerOfTruck(devices)
	facilities := map[int64]tms.Facility{}
	for truckID, l := range watchedLoads(loads) {
		dev, ok := byTruck[truckID]
		old := d.trucks[truckID]
		if !ok || (old != nil && old.loadID == l.ID) {
			continue
		}
		if err := d.startJourney(ctx, truckID, dev, l, old, facilities); err != nil {
			return err
		}
	}
	return nil
}

// startJourney plans l for the truck, driving on from where its old journey is now.
func (d *loadDriver) startJourney(ctx context.Context, truckID int64, dev tms.Device, l tms.Load, old *journey, facilities map[int64]tms.Facility) error {
	points, err := stopPoints(ctx, d.fleet, l.Stops, facilities)
	if err != nil {
		return fmt.Errorf("load %s: %w", l.Number, err)
	}
	now := time.Now()
	var from *tms.Point
	var lastMS int64
	if old != nil {
		p := old.route.at(d.simulated(old.start, now)).at
		from, lastMS = &p, old.lastMS
	}
	rt, ok := loadRoute(l.Stops, points, from, d.cfg.SpeedMPH, d.cfg.Dwell)
	if ok {
		d.trucks[truckID] = &journey{device: dev.UniqueID, loadID: l.ID, route: rt, start: now, lastMS: lastMS}
	}
	return nil
}

// trackerOfTruck maps each truck to its first active device.
func trackerOfTruck(devices []tms.Device) map[int64]tms.Device {
	out := map[int64]tms.Device{}
	slices.SortFunc(devices, func(a, b tms.Device) int { return cmp.Compare(a.ID, b.ID) })
	for _, dev := range devices {
		if !dev.Active || dev.TruckID == nil {
			continue
		}
		if _, seen := out[*dev.TruckID]; !seen {
			out[*dev.TruckID] = dev
		}
	}
	return out
}

// watchedLoads maps each truck to the load it works on: the one in transit, else the
// dispatched one listed first (loads come earliest window first).
func watchedLoads(loads []tms.Load) map[int64]tms.Load {
	out := map[int64]tms.Load{}
	for _, l := range loads {
		if l.TruckID == nil {
			continue
		}
		cur, seen := out[*l.TruckID]
		if !seen || (cur.Status != tms.StatusInTransit && l.Status == tms.StatusInTransit) {
			out[*l.TruckID] = l
		}
	}
	return out
}

// stopPoints are the positions of the stops' facilities, read once per plan.
func stopPoints(ctx context.Context, fleet Fleet, stops []tms.Stop, cache map[int64]tms.Facility) ([]tms.Point, error) {
	var out []tms.Point
	for _, s := range stops {
		f, ok := cache[s.FacilityID]
		if !ok {
			var err error
			if f, err = fleet.Facility(ctx, s.FacilityID); err != nil {
				return nil, err
			}
			cache[s.FacilityID] = f
		}
		if !f.Point().Valid() {
			return nil, fmt.Errorf("facility %s has no position", f.Name)
		}
		out = append(out, f.Point())
	}
	return out, nil
}

// loadRoute is the journey through the stops not yet departed (stops and points in stop
// order), from from when given, and on to a parking spot awayMiles past the last stop;
// false when every stop is departed.
func loadRoute(stops []tms.Stop, points []tms.Point, from *tms.Point, speedMPH float64, dwell time.Duration) (route, bool) {
	next := slices.IndexFunc(stops, func(s tms.Stop) bool { return s.DepartedAt == nil })
	if next < 0 {
		return route{}, false
	}
	start := startPoint(stops, points, next, from)
	r := route{speedMPH: speedMPH, once: true}
	at := start
	for _, p := range points[next:] {
		r.add(at, p, dwell)
		at = p
	}
	prev := start
	if n := len(points); n-next >= 2 {
		prev = points[n-2]
	}
	r.add(at, beyond(prev, at, awayMiles), 0)
	return r, true
}

// startPoint is where the truck is when its journey to stop next begins: at that stop when
// it has arrived there, else at from, else half-way from the stop it left, else approaching.
func startPoint(stops []tms.Stop, points []tms.Point, next int, from *tms.Point) tms.Point {
	switch {
	case stops[next].ArrivedAt != nil:
		return points[next]
	case from != nil:
		return *from
	case next > 0:
		return interpolate(points[next-1], points[next], 0.5)
	case len(points) > 1:
		return beyond(points[1], points[0], approachMiles)
	}
	return beyond(points[0], points[0], approachMiles)
}

// beyond is the point miles past b on the great circle from a through b (north of b when a
// and b are the same place).
func beyond(a, b tms.Point, miles float64) tms.Point {
	d := tms.MetersToMiles(tms.DistanceMeters(a, b))
	if d < 0.1 {
		return tms.Point{Lat: b.Lat + miles/69, Lon: b.Lon}
	}
	return interpolate(a, b, 1+miles/d)
}

// StoreFleet reads the fleet from a store in the same process: the living demo drives the
// trucks of its own server. Only devices whose unique id starts with DevicePrefix report.
type StoreFleet struct {
	Store interface {
		ListDevices(ctx context.Context, f tms.MasterFilter) (tms.Page[tms.Device], error)
		ListLoads(ctx context.Context, f tms.LoadFilter) (tms.Page[tms.Load], error)
		Facility(ctx context.Context, id int64) (tms.Facility, error)
	}
	DevicePrefix string
}

func (f StoreFleet) Devices(ctx context.Context) ([]tms.Device, error) {
	all, err := allPages(func(p tms.PageRequest) (tms.Page[tms.Device], error) {
		return f.Store.ListDevices(ctx, tms.MasterFilter{Text: f.DevicePrefix, Page: p})
	})
	return slices.DeleteFunc(all, func(d tms.Device) bool { return !strings.HasPrefix(d.UniqueID, f.DevicePrefix) }), err
}

func (f StoreFleet) ActiveLoads(ctx context.Context) ([]tms.Load, error) {
	return allPages(func(p tms.PageRequest) (tms.Page[tms.Load], error) {
		return f.Store.ListLoads(ctx, tms.LoadFilter{Statuses: []tms.LoadStatus{tms.StatusDispatched, tms.StatusInTransit}, Page: p})
	})
}

func (f StoreFleet) Facility(ctx context.Context, id int64) (tms.Facility, error) {
	return f.Store.Facility(ctx, id)
}

// allPages reads a list page by page (at most maxListed items).
func allPages[T any](next func(tms.PageRequest) (tms.Page[T], error)) ([]T, error) {
	var all []T
	for len(all) < maxListed {
		page, err := next(tms.PageRequest{Limit: tms.MaxPageSize, Offset: len(all)})
		if err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		if len(page.Items) < tms.MaxPageSize {
			break
		}
	}
	return all, nil
}

// apiFleet reads the fleet through the server's API (tms simulate --loads --token T).
type apiFleet struct{ apiClient }

func (f apiFleet) Devices(ctx context.Context) ([]tms.Device, error) {
	return list[tms.Device](ctx, f.apiClient, "/api/v1/devices", url.Values{})
}

func (f apiFleet) ActiveLoads(ctx context.Context) ([]tms.Load, error) {
	return list[tms.Load](ctx, f.apiClient, "/api/v1/loads", url.Values{"status": {"dispatched,in_transit"}})
}

func (f apiFleet) Facility(ctx context.Context, id int64) (tms.Facility, error) {
	var fac tms.Facility
	err := f.do(ctx, http.MethodGet, fmt.Sprintf("/api/v1/facilities/%d", id), nil, &fac)
	return fac, err
}
