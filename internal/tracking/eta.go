package tracking

import (
	"context"
	"log/slog"
	"math"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Why a load has no ETA (ETA.Unknown).
const (
	UnknownNoTruck = "no_truck" // no truck assigned
	UnknownNoFix   = "no_fix"   // the truck has not reported a position
)

// ETA is a load's estimated arrival at its next stop, from its truck's last fix, with the
// estimates of the stops after it. Late marks the risk of missing the next stop's appointment:
// the ETA is past the appointment window's end, or the window has ended without an arrival
// (whatever the fixes say, and with no fix at all). NoGPS marks a truck that has not reported
// for longer than the configured threshold (TRACKING_NO_GPS_AFTER), or never: its own risk,
// never "on time".
type ETA struct {
	LoadID         int64          `json:"load_id"`
	LoadNumber     string         `json:"load_number"`
	Status         tms.LoadStatus `json:"status"`
	TruckID        *int64         `json:"truck_id,omitempty"`
	StopID         int64          `json:"stop_id"`
	ETA            *time.Time     `json:"eta"` // nil when Unknown says why
	RemainingMiles float64        `json:"remaining_miles"`
	Late           bool           `json:"late"`
	NoGPS          bool           `json:"no_gps"`
	AppointmentEnd time.Time      `json:"appointment_end"`
	LastFixAt      *time.Time     `json:"last_fix_at"`
	Unknown        string         `json:"unknown,omitempty"`
	Stops          []StopETA      `json:"stops"`
}

// StopETA is the estimate for one stop not yet departed. Miles run from the last fix through
// the stops before it. An arrived stop's ETA is its arrival time.
type StopETA struct {
	StopID         int64          `json:"stop_id"`
	Seq            int            `json:"seq"`
	Kind           tms.StopKind   `json:"kind"`
	Status         tms.StopStatus `json:"status"`
	FacilityID     int64          `json:"facility_id"`
	ETA            time.Time      `json:"eta"`
	Miles          float64        `json:"miles"`
	AppointmentEnd time.Time      `json:"appointment_end"`
	Late           bool           `json:"late"`
}

// maxETALoads bounds the loads of one InTransitETAs call.
const maxETALoads = 5000

// LoadETA estimates a dispatched or in-transit load. Errors: CodeConflict for a load in
// another status or with every stop departed.
func (s *Service) LoadETA(ctx context.Context, l tms.Load) (ETA, error) {
	if l.Status != tms.StatusDispatched && l.Status != tms.StatusInTransit || l.NextStop() < 0 {
		return ETA{}, tms.Errorf(tms.CodeConflict, "an ETA needs a dispatched or in-transit load with a stop to go; this load is %s", l.Status)
	}
	fixes, err := s.truckFixes(ctx, []tms.Load{l})
	if err != nil {
		return ETA{}, err
	}
	return s.estimate(ctx, l, fixes)
}

// InTransitETAs estimates every in-transit load (at most 5,000), in window order.
func (s *Service) InTransitETAs(ctx context.Context) ([]ETA, error) {
	var loads []tms.Load
	for len(loads) < maxETALoads {
		page, err := s.store.ListLoads(ctx, tms.LoadFilter{Statuses: []tms.LoadStatus{tms.StatusInTransit},
			Page: tms.PageRequest{Limit: tms.MaxPageSize, Offset: len(loads)}})
		if err != nil {
			return nil, err
		}
		loads = append(loads, page.Items...)
		if len(page.Items) < tms.MaxPageSize {
			break
		}
	}
	return s.ETAsOf(ctx, loads)
}

// ETAsOf estimates the given in-transit loads (a page passes the ones it shows), skipping
// those with every stop departed.
func (s *Service) ETAsOf(ctx context.Context, loads []tms.Load) ([]ETA, error) {
	fixes, err := s.truckFixes(ctx, loads)
	if err != nil {
		return nil, err
	}
	out := make([]ETA, 0, len(loads))
	for _, l := range loads {
		if l.NextStop() < 0 {
			continue
		}
		e, err := s.estimate(ctx, l, fixes)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// truckFixes returns the newest fix of each truck of the loads, by truck id.
func (s *Service) truckFixes(ctx context.Context, loads []tms.Load) (map[int64]tms.Position, error) {
	var trucks []int64
	for _, l := range loads {
		if l.TruckID != nil {
			trucks = append(trucks, *l.TruckID)
		}
	}
	ps, err := s.store.TruckPositions(ctx, trucks)
	if err != nil {
		return nil, err
	}
	newest := map[int64]tms.Position{}
	for _, p := range ps {
		if cur, ok := newest[*p.TruckID]; !ok || p.FixTime.After(cur.FixTime) {
			newest[*p.TruckID] = p
		}
	}
	return newest, nil
}

// estimate projects the load's remaining stops from its truck's fix in fixes.
func (s *Service) estimate(ctx context.Context, l tms.Load, fixes map[int64]tms.Position) (ETA, error) {
	now := s.now()
	next := l.Stops[l.NextStop()]
	e := ETA{LoadID: l.ID, LoadNumber: l.Number, Status: l.Status, TruckID: l.TruckID, StopID: next.ID,
		AppointmentEnd: next.AppointmentEnd, Stops: []StopETA{},
		Late: next.Status == tms.StopPending && now.After(next.AppointmentEnd)}
	if l.TruckID == nil {
		e.Unknown = UnknownNoTruck
		return e, nil
	}
	fix, ok := fixes[*l.TruckID]
	if !ok {
		e.Unknown, e.NoGPS = UnknownNoFix, true
		return e, nil
	}
	stops, err := s.project(ctx, fix, l.Stops[l.NextStop():])
	if err != nil {
		return e, err
	}
	e.Stops, e.LastFixAt, e.NoGPS = stops, &fix.FixTime, now.Sub(fix.FixTime) > s.cfg.NoGPSAfter
	e.ETA, e.Late, e.RemainingMiles = &stops[0].ETA, e.Late || stops[0].Late, stops[len(stops)-1].Miles
	return e, nil
}

// project walks from the fix through the stops: each leg is driven at the router's duration
// (or the average speed when it knows none) from the later of the previous stop's arrival and
// its appointment start. Dwell at a stop is not counted.
func (s *Service) project(ctx context.Context, fix tms.Position, stops []tms.Stop) ([]StopETA, error) {
	at, from, meters := fix.FixTime, fix.Point(), 0.0
	out := make([]StopETA, 0, len(stops))
	for _, st := range stops {
		fac, err := s.facility(ctx, st.FacilityID)
		if err != nil {
			return nil, err
		}
		leg := s.leg(ctx, from, fac.Point())
		meters += leg.Meters
		arrive := at.Add(s.driveTime(leg))
		if st.Status == tms.StopArrived && st.ArrivedAt != nil {
			arrive = *st.ArrivedAt
		}
		arrive = arrive.Truncate(time.Second)
		out = append(out, StopETA{StopID: st.ID, Seq: st.Seq, Kind: st.Kind, Status: st.Status, FacilityID: st.FacilityID,
			ETA: arrive, Miles: round2(tms.MetersToMiles(meters)), AppointmentEnd: st.AppointmentEnd, Late: arrive.After(st.AppointmentEnd)})
		at, from = latest(at, arrive, st.AppointmentStart), fac.Point()
	}
	return out, nil
}

// leg routes from a to b; when the router fails (an OSRM outage) the estimate falls back to
// great-circle distance rather than failing.
func (s *Service) leg(ctx context.Context, a, b tms.Point) tms.Route {
	r, err := s.router.Route(ctx, []tms.Point{a, b})
	if err != nil {
		slog.WarnContext(ctx, "eta: router failed, using great-circle distance", "err", err)
		r, _ = tms.GreatCircleRouter{}.Route(ctx, []tms.Point{a, b})
	}
	return r
}

// driveTime is the router's duration, or the distance at the configured average speed.
func (s *Service) driveTime(r tms.Route) time.Duration {
	secs := r.Seconds
	if secs <= 0 {
		secs = r.Meters / tms.MilesToMeters(s.cfg.AverageSpeedMPH) * 3600
	}
	return time.Duration(secs * float64(time.Second))
}

func latest(ts ...time.Time) time.Time {
	var m time.Time
	for _, t := range ts {
		if t.After(m) {
			m = t
		}
	}
	return m
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// NearestTrucks answers q with trucks whose newest fix is at most the configured age
// (TRACKING_MAX_FIX_AGE): an older fix says nothing about where a truck is now.
func (s *Service) NearestTrucks(ctx context.Context, q tms.NearestQuery) ([]tms.NearbyTruck, error) {
	q.FixSince = s.now().Add(-s.cfg.MaxFixAge)
	return s.store.NearestTrucks(ctx, q)
}
