package tracking_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/osmand"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
)

// outcome is what the geofence made of a load, without ids, so replays on different scenes
// compare: the load status, each stop's status and times, and its GPS timeline entries.
type outcome struct {
	Status tms.LoadStatus
	Stops  []stopOutcome
}

type stopOutcome struct {
	Status            tms.StopStatus
	Arrived, Departed *time.Time
	Events            []string
}

func outcomeOf(t testing.TB, s tms.Store, loadID int64) outcome {
	t.Helper()
	ctx := context.Background()
	l, err := s.Load(ctx, loadID)
	must(t, err)
	events, err := s.LoadEvents(ctx, loadID)
	must(t, err)
	o := outcome{Status: l.Status}
	for _, st := range l.Stops {
		so := stopOutcome{Status: st.Status, Arrived: st.ArrivedAt, Departed: st.DepartedAt}
		for _, e := range events {
			if e.StopID != nil && *e.StopID == st.ID {
				so.Events = append(so.Events, fmt.Sprintf("%s %s %s", e.Type, e.Source, e.At.UTC().Format(time.RFC3339)))
			}
		}
		o.Stops = append(o.Stops, so)
	}
	return o
}

// instances are tracking services, each over its own store (its own connection pools).
func instances(t testing.TB, stores []tms.Store, cfg tracking.Config) []*tracking.Service {
	t.Helper()
	out := make([]*tracking.Service, len(stores))
	for i, s := range stores {
		out[i] = tracking.New(cfg, s, &dispatch.Service{Store: s, Router: tms.GreatCircleRouter{}}, tracking.NewMemory(), nil)
		t.Cleanup(func() { out[i].Close() })
	}
	return out
}

// report is the OsmAnd report a phone sends for one trace ping.
func report(device string, p osmand.TracePoint) osmand.Report {
	speed := p.SpeedMPH
	return osmand.Report{DeviceID: device, Time: p.Time, Point: p.Point, HasFix: true, RawSpeed: &speed, Form: osmand.FormQuery}
}

// replay sends pings in order to the first instance.
func replay(t testing.TB, ss []*tracking.Service, device string, pings []osmand.TracePoint) {
	t.Helper()
	for _, p := range pings {
		must(t, ss[0].IngestReport(context.Background(), report(device, p), ""))
	}
}

// spread cuts pings into bursts of 20, shuffles each burst and deals it round-robin to the
// instances, which ingest their shares at the same time (a load balancer in front of phones
// flushing offline buffers); the next burst starts when the previous one is acknowledged.
func spread(rng *rand.Rand, ss []*tracking.Service, device string, pings []osmand.TracePoint) error {
	for start := 0; start < len(pings); start += 20 {
		burst := slices.Clone(pings[start:min(start+20, len(pings))])
		rng.Shuffle(len(burst), func(i, j int) { burst[i], burst[j] = burst[j], burst[i] })
		var wg sync.WaitGroup
		errs := make([]error, len(ss))
		for k := range ss {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := k; i < len(burst) && errs[k] == nil; i += len(ss) {
					errs[k] = ss[k].IngestReport(context.Background(), report(device, burst[i]), "")
				}
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return err
		}
	}
	return nil
}

// replayScene makes a fresh scene, replays pings with send and returns the outcome once
// every instance is idle.
func replayScene(t testing.TB, store tms.Store, ss []*tracking.Service, trace, pings []osmand.TracePoint, name string,
	send func(testing.TB, []*tracking.Service, string, []osmand.TracePoint)) outcome {
	t.Helper()
	sc := newScene(t, store, trace, name)
	send(t, ss, sc.device.UniqueID, pings)
	for _, s := range ss {
		must(t, s.WaitIdle(context.Background()))
	}
	return outcomeOf(t, store, sc.load.ID)
}

