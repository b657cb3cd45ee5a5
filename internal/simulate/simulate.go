// Package simulate drives trucks that report through the OsmAnd protocol: the trucks of a
// server's dispatched and in-transit loads along their stops (DriveLoads: the living demo of
// tms serve, and tms simulate --loads), or a fleet of simulated trucks sim-1..N that
// load-tests the GPS ingest (Run, tms simulate).
package simulate

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Limits that keep a run bounded.
const (
	MaxTrucks          = 10_000
	MaxDuration        = 24 * time.Hour
	DefaultMaxRequests = 1_000_000
	knotsPerMPH        = 0.868976
)

// Config is one simulation run.
type Config struct {
	Server      string        // base URL of the server, e.g. http://127.0.0.1:8000
	Trucks      int           // devices sim-1 .. sim-N
	Speedup     float64       // simulated seconds per real second
	Duration    time.Duration // how long the run lasts (wall clock)
	MaxRequests int64         // the run also stops after this many requests; 0 = DefaultMaxRequests
	Interval    time.Duration // simulated time between two reports of a truck; 0 = 10 s
	SpeedMPH    float64       // cruising speed; 0 = 55 mph
	Dwell       time.Duration // simulated time parked at each stop; 0 = 20 min
	// Token is an API token: trucks then drive between the server's facilities. Without one
	// they drive between demo cities, and the devices sim-1..sim-N must exist.
	Token string
	// CreateDevices (with Token) creates the missing devices sim-i, each in a truck SIM-i.
	CreateDevices bool
	// Loads (with Token) drives the trucks of the server's dispatched and in-transit loads
	// along their stops (DriveLoads) instead of the devices sim-1..sim-N.
	Loads bool
	// Backdate (loads) gives fixes the simulated clock, which reaches the wall clock when the
	// run ends: fix times then match the simulated speed.
	Backdate bool
	// Progress, when set, gets a progress line every second (a terminal).
	Progress io.Writer
}

func (c *Config) defaults() {
	if c.MaxRequests <= 0 {
		c.MaxRequests = DefaultMaxRequests
	}
	c.motionDefaults()
}

func (c *Config) motionDefaults() {
	if c.Interval <= 0 {
		c.Interval = 10 * time.Second
	}
	if c.SpeedMPH <= 0 {
		c.SpeedMPH = 55
	}
	if c.Dwell <= 0 {
		c.Dwell = 20 * time.Minute
	}
	c.Server = strings.TrimRight(c.Server, "/")
}

func (c Config) validate() error {
	v := tms.Validation{}
	u, err := url.Parse(c.Server)
	v.Check(err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "", "server", "must be an http(s) URL")
	v.Check(c.Trucks >= 1 && c.Trucks <= MaxTrucks, "trucks", fmt.Sprintf("must be 1 to %d", MaxTrucks))
	v.Check(c.Speedup > 0 && c.Speedup <= 1e6, "speedup", "must be above 0 and at most 1,000,000")
	v.Check(c.Duration > 0 && c.Duration <= MaxDuration, "duration", "must be above 0 and at most 24h")
	v.Check(!c.CreateDevices || c.Token != "", "create-devices", "needs a token")
	return v.Err()
}

// Run drives the fleet until the duration is over, MaxRequests were sent or ctx is done,
// then reports. Errors are about the setup (bad config, the API refusing the token, fewer
// than two places to drive between); failed position requests are counted in the report.
func Run(ctx context.Context, cfg Config) (Report, error) {
	if cfg.Loads {
		return runLoads(ctx, cfg)
	}
	cfg.defaults()
	if err := cfg.validate(); err != nil {
		return Report{}, err
	}
	client := newClient(cfg.Trucks)
	defer client.CloseIdleConnections()
	stops, err := setup(ctx, cfg, apiClient{base: cfg.Server, token: cfg.Token, http: client})
	if err != nil {
		return Report{}, err
	}
	r := &runner{cfg: cfg, client: client, stats: stats{statuses: map[int]int64{}}}
	for i := range cfg.Trucks {
		r.routes = append(r.routes, newRoute(itinerary(stops, i), cfg.SpeedMPH, cfg.Dwell, phase(i)))
	}
	return r.run(ctx), nil
}

// runLoads drives the trucks of the server's loads, read through its API with the token.
func runLoads(ctx context.Context, cfg Config) (Report, error) {
	if cfg.Token == "" {
		return Report{}, tms.Errorf(tms.CodeInvalid, "loads: needs a token to read the server's loads")
	}
	client := newClient(1)
	defer client.CloseIdleConnections()
	return DriveLoads(ctx, cfg, apiFleet{apiClient{base: strings.TrimRight(cfg.Server, "/"), token: cfg.Token, http: client}})
}

