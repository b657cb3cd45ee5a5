package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// maxMarks bounds the unjudged marks one device's judgement takes (the rest wait for the next).
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

// JudgeDevices claims, in one transaction, the cursor rows of the devices that no other worker
// holds (PostgreSQL: FOR UPDATE SKIP LOCKED, in device order; SQLite: the single writer) and
// judges each claimed device in a savepoint of its own: fn gets its cursor and earliest
// unjudged fix time, then the cursor is stored. A device whose fn or cursor fails is rolled
// back alone (its cursor and marks stay); the others' cursors, cleared marks and changes
// commit together.
func (db *DB) JudgeDevices(ctx context.Context, deviceIDs []int64, fn func(tms.JudgeTx, *tms.GeofenceCursor, time.Time) error) (tms.Judged, error) {
	res := tms.Judged{Failed: map[int64]error{}}
	if len(deviceIDs) == 0 {
		return res, nil
	}
	ids := slices.Sorted(slices.Values(deviceIDs))
	db.keepIngestStatements(ctx)
	if err := db.ensureCursors(ctx, ids); err != nil {
		return res, err
	}
	err := db.InTx(ctx, func(tx *Tx) error {
		cursors, err := tx.claimCursors(ctx, ids)
		if err != nil {
			return err
		}
		marks, err := tx.unjudgedMarks(ctx, cursors)
		if err != nil {
			return err
		}
		var cleared []any
		for _, c := range cursors {
			m := marks[c.DeviceID]
			failed, err := tx.judgeOne(ctx, c, m.since, fn)
			if err != nil {
				return err
			}
			if failed != nil {
				res.Failed[c.DeviceID] = failed
				continue
			}
			res.Judged = append(res.Judged, c.DeviceID)
			cleared = append(cleared, m.ids...)
		}
		return tx.clearMarks(ctx, cleared)
	})
	if err != nil {
		return tms.Judged{Failed: map[int64]error{}}, err
	}
	return res, nil
}

// ensureCursors creates the missing cursor rows of existing devices, committed on their own
// before any is claimed, so no instance waits on another's uncommitted new row (a new cursor
// is the zero cursor; a device gone has none, and is not claimed).
func (db *DB) ensureCursors(ctx context.Context, ids []int64) error {
	_, err := db.write.ExecContext(ctx, db.Q(`INSERT INTO geofence_cursors (device_id, load_id) SELECT id, 0 FROM devices
		WHERE id IN (`+placeholders(len(ids))+`) ON CONFLICT (device_id) DO NOTHING`), anySlice(ids)...)
	return db.wrap(err, "create geofence cursors")
}

// claimCursors locks the cursor rows of ids (sorted) that no other worker holds.
func (tx *Tx) claimCursors(ctx context.Context, ids []int64) ([]tms.GeofenceCursor, error) {
	rows, err := tx.Query(ctx, `SELECT device_id, load_id, last_fix, state FROM geofence_cursors WHERE device_id IN (`+
		placeholders(len(ids))+`) ORDER BY device_id`+tx.db.dialect.ForUpdate+tx.db.dialect.SkipLocked, anySlice(ids)...)
	if err != nil {
		return nil, tx.db.wrap(err, "claim geofence cursors")
	}
	defer rows.Close()
	var out []tms.GeofenceCursor
	for rows.Next() {
		var c tms.GeofenceCursor
		if err := scanCursor(rows.Scan, &c, &c.DeviceID); err != nil {
			return nil, tx.db.wrap(err, "scan geofence cursor")
		}
		out = append(out, c)
	}
	return out, tx.db.wrap(rows.Err(), "claim geofence cursors")
}

// judgeOne runs fn over a claimed cursor and stores the cursor, inside a savepoint: failed is
// the device's own failure, rolled back to it; err fails the whole transaction.
func (tx *Tx) judgeOne(ctx context.Context, c tms.GeofenceCursor, since time.Time, fn func(tms.JudgeTx, *tms.GeofenceCursor, time.Time) error) (failed, err error) {
	if _, err := tx.keptExec(ctx, savepointSQL); err != nil {
		return nil, err
	}
	failed = fn(&judgeTx{tx}, &c, since)
	if failed == nil {
		_, failed = tx.keptExec(ctx, storeCursorSQL, c.LoadID, zeroNull(c.LastFix), nullBytes(c.State), c.DeviceID)
	}
	if failed != nil {
		if _, err := tx.keptExec(ctx, rollbackToSavepointSQL); err != nil {
			return failed, err
		}
	}
	_, err = tx.keptExec(ctx, releaseSavepointSQL)
	return failed, err
}