// wantEveryStop checks one GPS arrival and one departure per stop, and a delivered load.
func wantEveryStop(t *testing.T, o outcome) {
	t.Helper()
	for i, s := range o.Stops {
		if s.Status != tms.StopDeparted || len(s.Events) != 2 || !strings.HasPrefix(s.Events[0], "stop_arrived gps") ||
			!strings.HasPrefix(s.Events[1], "stop_departed gps") {
			t.Errorf("stop %d = %+v, want departed with one GPS arrival and one GPS departure", i+1, s)
		}
	}
	if o.Status != tms.StatusDelivered {
		t.Errorf("load status = %s, want delivered", o.Status)
	}
}

// withoutDwell is the trace with every ping of the dwell removed (a phone without signal there).
func withoutDwell(trace []osmand.TracePoint, d dwell) []osmand.TracePoint {
	return slices.Concat(trace[:d.first], trace[d.last+1:])
}

// wantMissedSecond checks that stop 2 is missed with its gap on the timeline and stops 1 and
// 3 are arrived and departed, the load delivered.
func wantMissedSecond(t *testing.T, o outcome) {
	t.Helper()
	if len(o.Stops) != 3 {
		t.Fatalf("stops = %+v", o.Stops)
	}
	m := o.Stops[1]
	if m.Status != tms.StopMissed || m.Arrived != nil || len(m.Events) != 1 || !strings.HasPrefix(m.Events[0], "stop_missed gps") {
		t.Errorf("stop 2 = %+v, want missed with one stop_missed event", m)
	}
	for _, i := range []int{0, 2} {
		if s := o.Stops[i]; s.Status != tms.StopDeparted || len(s.Events) != 2 {
			t.Errorf("stop %d = %+v, want arrived and departed by GPS", i+1, s)
		}
	}
	if o.Status != tms.StatusDelivered {
		t.Errorf("load status = %s, want delivered: a missed stop blocks nothing", o.Status)
	}
}

// The real trace through 3 instances on PostgreSQL, spread round-robin in shuffled bursts of
// 20, 20 times: each run gives exactly the events of one instance replaying it in order. The
// same 5 times with the pings at stop 2 removed: stop 2 is missed, stop 3 still detected.
func TestTraceThreeInstances(t *testing.T) {
	pgs := testenv.PostgresInstances(t, 3)
	stores := []tms.Store{pgs[0], pgs[1], pgs[2]}
	ss := instances(t, stores, tracking.Config{})
	trace := readTrace(t)
	want := replayScene(t, stores[0], ss[:1], trace, trace, "sequential", replay)
	wantEveryStop(t, want)
	gap := withoutDwell(trace, dwells(trace)[1])
	wantGap := replayScene(t, stores[0], ss[:1], trace, gap, "gap-sequential", replay)
	wantMissedSecond(t, wantGap)
	// 25 trucks at the same time (more interleaving, less wall time): 20 full traces, 5 with the gap.
	runs := make([]scene, 25)
	errs := make([]error, len(runs))
	var wg sync.WaitGroup
	for run := range runs {
		runs[run] = newScene(t, stores[0], trace, fmt.Sprint("run", run))
		wg.Add(1)
		go func() {
			defer wg.Done()
			pings := map[bool][]osmand.TracePoint{true: gap, false: trace}[run >= 20]
			errs[run] = spread(rand.New(rand.NewPCG(13, uint64(run))), ss, runs[run].device.UniqueID, pings)
		}()
	}
	wg.Wait()
	must(t, errors.Join(errs...))
	for _, s := range ss {
		must(t, s.WaitIdle(context.Background()))
	}
	for run, sc := range runs {
		want := map[bool]outcome{true: wantGap, false: want}[run >= 20]
		if diff := cmp.Diff(want, outcomeOf(t, stores[0], sc.load.ID)); diff != "" {
			t.Errorf("run %d through 3 instances differs from the sequential replay (-want +got):\n%s", run, diff)
		}
	}
}

