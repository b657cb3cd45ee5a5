package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// UpdateGeofence reads the device's geofence state (creating it), lets fn change it and
// writes it back in one transaction. PostgreSQL locks the row (FOR UPDATE) so two instances
// evaluating fixes of one device take turns; SQLite's single writer does the same.
func (db *DB) UpdateGeofence(ctx context.Context, deviceID int64, fn func(*tms.GeofenceState) error) error {
	return db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO geofence_states (device_id, load_id, stop_id, phase, inside, outside)
			VALUES (?, 0, 0, '', 0, 0) ON CONFLICT (device_id) DO NOTHING`, deviceID); err != nil {
			return err
		}
		s, err := scanGeofence(tx.QueryRow(ctx, geofenceSelect+db.dialect.ForUpdate, deviceID), deviceID)
		if err != nil {
			return db.wrap(err, "read geofence state")
		}
		if err := fn(&s); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE geofence_states SET load_id = ?, stop_id = ?, phase = ?, inside = ?, outside = ?,
			first_inside = ?, first_outside = ?, last_fix = ? WHERE device_id = ?`,
			s.LoadID, s.StopID, s.Phase, s.Inside, s.Outside, zeroNull(s.FirstInside), zeroNull(s.FirstOutside), zeroNull(s.LastFix), deviceID)
		return err
	})
}

const geofenceSelect = `SELECT load_id, stop_id, phase, inside, outside, first_inside, first_outside, last_fix
	FROM geofence_states WHERE device_id = ?`

func scanGeofence(row *sql.Row, deviceID int64) (tms.GeofenceState, error) {
	s := tms.GeofenceState{DeviceID: deviceID}
	var fi, fo, last sql.NullTime
	err := row.Scan(&s.LoadID, &s.StopID, &s.Phase, &s.Inside, &s.Outside, &fi, &fo, &last)
	s.FirstInside, s.FirstOutside, s.LastFix = fi.Time.UTC(), fo.Time.UTC(), last.Time.UTC()
	return s, err
}

// GeofenceState reads the device's geofence state without locking it; a device without one
// has the zero state.
func (db *DB) GeofenceState(ctx context.Context, deviceID int64) (tms.GeofenceState, error) {
	s, err := scanGeofence(db.read.QueryRowContext(ctx, db.Q(geofenceSelect), deviceID), deviceID)
	if errors.Is(err, sql.ErrNoRows) {
		return tms.GeofenceState{DeviceID: deviceID}, nil
	}
	return s, db.wrap(err, "read geofence state")
}

// zeroNull stores a zero time as NULL.
func zeroNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return UTC(t)
}

// TrackedLoads returns the dispatched and in-transit loads of the trucks, with their stops.
func (db *DB) TrackedLoads(ctx context.Context, truckIDs []int64) ([]tms.Load, error) {
	out := []tms.Load{}
	if len(truckIDs) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(truckIDs)+2)
	for _, id := range truckIDs {
		args = append(args, id)
	}
	args = append(args, tms.StatusDispatched, tms.StatusInTransit)
	rows, err := db.read.QueryContext(ctx, db.Q(loads.selectSQL()+` WHERE truck_id IN (`+placeholders(len(truckIDs))+`)
		AND status IN (?, ?) ORDER BY window_start, id`), args...)
	if err != nil {
		return nil, db.wrap(err, "tracked loads")
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		l, err := loads.scan(rows)
		if err != nil {
			return nil, db.wrap(err, "scan load")
		}
		out = append(out, l)
		ids = append(ids, l.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "tracked loads")
	}
	stops, err := db.stopsOf(ctx, db.read, ids)
	for i := range out {
		out[i].Stops = stops[out[i].ID]
	}
	return out, err
}

// LoadEventsSince returns load events with an id above afterID, oldest first.
func (db *DB) LoadEventsSince(ctx context.Context, afterID int64, limit int) ([]tms.LoadEvent, error) {
	return db.loadEvents(ctx, "load events since", `WHERE id > ? ORDER BY id LIMIT ?`, afterID, max(1, min(limit, 1000)))
}

// LatestLoadEventID is the id of the newest load event, 0 when there is none.
func (db *DB) LatestLoadEventID(ctx context.Context) (int64, error) {
	var id int64
	err := db.read.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM load_events").Scan(&id)
	return id, db.wrap(err, "latest load event")
}
