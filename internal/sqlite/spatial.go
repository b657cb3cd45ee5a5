package sqlite

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/anditms/tms/internal/sqlstore"
	"github.com/anditms/tms/internal/tms"
)

// spatial answers nearest-truck queries with the R*Tree over latest_positions: a bounding
// box that doubles until it holds enough fixes within its inscribed circle, then the caller
// measures exact (haversine) distances.
type spatial struct{}

const (
	firstBoxMeters = 25_000
	earthHalfRound = 20_040_000 // beyond this every point of the globe is inside
	metersPerDeg   = 111_320
)

func (spatial) Near(ctx context.Context, db *sqlstore.DB, p tms.Point, limit int, maxMeters float64, cond string, args []any) ([]tms.Position, error) {
	for r := float64(firstBoxMeters); ; r *= 2 {
		if maxMeters > 0 && r >= maxMeters {
			r = maxMeters
		}
		if r >= earthHalfRound {
			return db.Latest(ctx, " WHERE "+cond, args)
		}
		inBox, boxArgs := boxes(p, r)
		found, err := db.Latest(ctx, " WHERE "+inBox+" AND "+cond, append(boxArgs, args...))
		if err != nil || r == maxMeters || enough(found, p, limit, r) {
			return found, err
		}
	}
}

// boxes is the condition on lp.device_id that holds the latest fixes in the latitude/longitude
// rectangle around the circle of r meters around p, with its arguments. A rectangle that
// crosses the antimeridian (the Aleutians, Fiji) is split in two at ±180°: [minLon, 180]
// and [-180, maxLon], each an R*Tree lookup.
func boxes(p tms.Point, r float64) (string, []any) {
	dLat := r / metersPerDeg
	dLon := 180.0
	if c := math.Cos(p.Lat * math.Pi / 180); c > 0.01 {
		dLon = min(180, dLat/c*1.01)
	}
	minLon, maxLon := p.Lon-dLon, p.Lon+dLon
	lons := [][2]float64{{minLon, maxLon}}
	switch {
	case dLon >= 180:
		lons = [][2]float64{{-180, 180}}
	case minLon < -180:
		lons = [][2]float64{{minLon + 360, 180}, {-180, maxLon}}
	case maxLon > 180:
		lons = [][2]float64{{minLon, 180}, {-180, maxLon - 360}}
	}
	const one = "SELECT id FROM latest_rtree WHERE min_lat <= ? AND max_lat >= ? AND min_lon <= ? AND max_lon >= ?"
	var q []string
	var args []any
	for _, l := range lons {
		q = append(q, one)
		args = append(args, p.Lat+dLat, p.Lat-dLat, l[1], l[0])
	}
	return "lp.device_id IN (" + strings.Join(q, " UNION ALL ") + ")", args
}

// enough reports whether limit fixes lie within r of p: then no fix outside the box is nearer.
func enough(found []tms.Position, p tms.Point, limit int, r float64) bool {
	n := 0
	for _, f := range found {
		if tms.DistanceMeters(p, f.Point()) <= r {
			n++
		}
	}
	return n >= limit
}

// PurgePositions deletes old fixes: SQLite history is one indexed table.
func (spatial) PurgePositions(ctx context.Context, db *sqlstore.DB, before time.Time) (int64, error) {
	res, err := db.Writer().ExecContext(ctx, `DELETE FROM positions WHERE fix_time < ?`, before)
	if err != nil {
		return 0, fmt.Errorf("sqlite: purge positions: %w", err)
	}
	return res.RowsAffected()
}
