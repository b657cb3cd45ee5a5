package sqlstore

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Spatial is what each backend supplies for the tracking queries its engine answers its own
// way: PostGIS KNN on a GiST index, or an SQLite R*Tree bounding box; monthly partitions.
type Spatial interface {
	// Near returns the latest fixes (alias lp in the query) that satisfy cond (with `?`
	// args), at least every one within maxMeters of p (0 = any distance) among the limit
	// nearest, in any order: the caller measures exact distances and orders them.
	Near(ctx context.Context, db *DB, p tms.Point, limit int, maxMeters float64, cond string, args []any) ([]tms.Position, error)
	// PurgePositions drops the fixes older than before (whole partitions where history is
	// partitioned) and returns how many went.
	PurgePositions(ctx context.Context, db *DB, before time.Time) (int64, error)
}

// Latest runs a latest-positions query for a Spatial hook: cond is appended after the
// SELECT ... FROM latest_positions lp (and so starts with WHERE, JOIN or ORDER).
func (db *DB) Latest(ctx context.Context, cond string, args []any) ([]tms.Position, error) {
	return db.latest(ctx, cond, args)
}

// activeLoadStatuses are the statuses in which a truck is not available.
var activeLoadStatuses = []any{tms.StatusBooked, tms.StatusDispatched, tms.StatusInTransit}

// NearestTrucks returns trucks by great-circle distance of their latest fix, nearest first
// (ties by truck id), so both backends answer in the same order.
func (db *DB) NearestTrucks(ctx context.Context, q tms.NearestQuery) ([]tms.NearbyTruck, error) {
	if db.Spatial == nil || !q.Point.Valid() || q.Limit <= 0 {
		return nil, tms.Errorf(tms.CodeInvalid, "a valid point and a positive limit are required")
	}
	cond, args := "lp.truck_id IS NOT NULL AND "+newestOfTruck, []any{}
	if !q.FixSince.IsZero() {
		cond, args = cond+" AND lp.fix_time >= ?", append(args, UTC(q.FixSince))
	}
	if q.AvailableOnly {
		cond += " AND NOT EXISTS (SELECT 1 FROM loads l WHERE l.truck_id = lp.truck_id AND l.status IN (?, ?, ?))"
		args = append(args, activeLoadStatuses...)
	}
	cands, err := db.Spatial.Near(ctx, db, q.Point, q.Limit, q.MaxMeters, cond, args)
	if err != nil {
		return nil, err
	}
	out := nearestOf(cands, q)
	return out, db.describeTrucks(ctx, out)
}

// newestOfTruck keeps a latest fix (lp) only when no other device of its truck has a newer
// one (ties: the lower device id wins), so a truck with a phone and a hardwired tracker is
// one candidate, where it was seen last, and never at its other device's stale fix. It is a
// filter, not a second sort key, so PostgreSQL still walks the GiST index in distance order.
const newestOfTruck = `NOT EXISTS (SELECT 1 FROM latest_positions o WHERE o.truck_id = lp.truck_id
	AND (o.fix_time > lp.fix_time OR (o.fix_time = lp.fix_time AND o.device_id < lp.device_id)))`

// nearestOf measures, filters and orders the candidates (one per truck).
func nearestOf(cands []tms.Position, q tms.NearestQuery) []tms.NearbyTruck {
	all := make([]tms.NearbyTruck, 0, len(cands))
	for _, c := range cands {
		d := tms.DistanceMeters(q.Point, c.Point())
		if q.MaxMeters > 0 && d > q.MaxMeters {
			continue
		}
		all = append(all, tms.NearbyTruck{TruckID: *c.TruckID, DeviceID: c.DeviceID, Point: c.Point(), FixTime: c.FixTime, Meters: d})
	}
	slices.SortFunc(all, func(a, b tms.NearbyTruck) int {
		return cmp.Or(cmp.Compare(a.Meters, b.Meters), cmp.Compare(a.TruckID, b.TruckID))
	})
	return all[:min(len(all), q.Limit)]
}

// describeTrucks fills unit numbers, current loads and drivers.
func (db *DB) describeTrucks(ctx context.Context, ts []tms.NearbyTruck) error {
	if len(ts) == 0 {
		return nil
	}
	ids := make([]any, len(ts))
	for i, t := range ts {
		ids[i] = t.TruckID
	}
	units, err := db.truckUnits(ctx, ids)
	if err != nil {
		return err
	}
	loadsOf, err := db.currentLoads(ctx, ids)
	if err != nil {
		return err
	}
	for i := range ts {
		ts[i].UnitNumber = units[ts[i].TruckID]
		if l, ok := loadsOf[ts[i].TruckID]; ok {
			ts[i].Load, ts[i].DriverID = &l, l.DriverID
		}
	}
	return nil
}

func (db *DB) truckUnits(ctx context.Context, ids []any) (map[int64]string, error) {
	rows, err := db.read.QueryContext(ctx, db.Q(`SELECT id, unit_number FROM trucks WHERE id IN (`+placeholders(len(ids))+`)`), ids...)
	if err != nil {
		return nil, db.wrap(err, "truck units")
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var unit string
		if err := rows.Scan(&id, &unit); err != nil {
			return nil, db.wrap(err, "scan truck unit")
		}
		out[id] = unit
	}
	return out, db.wrap(rows.Err(), "truck units")
}

// currentLoads returns each truck's earliest active load.
func (db *DB) currentLoads(ctx context.Context, ids []any) (map[int64]tms.LoadRef, error) {
	rows, err := db.read.QueryContext(ctx, db.Q(`SELECT id, number, status, driver_id, co_driver_id, truck_id, trailer_id, window_start, window_end
		FROM loads WHERE truck_id IN (`+placeholders(len(ids))+`) AND status IN (?, ?, ?) ORDER BY window_start DESC, id DESC`),
		append(ids, activeLoadStatuses...)...)
	if err != nil {
		return nil, db.wrap(err, "current loads")
	}
	defer rows.Close()
	out := map[int64]tms.LoadRef{}
	for rows.Next() {
		var r tms.LoadRef
		if err := rows.Scan(&r.ID, &r.Number, &r.Status, &r.DriverID, &r.CoDriverID, &r.TruckID, &r.TrailerID, &r.WindowStart, &r.WindowEnd); err != nil {
			return nil, db.wrap(err, "scan current load")
		}
		r.WindowStart, r.WindowEnd = r.WindowStart.UTC(), r.WindowEnd.UTC()
		out[*r.TruckID] = r // rows run latest first: the earliest wins
	}
	return out, db.wrap(rows.Err(), "current loads")
}
