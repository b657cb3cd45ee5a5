package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/anditms/tms/internal/sqlstore"
	"github.com/anditms/tms/internal/tms"
)

// savePositions stores a batch of fixes in one statement, so one round trip and one implicit
// transaction: the columns travel as 12 arrays (a single prepared statement whatever the
// batch size, binary parameters instead of 12 per row), the history insert skips fixes
// already stored, and each device's latest row moves to its newest fix of the batch, never
// backwards, and the devices of stored fixes are marked for the geofence. Both inserts read the rows in (device, fix time) order, so concurrent writers
// lock alike.
const savePositions = `WITH input AS (
	SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::float8[], $6::float8[],
		$7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::text[])
		AS t(device_id, truck_id, fix_time, received_at, lat, lon, speed_mph, heading, altitude, accuracy, battery, attributes)
), history AS (
	INSERT INTO positions (device_id, truck_id, fix_time, received_at, lat, lon, speed_mph, heading, altitude, accuracy, battery, attributes)
	SELECT device_id, truck_id, fix_time, received_at, lat, lon, speed_mph, heading, altitude, accuracy, battery, attributes::jsonb
	FROM input ORDER BY device_id, fix_time
	ON CONFLICT (device_id, fix_time, lat, lon) DO NOTHING
	RETURNING device_id, fix_time, lat, lon
), marks AS (
	INSERT INTO unjudged_fixes (device_id, since) SELECT device_id, min(fix_time) FROM history GROUP BY device_id
), latest AS (
	INSERT INTO latest_positions (device_id, truck_id, fix_time, received_at, lat, lon, speed_mph, heading)
	SELECT DISTINCT ON (device_id) device_id, truck_id, fix_time, received_at, lat, lon, speed_mph, heading
	FROM input ORDER BY device_id, fix_time DESC
	ON CONFLICT (device_id) DO UPDATE SET truck_id = excluded.truck_id, fix_time = excluded.fix_time,
		received_at = excluded.received_at, lat = excluded.lat, lon = excluded.lon,
		speed_mph = excluded.speed_mph, heading = excluded.heading
	WHERE excluded.fix_time > latest_positions.fix_time
)
SELECT device_id, fix_time, lat, lon FROM history`

// positionColumns are the arrays of savePositions.
type positionColumns struct {
	device                                      []int64
	truck                                       []*int64
	fix, received                               []time.Time
	lat, lon                                    []float64
	speed, heading, altitude, accuracy, battery []*float64
	attributes                                  []*string
}

func columnsOf(rows []tms.Position) (positionColumns, error) {
	n := len(rows)
	c := positionColumns{
		device: make([]int64, n), truck: make([]*int64, n), fix: make([]time.Time, n), received: make([]time.Time, n),
		lat: make([]float64, n), lon: make([]float64, n), speed: make([]*float64, n), heading: make([]*float64, n),
		altitude: make([]*float64, n), accuracy: make([]*float64, n), battery: make([]*float64, n), attributes: make([]*string, n),
	}
	for i, p := range rows {
		c.device[i], c.fix[i], c.received[i], c.lat[i], c.lon[i] = p.DeviceID, sqlstore.UTC(p.FixTime), sqlstore.UTC(p.ReceivedAt), p.Lat, p.Lon
		if p.TruckID != nil && *p.TruckID != 0 {
			c.truck[i] = p.TruckID
		}
		c.speed[i], c.heading[i], c.altitude[i], c.accuracy[i], c.battery[i] = p.SpeedMPH, p.Heading, p.Altitude, p.Accuracy, p.Battery
		if len(p.Attributes) > 0 {
			b, err := json.Marshal(p.Attributes)
			if err != nil {
				return c, fmt.Errorf("postgres: position attributes: %w", err)
			}
			s := string(b)
			c.attributes[i] = &s
		}
	}
	return c, nil
}

// WritePositions implements sqlstore.PositionWriter with savePositions.
func (spatial) WritePositions(ctx context.Context, db *sqlstore.DB, rows []tms.Position, inserted func(tms.Position)) error {
	if len(rows) == 0 {
		return nil
	}
	c, err := columnsOf(rows)
	if err != nil {
		return err
	}
	res, err := db.Writer().QueryContext(ctx, savePositions, c.device, c.truck, c.fix, c.received, c.lat, c.lon,
		c.speed, c.heading, c.altitude, c.accuracy, c.battery, c.attributes)
	if err != nil {
		return db.Wrap(err, "save positions")
	}
	defer res.Close()
	for res.Next() {
		var p tms.Position
		if err := res.Scan(&p.DeviceID, &p.FixTime, &p.Lat, &p.Lon); err != nil {
			return db.Wrap(err, "scan saved position")
		}
		inserted(p)
	}
	return db.Wrap(res.Err(), "save positions")
}