// Pings at stop 2 removed, on each engine: stop 2 is missed with the gap on its timeline and
// stop 3 is detected; fixes arriving late (a whole burst reversed) give the same result.
func TestMissedStop(t *testing.T) {
	trace := readTrace(t)
	gap := withoutDwell(trace, dwells(trace)[1])
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			ss := instances(t, []tms.Store{store}, tracking.Config{})
			want := replayScene(t, store, ss, trace, gap, "in-order", replay)
			wantMissedSecond(t, want)
			reversed := func(t testing.TB, ss []*tracking.Service, device string, pings []osmand.TracePoint) {
				for start := 0; start < len(pings); start += 20 {
					burst := slices.Clone(pings[start:min(start+20, len(pings))])
					slices.Reverse(burst)
					replay(t, ss, device, burst)
					must(t, ss[0].WaitIdle(context.Background()))
				}
			}
			if diff := cmp.Diff(want, replayScene(t, store, ss, trace, gap, "reversed", reversed)); diff != "" {
				t.Errorf("bursts judged in reverse order differ (-in order +reversed):\n%s", diff)
			}
			events, err := store.LoadEvents(context.Background(), 1)
			must(t, err)
			if i := slices.IndexFunc(events, func(e tms.LoadEvent) bool { return e.Type == tms.EventStopMissed }); i < 0 ||
				!strings.Contains(events[i].Note, "no GPS fix from") {
				t.Errorf("events = %+v, want a stop_missed event naming the gap", events)
			}
		})
	}
}

// An instance that acknowledged the whole trace and died before judging any of it (its
// geofence worker never ran): the next instance to start judges it all, as if nothing had
// happened.
func TestJudgingResumesAfterCrash(t *testing.T) {
	trace := readTrace(t)
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			crashed := instances(t, []tms.Store{store}, tracking.Config{NoGeofence: true})
			sc := newScene(t, store, trace, "crash")
			replay(t, crashed, sc.device.UniqueID, trace)
			must(t, crashed[0].Close())
			if events := gpsStopEvents(t, store, sc.load.ID); len(events) != 0 {
				t.Fatalf("events before any judging: %+v", events)
			}
			restarted := instances(t, []tms.Store{store}, tracking.Config{})
			must(t, restarted[0].WaitIdle(context.Background()))
			wantEveryStop(t, outcomeOf(t, store, sc.load.ID))
			checkStopEvents(t, gpsStopEvents(t, store, sc.load.ID), sc, trace)
		})
	}
}

// A fix from an hour ahead is refused with 400 and counted; it is not the truck's position
// for nearest trucks, and the real fixes at the pickup that follow still make the arrival.
func TestFutureFixRefused(t *testing.T) {
	trace := readTrace(t)
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			srv := apitest.Start(t, apitest.DefaultConfig(t), store)
			sc := newScene(t, store, trace, "future")
			c := srv.NewClient(t)
			pickup := sc.dwells[0].at
			ahead := osmand.TracePoint{Point: pickup, Time: time.Now().Add(time.Hour).Truncate(time.Second)}
			c.Do("GET", osmandQuery(sc.device.UniqueID, ahead), nil).Want(http.StatusBadRequest)
			if m := c.Do("GET", "/metrics", nil).Want(http.StatusOK).Body; !strings.Contains(string(m), `tms_positions_refused_total{reason="future"} 1`) {
				t.Errorf("metrics do not count the refused future fix")
			}
			near, err := store.NearestTrucks(context.Background(), tms.NearestQuery{Point: pickup, Limit: 10})
			must(t, err)
			if len(near) != 0 {
				t.Errorf("nearest trucks after a refused fix = %+v, want none", near)
			}
			for _, p := range trace[:sc.dwells[0].last+5] {
				c.Do("GET", osmandQuery(sc.device.UniqueID, p), nil).Want(http.StatusOK)
			}
			must(t, srv.App.Tracking.WaitIdle(context.Background()))
			o := outcomeOf(t, store, sc.load.ID)
			if o.Stops[0].Arrived == nil || o.Stops[0].Departed == nil {
				t.Errorf("pickup = %+v, want arrived and departed by the real fixes", o.Stops[0])
			}
		})
	}
}

