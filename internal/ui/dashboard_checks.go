package ui

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
)

// lateLoad is a moving load at risk of missing its next appointment.
type lateLoad struct {
	Load   loadView
	Stop   stopView
	Reason string
}

// lateRisk lists dispatched and in-transit loads whose next stop's window has passed
// without an arrival, and, when tracking runs, those whose ETA there is past the window and
// those whose truck has not reported for too long (TRACKING_NO_GPS_AFTER) or ever.
func (u *UI) lateRisk(ctx context.Context, loads []loadView, now time.Time) ([]lateLoad, error) {
	etas, err := u.etasOf(ctx, loads)
	if err != nil {
		return nil, err
	}
	return lateRiskOf(loads, etas, now), nil
}

// etasOf maps the in-transit loads among loads to tracking's estimates; empty without
// tracking. Only the loads a page shows are estimated.
func (u *UI) etasOf(ctx context.Context, loads []loadView) (map[int64]tracking.ETA, error) {
	etas := map[int64]tracking.ETA{}
	if u.tracking == nil {
		return etas, nil
	}
	var moving []tms.Load
	for _, v := range loads {
		if v.Status == tms.StatusInTransit {
			moving = append(moving, v.Load)
		}
	}
	list, err := u.tracking.ETAsOf(ctx, moving)
	for _, e := range list {
		etas[e.LoadID] = e
	}
	return etas, err
}

// lateRiskOf judges the loads against their stops' windows and tracking's estimates.
func lateRiskOf(loads []loadView, etas map[int64]tracking.ETA, now time.Time) []lateLoad {
	var out []lateLoad
	for _, v := range loads {
		next := v.Next()
		if next == nil || (v.Status != tms.StatusDispatched && v.Status != tms.StatusInTransit) {
			continue
		}
		e, tracked := etas[v.ID]
		switch {
		case next.Late(now):
			out = append(out, lateLoad{Load: v, Stop: *next, Reason: "window ended " + next.End() + ", not arrived"})
		case tracked && e.Late && e.ETA != nil && e.StopID == next.ID:
			out = append(out, lateLoad{Load: v, Stop: *next, Reason: "ETA " + localTime(*e.ETA, next.tz()) + ", window ends " + next.End()})
		case tracked && e.NoGPS:
			out = append(out, lateLoad{Load: v, Stop: *next, Reason: noGPSReason(e, now)})
		}
	}
	return out
}

// noGPSReason says how long the load's truck has been silent.
func noGPSReason(e tracking.ETA, now time.Time) string {
	if e.LastFixAt == nil {
		return "no GPS fix from the truck yet"
	}
	d := now.Sub(*e.LastFixAt)
	return fmt.Sprintf("no GPS for %d h %02d min", int(d.Hours()), int(d.Minutes())%60)
}

// idleTruck is an active truck on no active load, with its last fix when tracking knows it.
type idleTruck struct {
	Truck tms.Truck
	Fix   *tms.Position
}

// idleTrucks are the trucks (the active ones) on none of the active loads.
func (u *UI) idleTrucks(ctx context.Context, trucks []tms.Truck, active []loadView) ([]idleTruck, error) {
	busy := map[int64]bool{}
	for _, v := range active {
		if v.TruckID != nil {
			busy[*v.TruckID] = true
		}
	}
	fixes, err := u.latestByTruck(ctx)
	if err != nil {
		return nil, err
	}
	var out []idleTruck
	for _, t := range trucks {
		if !busy[t.ID] {
			it := idleTruck{Truck: t}
			if p, ok := fixes[t.ID]; ok {
				it.Fix = &p
			}
			out = append(out, it)
		}
	}
	return out, nil
}

// latestByTruck maps trucks to their newest fix; empty without tracking.
func (u *UI) latestByTruck(ctx context.Context) (map[int64]tms.Position, error) {
	out := map[int64]tms.Position{}
	if u.tracking == nil {
		return out, nil
	}
	ps, err := u.store.LatestPositions(ctx)
	for _, p := range ps {
		if p.TruckID != nil && p.FixTime.After(out[*p.TruckID].FixTime) {
			out[*p.TruckID] = p
		}
	}
	return out, err
}

// missingPaper is a delivered load without every document its customer requires; its view
// has the load's customer, not its stops.
type missingPaper struct {
	Load    loadView
	Missing []string
}

// missingPaperwork are the delivered loads without every document their customer requires.
func (u *UI) missingPaperwork(ctx context.Context, lk *lookup, delivered []tms.Load) ([]missingPaper, error) {
	ids := make([]int64, len(delivered))
	for i, l := range delivered {
		ids[i] = l.ID
	}
	byLoad, err := u.store.DocumentTypesOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []missingPaper
	for _, l := range delivered {
		c, err := lk.Customer(ctx, l.CustomerID)
		if err != nil {
			return nil, err
		}
		have := byLoad[l.ID]
		var missing []string
		for _, req := range c.RequiredDocuments {
			if !slices.Contains(have, tms.DocumentType(req)) {
				missing = append(missing, label(req))
			}
		}
		if len(missing) > 0 {
			out = append(out, missingPaper{Load: loadView{Load: l, Customer: c}, Missing: missing})
		}
	}
	return out, nil
}