// newClient is one keep-alive client with an idle connection for every truck.
func newClient(trucks int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = trucks+8, trucks+8
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// setup returns the places to drive between, creating devices first when asked.
func setup(ctx context.Context, cfg Config, c apiClient) ([]tms.Point, error) {
	if cfg.Token == "" {
		return demoCities, nil
	}
	if cfg.CreateDevices {
		if _, err := ensureDevices(ctx, c, cfg.Trucks); err != nil {
			return nil, err
		}
	}
	stops, err := facilityStops(ctx, c)
	if err == nil && len(stops) < 2 {
		err = fmt.Errorf("the server has %d active facilities with a position: at least 2 are needed", len(stops))
	}
	return stops, err
}

// runner is one run in progress.
type runner struct {
	cfg    Config
	client *http.Client
	routes []route
	start  time.Time
	sent   atomic.Int64
	stats  stats
}

// stats collects outcomes from every truck.
type stats struct {
	mu        sync.Mutex
	ok, fail  atomic.Int64
	statuses  map[int]int64
	latencies []time.Duration
	firstErr  string
	endless   bool // a run without an end keeps no latencies (they would grow without bound)
}

func (r *runner) run(ctx context.Context) Report {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Duration)
	defer cancel()
	r.start = time.Now()
	var wg sync.WaitGroup
	for i := range r.routes {
		wg.Go(func() { r.drive(ctx, i) })
	}
	stopProgress := r.progress()
	wg.Wait()
	stopProgress()
	return r.report()
}

// drive reports truck i every Interval/Speedup of wall time (the trucks staggered over one
// period) until the run ends; a slow answer delays the next report, it never piles up.
func (r *runner) drive(ctx context.Context, i int) {
	period := time.Duration(float64(r.cfg.Interval) / r.cfg.Speedup)
	next := r.start.Add(period * time.Duration(i) / time.Duration(len(r.routes)))
	var lastMS int64
	for sleep(ctx, time.Until(next)) && r.sent.Add(1) <= r.cfg.MaxRequests {
		simulated := time.Duration(float64(time.Since(r.start)) * r.cfg.Speedup)
		lastMS = max(time.Now().UnixMilli(), lastMS+1) // distinct fix times: no report is a duplicate
		r.send(ctx, deviceID(i+1), r.routes[i].at(simulated), lastMS)
		next = later(next.Add(period), time.Now())
	}
}

// send reports one position of a device through the OsmAnd protocol and records the outcome.
func (r *runner) send(ctx context.Context, device string, st state, fixMS int64) {
	u := r.cfg.Server + "/osmand?id=" + url.QueryEscape(device) +
		"&lat=" + strconv.FormatFloat(st.at.Lat, 'f', 6, 64) + "&lon=" + strconv.FormatFloat(st.at.Lon, 'f', 6, 64) +
		"&timestamp=" + strconv.FormatInt(fixMS, 10) + "&speed=" + strconv.FormatFloat(st.speedMPH*knotsPerMPH, 'f', 1, 64) +
		"&bearing=" + strconv.FormatFloat(st.heading, 'f', 0, 64)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		r.stats.record(0, 0, err.Error())
		return
	}
	t0 := time.Now()
	resp, err := r.client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			r.stats.record(0, time.Since(t0), err.Error())
		}
		return
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	r.stats.record(resp.StatusCode, time.Since(t0), strings.TrimSpace(string(body)))
}

func (s *stats) record(status int, latency time.Duration, detail string) {
	if status == http.StatusOK {
		s.ok.Add(1)
	} else {
		s.fail.Add(1)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.statuses[status]++
	if (status != 0 || latency > 0) && !s.endless {
		s.latencies = append(s.latencies, latency)
	}
	if status != http.StatusOK && s.firstErr == "" {
		s.firstErr = fmt.Sprintf("status %s: %.300s", statusName(status), detail)
	}
}

func (r *runner) report() Report {
	s := &r.stats
	s.mu.Lock()
	defer s.mu.Unlock()
	rep := Report{Trucks: len(r.routes), OK: s.ok.Load(), Failed: s.fail.Load(), Statuses: s.statuses,
		Elapsed: time.Since(r.start), FirstError: s.firstErr}
	rep.Requests = rep.OK + rep.Failed
	rep.summarise(s.latencies)
	return rep
}

// progress draws a line every second on cfg.Progress until the returned stop is called.
func (r *runner) progress() (stop func()) {
	if r.cfg.Progress == nil {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				ok, fail, secs := r.stats.ok.Load(), r.stats.fail.Load(), time.Since(r.start).Seconds()
				fmt.Fprintf(r.cfg.Progress, "\r%4.0fs  %d ok  %d failed  %.0f/s ", secs, ok, fail, float64(ok)/secs)
			case <-done:
				fmt.Fprintln(r.cfg.Progress)
				return
			}
		}
	}()
	return func() { close(done); <-finished }
}

// sleep waits d (returns at once for d <= 0) and reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
