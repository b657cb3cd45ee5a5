package tracking

import (
	"context"
	"encoding/json"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"time"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// Judging runs in the background of every instance, driven by the database, never by memory:
// each position commit marks its devices unjudged in the same transaction, and a worker
// claims one device at a time (its cursor row, skipped when another instance holds it),
// judges its stored fixes in fix-time order and advances the cursor in the same transaction
// as the stop events it decides. So fixes of one truck spread over any number of instances,
// in any order, make the events one instance replaying them in order makes, and a crash
// between the acknowledgement and the judgement loses nothing: the marks wait in the table.
const (
	judgePoll   = time.Second            // how often a worker looks for marks it was not told of
	judgeSpacer = 100 * time.Millisecond // the least time between rounds: a busy device's fixes are judged in batches
	judgeBatch  = 100                    // devices read per round
	judgeTxSize = 16                     // devices judged per transaction: fewer commits, a short hold of SQLite's one writer
)

// judgeLoop judges marked devices whenever a commit kicks it, and every judgePoll (fixes
// received by other instances, marks left by a crash).
func (s *Service) judgeLoop() {
	defer s.wg.Done()
	tick := time.NewTicker(judgePoll)
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-s.kick:
		case <-tick.C:
		}
		s.judgeRound()
		time.Sleep(judgeSpacer)
	}
}

// kickJudge wakes the worker without waiting for it.
func (s *Service) kickJudge() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// judgeRound judges marked devices until none is left that this worker can claim. Devices
// with nothing to judge against have their marks cleared together, without a judging
// transaction each (most trucks, most of the time, carry no load).
func (s *Service) judgeRound() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ctx = tms.WithActor(ctx, tms.Actor{Source: tms.SourceGPS, Email: "gps"}) // the judging transaction's actor, in the audit log
	for {
		devices, err := s.store.UnjudgedDevices(ctx, judgeBatch)
		dismissed := false
		if err == nil {
			devices, dismissed, err = s.dismissIdle(ctx, devices)
		}
		if err != nil {
			slog.Error("geofence: unjudged devices", "err", err)
			return
		}
		progress := dismissed
		for _, batch := range s.judgeBatches(ctx, devices) {
			judged, err := s.judgeDevices(ctx, batch)
			if err != nil {
				slog.Error("geofence: judge devices", "devices", batch, "err", err)
			}
			progress = progress || judged
		}
		if !progress {
			return
		}
	}
}

// judgeBatches cuts the devices into transactions of at most judgeTxSize, no two devices of
// one truck in the same: the judge reads a truck's loads outside its transaction, so a truck's
// devices are judged one commit after another, each seeing what the one before recorded.
func (s *Service) judgeBatches(ctx context.Context, devices []tms.UnjudgedDevice) [][]int64 {
	var batches [][]int64
	var trucks []map[int64]bool // the trucks in each batch
	for _, u := range devices {
		var truck int64                                              // 0: no truck
		if d, _ := s.deviceByID(ctx, u.DeviceID); d.TruckID != nil { // a device gone (or unreadable) rides in no truck
			truck = *d.TruckID
		}
		i := 0
		for i < len(batches) && (len(batches[i]) == judgeTxSize || truck != 0 && trucks[i][truck]) {
			i++
		}
		if i == len(batches) {
			batches, trucks = append(batches, nil), append(trucks, map[int64]bool{})
		}
		batches[i], trucks[i][truck] = append(batches[i], u.DeviceID), true
	}
	return batches
}

// judgeDevices judges a batch of devices in one transaction and counts the decisions it
// committed. It reports whether it judged any.
func (s *Service) judgeDevices(ctx context.Context, ids []int64) (bool, error) {
	decided := map[int64]decision{}
	res, err := s.store.JudgeDevices(ctx, ids, func(tx tms.JudgeTx, c *tms.GeofenceCursor, since time.Time) error {
		d, err := s.judgeDevice(ctx, tx, c, since)
		decided[c.DeviceID] = d
		return err
	})
	if err != nil {
		return false, err
	}
	for id, err := range res.Failed {
		slog.Error("geofence: judge device", "device", id, "err", err)
	}
	for _, id := range res.Judged {
		s.countDecisions(decided[id])
	}
	return len(res.Judged) > 0, nil
}

// decision is what one judging recorded on its load: the GPS stops before and after (none
// when nothing was recorded).
type decision struct{ was, now []dispatch.GPSStop }