// A missed stop shows on the load page (its status, the gap on the timeline) and on the
// dispatch board, and the API gives its status.
func TestMissedStopShown(t *testing.T) {
	trace := readTrace(t)
	store := testenv.SQLite(t)
	srv := apitest.Start(t, apitest.DefaultConfig(t), store)
	sc := newScene(t, store, trace, "shown")
	_, err := store.UpdateLoad(context.Background(), sc.load.ID, func(_ tms.LoadTx, l *tms.Load) error {
		l.Stops[2].AppointmentEnd = time.Now().Add(48 * time.Hour) // still on the board's window after delivery
		return nil
	})
	must(t, err)
	ss := instances(t, []tms.Store{store}, tracking.Config{})
	replay(t, ss, sc.device.UniqueID, withoutDwell(trace, sc.dwells[1]))
	must(t, ss[0].WaitIdle(context.Background()))
	u, pw := apitest.CreateUser(t, store, "dispatch@example.com", tms.RoleDispatcher)
	c := srv.NewClient(t).Login(u.Email, pw)
	page := string(c.Do("GET", fmt.Sprint("/loads/", sc.load.ID), nil).Want(http.StatusOK).Body)
	if !strings.Contains(page, `data-stop-status="missed"`) || !strings.Contains(page, "no GPS fix from") {
		t.Errorf("load page lacks the missed stop or its GPS gap")
	}
	var l tms.Load
	c.Do("GET", fmt.Sprint("/api/v1/loads/", sc.load.ID), nil).Want(http.StatusOK).JSON(&l)
	if l.Stops[1].Status != tms.StopMissed {
		t.Errorf("API stop 2 status = %s, want missed", l.Stops[1].Status)
	}
	if board := string(c.Do("GET", "/dispatch", nil).Want(http.StatusOK).Body); !strings.Contains(board, "Missed stop 2") {
		t.Errorf("board does not warn of the missed stop")
	}
}

// An arrival a person moved past the GPS departure being judged, and the rest of the trip
// judged in one pass: the load refuses that departure, and the same pass judges its fixes
// afresh against the load as it stands, so they still depart the stop and deliver the load
// (neither the refused decision nor the refusal's fixes are lost).
func TestRefusedDepartureDoesNotWedge(t *testing.T) {
	onEachEngine(t, "refused", func(t *testing.T, store tms.Store, trace []osmand.TracePoint, sc scene) {
		pickup := sc.dwells[0]
		first := instances(t, []tms.Store{store}, tracking.Config{})
		replay(t, first, sc.device.UniqueID, trace[:pickup.first+3])
		must(t, first[0].WaitIdle(context.Background()))
		must(t, first[0].Close())
		moved := trace[pickup.last+10].Time
		_, err := store.UpdateLoad(context.Background(), sc.load.ID, func(_ tms.LoadTx, l *tms.Load) error {
			l.Stops[0].ArrivedAt = &moved
			return nil
		})
		must(t, err)
		unjudged := instances(t, []tms.Store{store}, tracking.Config{NoGeofence: true})
		replay(t, unjudged, sc.device.UniqueID, trace[pickup.first+3:])
		must(t, unjudged[0].Close())
		judge := instances(t, []tms.Store{store}, tracking.Config{})
		must(t, judge[0].WaitIdle(context.Background()))
		o := outcomeOf(t, store, sc.load.ID)
		if d := o.Stops[0].Departed; d == nil || d.Before(moved) {
			t.Errorf("pickup departed at %v, want at or after the moved arrival %v", d, moved)
		}
		if o.Status != tms.StatusDelivered {
			t.Errorf("load status = %s, want delivered", o.Status)
		}
	})
}

// onEachEngine runs fn on each engine with a fresh store and a scene of the trace named name.
func onEachEngine(t *testing.T, name string, fn func(t *testing.T, store tms.Store, trace []osmand.TracePoint, sc scene)) {
	trace := readTrace(t)
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			fn(t, store, trace, newScene(t, store, trace, name))
		})
	}
}

