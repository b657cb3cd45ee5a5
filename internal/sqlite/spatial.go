package sqlite

import (
	"context"
	"fmt"
	"math"
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
		found, err := db.Latest(ctx, " JOIN latest_rtree b ON b.id = lp.device_id WHERE b.min_lat <= ? AND b.max_lat >= ?"+
			" AND b.min_lon <= ? AND b.max_lon >= ? AND "+cond, append(box(p, r), args...))
		if err != nil || r == maxMeters || enough(found, p, limit, r) {
			return found, err
		}
	}
}

// box is the latitude/longitude rectangle holding the circle of r meters around p.
func box(p tms.Point, r float64) []any {
	dLat := r / metersPerDeg
	dLon := 180.0
	if c := math.Cos(p.Lat * math.Pi / 180); c > 0.01 {
		dLon = min(180, dLat/c*1.01)
	}
	return []any{p.Lat + dLat, p.Lat - dLat, p.Lon + dLon, p.Lon - dLon}
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
