package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// maxMarks bounds the unjudged marks one JudgeDevice call takes (the rest wait for the next).
const maxMarks = 1000

// UnjudgedDevices returns devices with unjudged fixes, those waiting longest first, with
// their newest mark and their cursor's load.
func (db *DB) UnjudgedDevices(ctx context.Context, limit int) ([]tms.UnjudgedDevice, error) {
	rows, err := db.read.QueryContext(ctx, db.Q(`SELECT u.device_id, MIN(u.since), MAX(u.id), COALESCE(MAX(c.load_id), 0)
		FROM unjudged_fixes u LEFT JOIN geofence_cursors c ON c.device_id = u.device_id
		GROUP BY u.device_id ORDER BY MIN(u.since), u.device_id LIMIT ?`), max(1, limit))
	if err != nil {
		return nil, db.wrap(err, "unjudged devices")
	}
	defer rows.Close()
	out := []tms.UnjudgedDevice{}
	for rows.Next() {
		var u tms.UnjudgedDevice
		var since flexTime
		if err := rows.Scan(&u.DeviceID, &since, &u.LastMark, &u.LoadID); err != nil {
			return nil, db.wrap(err, "scan unjudged device")
		}
		u.Since = since.UTC()
		out = append(out, u)
	}
	return out, db.wrap(rows.Err(), "unjudged devices")
}

// DismissUnjudged clears the marks of devices with nothing to judge against, guarded against
// a cursor that took a load since the caller looked.
func (db *DB) DismissUnjudged(ctx context.Context, devices []tms.UnjudgedDevice) error {
	db.keepIngestStatements(ctx)
	return db.InTx(ctx, func(tx *Tx) error {
		for _, d := range devices {
			_, err := tx.keptExec(ctx, dismissUnjudgedSQL, d.DeviceID, d.LastMark, d.DeviceID)
			if err != nil {
				return err
			}
		}
		return nil
	})
}

const dismissUnjudgedSQL = `DELETE FROM unjudged_fixes WHERE device_id = ? AND id <= ?
	AND NOT EXISTS (SELECT 1 FROM geofence_cursors WHERE device_id = ? AND load_id <> 0)`

// JudgeDevice claims the device's cursor row (PostgreSQL: FOR UPDATE SKIP LOCKED, so another
// instance's worker judging the device is skipped, not waited for; SQLite: the single writer)
// and runs fn over it and the device's unjudged marks; the cursor, the cleared marks and fn's
// changes commit together.
func (db *DB) JudgeDevice(ctx context.Context, deviceID int64, fn func(tms.JudgeTx, *tms.GeofenceCursor, time.Time) error) (bool, error) {
	claimed := false
	err := db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO geofence_cursors (device_id, load_id) VALUES (?, 0) ON CONFLICT (device_id) DO NOTHING`, deviceID); err != nil {
			return err
		}
		c, err := scanCursor(tx.QueryRow(ctx, cursorSelect+db.dialect.ForUpdate+db.dialect.SkipLocked, deviceID), deviceID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // another worker holds it
		}
		if err != nil {
			return db.wrap(err, "claim geofence cursor")
		}
		claimed = true
		ids, since, err := tx.unjudgedMarks(ctx, deviceID)
		if err != nil {
			return err
		}
		if err := fn(&judgeTx{tx}, &c, since); err != nil {
			return err
		}
		if err := tx.clearMarks(ctx, ids); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE geofence_cursors SET load_id = ?, last_fix = ?, state = ? WHERE device_id = ?`,
			c.LoadID, zeroNull(c.LastFix), nullBytes(c.State), deviceID)
		return err
	})
	return claimed, err
}