// A dispatched truck whose phone holds an older trip over the same facilities (the history
// of a job before this one, the demo seed's, a buffer flushed from before the dispatch):
// those fixes decide nothing for this load, whether they come before the trip's own fixes or
// after them, and the trip's own fixes arrive and depart every stop at their times.
func TestFixesBeforeDispatchNotJudged(t *testing.T) {
	onEachEngine(t, "before-dispatch", func(t *testing.T, store tms.Store, trace []osmand.TracePoint, sc scene) {
		ss := instances(t, []tms.Store{store}, tracking.Config{})
		send := func(pings []osmand.TracePoint) {
			replay(t, ss, sc.device.UniqueID, pings)
			must(t, ss[0].WaitIdle(context.Background()))
		}
		send(shifted(trace, -7*24*time.Hour))
		if o := outcomeOf(t, store, sc.load.ID); o.Status != tms.StatusDispatched || len(gpsStopEvents(t, store, sc.load.ID)) != 0 {
			t.Fatalf("after the older trip: %+v, want dispatched with no stop event", o)
		}
		send(trace)
		want := outcomeOf(t, store, sc.load.ID)
		wantEveryStop(t, want)
		checkStopEvents(t, gpsStopEvents(t, store, sc.load.ID), sc, trace)
		send(shifted(trace, -3*24*time.Hour))
		if diff := cmp.Diff(want, outcomeOf(t, store, sc.load.ID)); diff != "" {
			t.Errorf("an older trip flushed after delivery changed the load (-before +after):\n%s", diff)
		}
	})
}

// A truck whose pickup arrival the office recorded, with fixes from between the dispatch and
// that arrival waiting to be judged, all judged in one pass: they decide no departure before
// the recorded arrival (the load would refuse it, and the pass with it), and the real fixes
// that follow depart the pickup and deliver the load.
func TestFixesBeforeRecordedArrivalNotJudged(t *testing.T) {
	onEachEngine(t, "recorded-arrival", func(t *testing.T, store tms.Store, trace []osmand.TracePoint, sc scene) {
		pickup := sc.dwells[0]
		arrived := trace[pickup.first].Time
		recordOfficeArrival(t, store, sc.load, arrived)
		away := trace[pickup.last+1 : pickup.last+21] // driving off, timed to end a minute before the arrival
		early := shifted(away, arrived.Add(-time.Minute).Sub(away[len(away)-1].Time))
		if dispatched := trace[0].Time.Add(-time.Hour); !early[0].Time.After(dispatched) {
			t.Fatalf("the early fixes start at %v, before the dispatch at %v", early[0].Time, dispatched)
		}
		unjudged := instances(t, []tms.Store{store}, tracking.Config{NoGeofence: true})
		replay(t, unjudged, sc.device.UniqueID, slices.Concat(early, trace[pickup.first:]))
		must(t, unjudged[0].Close())
		judge := instances(t, []tms.Store{store}, tracking.Config{})
		must(t, judge[0].WaitIdle(context.Background()))
		o := outcomeOf(t, store, sc.load.ID)
		if o.Status != tms.StatusDelivered {
			t.Errorf("load status = %s, want delivered", o.Status)
		}
		for i, s := range o.Stops {
			if s.Status != tms.StopDeparted || s.Arrived == nil || s.Departed == nil || s.Departed.Before(*s.Arrived) {
				t.Errorf("stop %d = %+v, want departed after its arrival", i+1, s)
			}
		}
		if got := o.Stops[0].Departed; got == nil || !got.After(trace[pickup.last].Time) {
			t.Errorf("pickup departed at %v, want after the trace leaves it (%v)", got, trace[pickup.last].Time)
		}
	})
}

// shifted is pings moved by d in time.
func shifted(pings []osmand.TracePoint, d time.Duration) []osmand.TracePoint {
	out := slices.Clone(pings)
	for i := range out {
		out[i].Time = out[i].Time.Add(d)
	}
	return out
}

// recordOfficeArrival records the office's arrival at the load's first stop and starts the trip.
func recordOfficeArrival(t testing.TB, store tms.Store, l tms.Load, at time.Time) {
	t.Helper()
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "office", Source: tms.SourceAPI})
	_, err := store.UpdateLoad(ctx, l.ID, func(tx tms.LoadTx, l *tms.Load) error {
		_, err := dispatch.RecordStopTx(ctx, tx, l, l.Stops[0].ID, dispatch.StopEvent{Arriving: true, At: at, Source: tms.SourceAPI})
		return err
	})
	must(t, err)
}