// dismissIdle clears the marks of the devices with nothing to judge against: no load on
// their cursor, and no truck or a truck without a dispatched or in-transit load. It returns
// the devices left to judge, and whether it cleared any.
func (s *Service) dismissIdle(ctx context.Context, devices []tms.UnjudgedDevice) ([]tms.UnjudgedDevice, bool, error) {
	truckOf := map[int64]int64{}
	for _, u := range devices {
		d, err := s.deviceByID(ctx, u.DeviceID)
		if c := tms.ErrorCode(err); c != "" && c != tms.CodeNotFound { // a device gone has nothing to judge against
			return nil, false, err
		}
		if u.LoadID == 0 && d.TruckID != nil {
			truckOf[u.DeviceID] = *d.TruckID
		}
	}
	loads, err := s.store.TrackedLoads(ctx, slices.Collect(maps.Values(truckOf)))
	if err != nil {
		return nil, false, err
	}
	loaded := map[int64]bool{}
	for _, l := range loads {
		loaded[*l.TruckID] = true
	}
	var idle, busy []tms.UnjudgedDevice
	for _, u := range devices {
		truck, ok := truckOf[u.DeviceID]
		if u.LoadID == 0 && (!ok || !loaded[truck]) {
			idle = append(idle, u)
		} else {
			busy = append(busy, u)
		}
	}
	if len(idle) == 0 {
		return busy, false, nil
	}
	return busy, true, s.store.DismissUnjudged(ctx, idle)
}

// deviceByID is the device the geofence worker judges, through a short cache.
func (s *Service) deviceByID(ctx context.Context, id int64) (tms.Device, error) {
	return s.devicesByID.get(id, s.now(), func() (tms.Device, error) { return s.store.Device(ctx, id) })
}