const (
	savepointSQL           = `SAVEPOINT judge_device`
	rollbackToSavepointSQL = `ROLLBACK TO SAVEPOINT judge_device`
	releaseSavepointSQL    = `RELEASE SAVEPOINT judge_device`
	storeCursorSQL         = `UPDATE geofence_cursors SET load_id = ?, last_fix = ?, state = ? WHERE device_id = ?`
)

var judgePositionsSQL = `SELECT ` + strings.Join(positionCols, ", ") + ` FROM positions
	WHERE device_id = ? AND fix_time >= ? ORDER BY fix_time, lat, lon LIMIT ?`

// marks are one device's unjudged marks read for judging, and their earliest fix time.
type marks struct {
	ids   []any
	since time.Time
}

// unjudgedMarks reads the claimed devices' marks (at most maxMarks each, the oldest).
func (tx *Tx) unjudgedMarks(ctx context.Context, cursors []tms.GeofenceCursor) (map[int64]marks, error) {
	out := map[int64]marks{}
	if len(cursors) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(cursors)+1)
	for _, c := range cursors {
		args = append(args, c.DeviceID)
	}
	rows, err := tx.Query(ctx, `SELECT id, device_id, since FROM (SELECT id, device_id, since,
		ROW_NUMBER() OVER (PARTITION BY device_id ORDER BY id) AS n FROM unjudged_fixes WHERE device_id IN (`+placeholders(len(cursors))+`)) m
		WHERE n <= ?`, append(args, maxMarks)...)
	if err != nil {
		return nil, tx.db.wrap(err, "unjudged marks")
	}
	defer rows.Close()
	for rows.Next() {
		var id, device int64
		var at flexTime
		if err := rows.Scan(&id, &device, &at); err != nil {
			return nil, tx.db.wrap(err, "scan unjudged mark")
		}
		m := out[device]
		m.ids = append(m.ids, id)
		if m.since.IsZero() || at.Before(m.since) {
			m.since = at.UTC()
		}
		out[device] = m
	}
	return out, tx.db.wrap(rows.Err(), "unjudged marks")
}

// clearMarks deletes exactly the marks that were read: a mark committed since is kept.
func (tx *Tx) clearMarks(ctx context.Context, ids []any) error {
	return eachChunk(len(ids), func(start, end int) error {
		_, err := tx.keptExec(ctx, clearMarksSQL(end-start), ids[start:end]...)
		return err
	})
}

func clearMarksSQL(n int) string {
	return `DELETE FROM unjudged_fixes WHERE id IN (` + placeholders(n) + `)`
}

const cursorSelect = `SELECT load_id, last_fix, state FROM geofence_cursors WHERE device_id = ?`

// scanCursor reads a cursor row's load, last fix and state (after the columns in first, if any) into c.
func scanCursor(scan func(...any) error, c *tms.GeofenceCursor, first ...any) error {
	var last sql.NullTime
	var state sql.NullString
	err := scan(append(first, &c.LoadID, &last, &state)...)
	c.LastFix = last.Time.UTC()
	if state.Valid {
		c.State = []byte(state.String)
	}
	return err
}

// GeofenceCursor reads the device's cursor without claiming it; a device without one has
// the zero cursor.
func (db *DB) GeofenceCursor(ctx context.Context, deviceID int64) (tms.GeofenceCursor, error) {
	c := tms.GeofenceCursor{DeviceID: deviceID}
	err := scanCursor(db.read.QueryRowContext(ctx, db.Q(cursorSelect), deviceID).Scan, &c)
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

// judgeTx is a device's judgement's view of its transaction (JudgeDevices).
type judgeTx struct{ tx *Tx }

func (j *judgeTx) Positions(ctx context.Context, deviceID int64, from time.Time) ([]tms.Position, error) {
	rows, err := j.tx.keptQuery(ctx, judgePositionsSQL, deviceID, UTC(from), maxTrackFixes)
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
