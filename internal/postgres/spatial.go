package postgres

import (
	"context"

	"github.com/anditms/tms/internal/sqlstore"
	"github.com/anditms/tms/internal/tms"
)

// spatial answers nearest-truck queries with PostGIS KNN (<->) on the GiST index of
// latest_positions and keeps position history in monthly partitions.
type spatial struct{}

// knnSlack is how many fixes beyond the limit the KNN scan hands over, so trucks tied at the
// limit's distance (two at one yard) are all there for the caller's tie-break by truck id,
// as SQLite's bounding box hands over every fix inside it.
const knnSlack = 4

func (spatial) Near(ctx context.Context, db *sqlstore.DB, p tms.Point, limit int, maxMeters float64, cond string, args []any) ([]tms.Position, error) {
	const pt = "ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography"
	q := " WHERE " + cond
	a := append([]any{}, args...)
	if maxMeters > 0 {
		q += " AND ST_DWithin(lp.geog, " + pt + ", ?, false)"
		a = append(a, p.Lon, p.Lat, maxMeters*1.001)
	}
	q += " ORDER BY lp.geog <-> " + pt + " LIMIT ?" // the distance alone: a second key would defeat the KNN index scan
	a = append(a, p.Lon, p.Lat, limit+knnSlack)
	return db.Latest(ctx, q, a)
}