// WaitIdle returns once no stored fix waits for the geofence, on any instance (tests, and
// benchmarks that measure it).
func (s *Service) WaitIdle(ctx context.Context) error {
	if s.cfg.NoGeofence {
		return nil
	}
	for {
		waiting, err := s.store.UnjudgedDevices(ctx, 1)
		if err != nil || len(waiting) == 0 {
			return err
		}
		s.kickJudge()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// judgeDevice judges a claimed device's unjudged fixes (from since on) against its watched
// load and records what it decides, inside the cursor's transaction. When the load refuses
// what a resumed judgement decides (a person changed its stops meanwhile), the same fixes are
// judged afresh against the load as it stands, so they are not lost with the refusal.
func (s *Service) judgeDevice(ctx context.Context, tx tms.JudgeTx, c *tms.GeofenceCursor, since time.Time) (decision, error) {
	resumed := c.LoadID != 0
	d, refused, err := s.judgePass(ctx, tx, c, since)
	if err == nil && refused && resumed {
		d, _, err = s.judgePass(ctx, tx, c, since)
	}
	return d, err
}

// judgePass is one judging of the fixes from since on: what it recorded, or refused when the
// load refused its decisions (the cursor then judges afresh: its load and state are cleared).
func (s *Service) judgePass(ctx context.Context, tx tms.JudgeTx, c *tms.GeofenceCursor, since time.Time) (d decision, refused bool, err error) {
	if since.IsZero() {
		return decision{}, false, nil
	}
	l, j, err := s.watch(ctx, c, since)
	if err != nil || l.ID == 0 {
		c.LoadID, c.State = 0, nil
		return decision{}, false, err
	}
	was := slices.Clone(j.Stops)
	from := since
	if !since.After(j.Memory.LastFix) { // a fix older than one judged: judge again from before it
		from = j.rewind(since)
	}
	fixes, err := tx.Positions(ctx, c.DeviceID, maxTime(from, j.Floor))
	if err != nil {
		return decision{}, false, err
	}
	fences, err := s.fences(ctx, l)
	if err != nil {
		return decision{}, false, err
	}
	j.judge(fences, fixes)
	j.checkpoint()
	d, refused, err = s.record(ctx, tx, l.ID, was, j.Stops)
	if err != nil || refused { // forget the refused decisions
		c.LoadID, c.State = 0, nil
		return decision{}, refused, err
	}
	state, err := json.Marshal(j)
	c.LoadID, c.State = l.ID, state
	if j.Memory.LastFix.After(c.LastFix) {
		c.LastFix = j.Memory.LastFix
	}
	return d, false, err
}

// watch returns the load the device's fixes are judged against and the judgement so far:
// the cursor's load while it is still the truck's watched load (or, once delivered, no other
// load is), else the truck's watched load judged afresh from since. l.ID is 0 for none.
func (s *Service) watch(ctx context.Context, c *tms.GeofenceCursor, since time.Time) (tms.Load, judgement, error) {
	d, err := s.deviceByID(ctx, c.DeviceID)
	if err != nil || d.TruckID == nil {
		return tms.Load{}, judgement{}, err
	}
	loads, err := s.store.TrackedLoads(ctx, []int64{*d.TruckID})
	if err != nil {
		return tms.Load{}, judgement{}, err
	}
	l, ok := WatchedLoad(loads, since)
	if c.LoadID != 0 && (!ok || l.ID == c.LoadID) {
		if cur, j, ok := s.resume(ctx, c, l); ok {
			return cur, j, nil
		}
	}
	if !ok {
		return tms.Load{}, judgement{}, nil
	}
	events, err := s.store.LoadEvents(ctx, l.ID)
	return l, startJudgement(l, since, DispatchedAt(l, events)), err
}

// DispatchedAt is when the truck started on l: its latest move to dispatched, or its booking
// for a load created already dispatched. Its fixes from before belong to another job: they
// are never judged against l, nor shown to l's customer.
func DispatchedAt(l tms.Load, events []tms.LoadEvent) time.Time {
	if e, ok := dispatch.LatestMove(events, tms.StatusDispatched); ok {
		return e.At
	}
	return l.CreatedAt
}

// resume reads the cursor's load and judgement, when the load can still take GPS events. The
// cursor's load is read again only when it is not watched (the watched load was just read).
func (s *Service) resume(ctx context.Context, c *tms.GeofenceCursor, watched tms.Load) (tms.Load, judgement, bool) {
	var j judgement
	l, err := watched, error(nil)
	if l.ID != c.LoadID {
		l, err = s.store.Load(ctx, c.LoadID)
	}
	if err != nil || json.Unmarshal(c.State, &j) != nil || len(j.Stops) != len(l.Stops) {
		return l, j, false
	}
	switch l.Status {
	case tms.StatusDispatched, tms.StatusInTransit, tms.StatusDelivered:
		return l, j, true
	}
	return l, j, false
}

// WatchedLoad picks, of a truck's dispatched and in-transit loads, the one its fixes are
// judged against: the load in transit (the earliest window when there are several), else
// the dispatched load whose first appointment is nearest to at (ties: the earlier load).
func WatchedLoad(loads []tms.Load, at time.Time) (tms.Load, bool) {
	if i := slices.IndexFunc(loads, func(l tms.Load) bool { return l.Status == tms.StatusInTransit }); i >= 0 {
		return loads[i], true
	}
	best := -1
	for i, l := range loads {
		if l.Status != tms.StatusDispatched || len(l.Stops) == 0 {
			continue
		}
		if best < 0 || absDur(l.Stops[0].AppointmentStart.Sub(at)) < absDur(loads[best].Stops[0].AppointmentStart.Sub(at)) {
			best = i
		}
	}
	if best < 0 {
		return tms.Load{}, false
	}
	return loads[best], true
}

// fences are the load's stops as the geofence sees them.
func (s *Service) fences(ctx context.Context, l tms.Load) ([]fence, error) {
	out := make([]fence, len(l.Stops))
	for i, st := range l.Stops {
		f, err := s.facility(ctx, st.FacilityID)
		if err != nil {
			return nil, err
		}
		out[i] = fence{at: f.Point(), radius: radius(f)}
	}
	return out, nil
}

func (s *Service) facility(ctx context.Context, id int64) (tms.Facility, error) {
	return s.facilities.get(id, s.now(), func() (tms.Facility, error) { return s.store.Facility(ctx, id) })
}

// record applies what changed in the judgement to the load, in the cursor's transaction, and
// returns the decision it recorded. A load that refuses the change (edited meanwhile into
// something invalid) is logged and reported refused, so one load cannot stop its device's
// judging.
func (s *Service) record(ctx context.Context, tx tms.JudgeTx, loadID int64, was, now []dispatch.GPSStop) (d decision, refused bool, err error) {
	if reflect.DeepEqual(was, now) {
		return decision{}, false, nil
	}
	var moved []dispatch.Moved
	_, err = tx.UpdateLoad(ctx, loadID, func(ltx tms.LoadTx, l *tms.Load) (err error) {
		moved, err = dispatch.ApplyGPS(ctx, ltx, l, was, now)
		return err
	})
	if code := tms.ErrorCode(err); code == tms.CodeConflict || code == tms.CodeInvalid {
		slog.Warn("geofence: load refused the stop events", "load", loadID, "err", err)
		return decision{}, true, nil
	}
	if err != nil {
		return decision{}, false, err
	}
	for _, m := range moved {
		if err := reviseEvent(ctx, tx, loadID, m); err != nil {
			return decision{}, false, err
		}
	}
	return decision{was, now}, false, nil
}

func reviseEvent(ctx context.Context, tx tms.JudgeTx, loadID int64, m dispatch.Moved) error {
	if m.Drop {
		return tx.DropGPSStopEvent(ctx, loadID, m.StopID, m.Type)
	}
	return tx.ReviseGPSStopEvent(ctx, loadID, m.StopID, m.Type, m.At, m.Note)
}

// countDecisions counts the arrivals, departures and missed stops decided for the first time,
// once their transaction committed.
func (s *Service) countDecisions(d decision) {
	for i, g := range d.now {
		was := d.was
		if !g.Arrived.IsZero() && was[i].Arrived.IsZero() {
			s.metrics.stops.WithLabelValues("arrival").Inc()
		}
		if !g.Departed.IsZero() && was[i].Departed.IsZero() {
			s.metrics.stops.WithLabelValues("departure").Inc()
		}
		if g.Missed != nil && was[i].Missed == nil {
			s.metrics.stops.WithLabelValues("missed").Inc()
		}
	}
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