// unjudgedMarks reads the device's marks (at most maxMarks) and their earliest fix time.
func (tx *Tx) unjudgedMarks(ctx context.Context, deviceID int64) ([]any, time.Time, error) {
	rows, err := tx.Query(ctx, `SELECT id, since FROM unjudged_fixes WHERE device_id = ? ORDER BY id LIMIT ?`, deviceID, maxMarks)
	if err != nil {
		return nil, time.Time{}, tx.db.wrap(err, "unjudged marks")
	}
	defer rows.Close()
	var ids []any
	var since time.Time
	for rows.Next() {
		var id int64
		var at flexTime
		if err := rows.Scan(&id, &at); err != nil {
			return nil, since, tx.db.wrap(err, "scan unjudged mark")
		}
		ids = append(ids, id)
		if since.IsZero() || at.Before(since) {
			since = at.UTC()
		}
	}
	return ids, since, tx.db.wrap(rows.Err(), "unjudged marks")
}

// clearMarks deletes exactly the marks that were read: a mark committed since is kept.
func (tx *Tx) clearMarks(ctx context.Context, ids []any) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `DELETE FROM unjudged_fixes WHERE id IN (`+placeholders(len(ids))+`)`, ids...)
	return err
}

const cursorSelect = `SELECT load_id, last_fix, state FROM geofence_cursors WHERE device_id = ?`

func scanCursor(row *sql.Row, deviceID int64) (tms.GeofenceCursor, error) {
	c := tms.GeofenceCursor{DeviceID: deviceID}
	var last sql.NullTime
	var state sql.NullString
	err := row.Scan(&c.LoadID, &last, &state)
	c.LastFix = last.Time.UTC()
	if state.Valid {
		c.State = []byte(state.String)
	}
	return c, err
}

// GeofenceCursor reads the device's cursor without claiming it; a device without one has
// the zero cursor.
func (db *DB) GeofenceCursor(ctx context.Context, deviceID int64) (tms.GeofenceCursor, error) {
	c, err := scanCursor(db.read.QueryRowContext(ctx, db.Q(cursorSelect), deviceID), deviceID)
	if errors.Is(err, sql.ErrNoRows) {
		return tms.GeofenceCursor{DeviceID: deviceID}, nil
	}
	return c, db.wrap(err, "read geofence cursor")
}

func nullBytes(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// zeroNull stores a zero time as NULL.
func zeroNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return UTC(t)
}

// judgeTx is JudgeDevice's view of its transaction.
type judgeTx struct{ tx *Tx }

func (j *judgeTx) Positions(ctx context.Context, deviceID int64, from time.Time) ([]tms.Position, error) {
	rows, err := j.tx.Query(ctx, `SELECT `+strings.Join(positionCols, ", ")+` FROM positions
		WHERE device_id = ? AND fix_time >= ? ORDER BY fix_time, lat, lon LIMIT ?`, deviceID, UTC(from), maxTrackFixes)
	if err != nil {
		return nil, j.tx.db.wrap(err, "positions to judge")
	}
	return scanPositions(rows, j.tx.db)
}

func (j *judgeTx) UpdateLoad(ctx context.Context, id int64, fn func(tms.LoadTx, *tms.Load) error) (tms.Load, error) {
	return j.tx.updateLoad(ctx, id, fn)
}

func (j *judgeTx) ReviseGPSStopEvent(ctx context.Context, loadID, stopID int64, typ tms.EventType, at time.Time, note string) error {
	_, err := j.tx.Exec(ctx, `UPDATE load_events SET at = ?, note = ? WHERE load_id = ? AND stop_id = ? AND type = ? AND source = ?`,
		UTC(at), note, loadID, stopID, typ, tms.SourceGPS)
	return err
}

func (j *judgeTx) DropGPSStopEvent(ctx context.Context, loadID, stopID int64, typ tms.EventType) error {
	_, err := j.tx.Exec(ctx, `DELETE FROM load_events WHERE load_id = ? AND stop_id = ? AND type = ? AND source = ?`,
		loadID, stopID, typ, tms.SourceGPS)
	return err
}

// TrackedLoads returns the dispatched and in-transit loads of the trucks, with their stops.
func (db *DB) TrackedLoads(ctx context.Context, truckIDs []int64) ([]tms.Load, error) {
	out := []tms.Load{}
	if len(truckIDs) == 0 {
		return out, nil
	}
	args := append(anySlice(truckIDs), tms.StatusDispatched, tms.StatusInTransit)
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
