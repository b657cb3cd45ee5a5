package tracking

import (
	"slices"
	"time"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// Geofence rules: arrival after this many consecutive fixes inside a stop's facility radius
// (or a fix inside followed by this long without leaving the exit radius); departure after
// this many consecutive fixes outside the exit radius, ExitFactor times the arrival radius.
// Fixes between the two radii change nothing, so jitter at the fence edge makes no events.
const (
	ArriveFixes = 2
	ArriveAfter = 2 * time.Minute
	DepartFixes = 2
	ExitFactor  = 1.5
)

// Geofence phases.
const (
	phaseArrival   = "arrival"   // waiting to arrive at any stop from Next on
	phaseDeparture = "departure" // arrived at stop Next, waiting to leave it
	phaseDone      = "done"      // every stop judged
)

// judgement is the geofence's memory of one device on its watched load, stored as the
// device cursor's state. It is a function of the load's stops and the device's stored fixes
// from From on, in judge order, whatever order they arrived in: a fix older than the newest
// judged makes the load be judged again from the newest checkpoint before it, or from From
// (see judgeDevice).
type judgement struct {
	From        time.Time          // the earliest fix judged for the load
	Floor       time.Time          // fixes before it are another job's: the dispatch, or a stop time recorded before watching began
	Base        int                // the first stop judged: stops before it were done when watching began
	BaseArrived bool               // and it was already arrived
	Memory      memory             // the hysteresis after the newest fix judged
	Stops       []dispatch.GPSStop // what is decided, one per stop
	Checkpoints []checkpoint       // the state after recent passes, oldest first
}

// checkpoint is the judgement after every fix up to Memory.LastFix was judged.
type checkpoint struct {
	Memory memory
	Stops  []dispatch.GPSStop
}

// maxCheckpoints bounds the checkpoints kept: a late fix older than all of them (an offline
// buffer flushed hours later) makes the load be judged again from its first fix.
const maxCheckpoints = 4

// checkpoint remembers the state as it is now, after a pass.
func (j *judgement) checkpoint() {
	if j.Memory.LastFix.IsZero() {
		return
	}
	j.Checkpoints = append(j.Checkpoints, checkpoint{Memory: j.Memory, Stops: slices.Clone(j.Stops)})
	if len(j.Checkpoints) > maxCheckpoints {
		j.Checkpoints = slices.Delete(j.Checkpoints, 0, len(j.Checkpoints)-maxCheckpoints)
	}
}

// rewind goes back to the newest checkpoint judged entirely before since, or to the start
// (a since before From moves From), and returns the fix time to judge from again.
func (j *judgement) rewind(since time.Time) time.Time {
	for i := len(j.Checkpoints) - 1; i >= 0; i-- {
		if cp := j.Checkpoints[i]; cp.Memory.LastFix.Before(since) && !since.Before(j.From) {
			j.Memory, j.Stops, j.Checkpoints = cp.Memory, slices.Clone(cp.Stops), j.Checkpoints[:i+1]
			return cp.Memory.LastFix
		}
	}
	j.From = minTime(j.From, since)
	j.Checkpoints = nil
	j.reset()
	return j.From
}

// memory is the hysteresis: the phase, the stop it concerns and the runs of fixes so far.
type memory struct {
	Phase        string
	Next         int // arrival: the first stop still to arrive at; departure: the arrived stop
	Run          int // arrival: the stop whose fence the current run of inside fixes is in
	Inside       int
	Outside      int
	FirstInside  time.Time
	FirstOutside time.Time
	LastFix      time.Time
	Gap          dispatch.Gap // the longest time without fixes since the last departure
}

// fence is a stop's facility as the geofence sees it.
type fence struct {
	at     tms.Point
	radius float64
}

// startJudgement begins judging load l (fences: one per stop) from fix time from, where the
// load is now: stops already departed or missed are not judged again, and no fix older than
// the truck's dispatch on l, or than a time already recorded at its stops, is judged.
func startJudgement(l tms.Load, from, dispatched time.Time) judgement {
	j := judgement{From: from, Base: l.NextStop()}
	if j.Base < 0 {
		j.Base = len(l.Stops)
	} else {
		j.BaseArrived = l.Stops[j.Base].Status == tms.StopArrived
	}
	j.Floor = dispatched
	if recorded := recordedUntil(l.Stops[:min(j.Base+1, len(l.Stops))]); recorded.After(j.Floor) {
		j.Floor = recorded
	}
	j.Stops = make([]dispatch.GPSStop, len(l.Stops))
	for i, s := range l.Stops {
		j.Stops[i].StopID = s.ID
	}
	j.reset()
	return j
}

// recordedUntil is the newest arrival or departure recorded at the stops.
func recordedUntil(stops []tms.Stop) time.Time {
	var newest time.Time
	for _, s := range stops {
		for _, at := range []*time.Time{s.ArrivedAt, s.DepartedAt} {
			if at != nil && at.After(newest) {
				newest = *at
			}
		}
	}
	return newest
}

// reset forgets every decision and fix, back to where judging the load began.
func (j *judgement) reset() {
	for i := range j.Stops {
		j.Stops[i] = dispatch.GPSStop{StopID: j.Stops[i].StopID}
	}
	j.Memory = memory{Phase: phaseArrival, Next: j.Base, Run: -1}
	switch {
	case j.Base >= len(j.Stops):
		j.Memory.Phase = phaseDone
	case j.BaseArrived:
		j.Memory.Phase = phaseDeparture
	}
}

// judge runs fixes (in judge order) through the memory, those newer than the newest judged
// before the pass (the ones up to it are already in the memory: a checkpoint resumed from)
// and not older than the floor (an earlier trip's fixes, or a departure before the recorded
// arrival, decide nothing for this load).
func (j *judgement) judge(fences []fence, fixes []tms.Position) {
	after := j.Memory.LastFix
	for _, f := range fixes {
		if j.Memory.Phase == phaseDone {
			return
		}
		if (!after.IsZero() && !f.FixTime.After(after)) || f.FixTime.Before(j.Floor) {
			continue
		}
		j.Memory.noteGap(f.FixTime)
		if j.Memory.Phase == phaseArrival {
			j.arrive(fences, f)
		} else {
			j.depart(fences, f)
		}
	}
}

// noteGap keeps the longest time without fixes and the newest fix time.
func (m *memory) noteGap(at time.Time) {
	if !m.LastFix.IsZero() && at.Sub(m.LastFix) > m.Gap.NextFix.Sub(m.Gap.LastFix) {
		m.Gap = dispatch.Gap{LastFix: m.LastFix, NextFix: at}
	}
	m.LastFix = at
}

// arrive looks for the fix in the fence of every stop still to come (the nearest fence
// wins), so a stop passed without fixes does not hide the stops after it.
func (j *judgement) arrive(fences []fence, f tms.Position) {
	m := &j.Memory
	in, best := -1, 0.0
	for k := m.Next; k < len(fences); k++ {
		if d := tms.DistanceMeters(fences[k].at, f.Point()); d <= fences[k].radius && (in < 0 || d < best) {
			in, best = k, d
		}
	}
	switch {
	case in >= 0 && (in != m.Run || m.Inside == 0):
		m.Run, m.Inside, m.FirstInside = in, 1, f.FixTime
	case in >= 0:
		m.Inside++
	case m.Run >= 0 && tms.DistanceMeters(fences[m.Run].at, f.Point()) > fences[m.Run].radius*ExitFactor:
		m.Inside = 0
	}
	if m.Inside == 0 || (m.Inside < ArriveFixes && f.FixTime.Sub(m.FirstInside) < ArriveAfter) {
		return
	}
	for k := m.Next; k < m.Run; k++ {
		gap := m.Gap
		j.Stops[k].Missed, j.Stops[k].ArrivedAtLater = &gap, m.FirstInside
	}
	j.Stops[m.Run].Arrived, j.Stops[m.Run].ArrivedPoint = m.FirstInside, f.Point()
	*m = memory{Phase: phaseDeparture, Next: m.Run, Run: -1, LastFix: m.LastFix, Gap: m.Gap}
}

// depart waits for a run of fixes outside the exit radius of the arrived stop.
func (j *judgement) depart(fences []fence, f tms.Position) {
	m := &j.Memory
	d := tms.DistanceMeters(fences[m.Next].at, f.Point())
	if d <= fences[m.Next].radius {
		m.Outside = 0
	}
	if d > fences[m.Next].radius*ExitFactor {
		if m.Outside == 0 {
			m.FirstOutside = f.FixTime
		}
		m.Outside++
	}
	if m.Outside < DepartFixes {
		return
	}
	j.Stops[m.Next].Departed, j.Stops[m.Next].DepartedPoint = m.FirstOutside, f.Point()
	*m = memory{Phase: phaseArrival, Next: m.Next + 1, Run: -1, LastFix: m.LastFix}
	if m.Next >= len(fences) {
		m.Phase = phaseDone
	}
}

func radius(f tms.Facility) float64 {
	if f.GeofenceMeters > 0 {
		return float64(f.GeofenceMeters)
	}
	return tms.DefaultGeofenceMeters
}
