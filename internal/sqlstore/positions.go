package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// keptChunks are the row counts of the multi-row statements SavePositions runs (SQLite): a
// batch is cut greedily into them, so five statement texts per table serve every batch size
// and stay prepared (a text per batch size was parsed again for nearly every batch).
var keptChunks = []int{256, 64, 16, 4, 1}

// eachChunk calls fn with consecutive [start, end) ranges covering n rows, each of a
// keptChunks size.
func eachChunk(n int, fn func(start, end int) error) error {
	start := 0
	for _, size := range keptChunks {
		for ; n-start >= size; start += size {
			if err := fn(start, start+size); err != nil {
				return err
			}
		}
	}
	return nil
}

var positionCols = []string{"device_id", "truck_id", "fix_time", "received_at", "lat", "lon", "speed_mph", "heading",
	"altitude", "accuracy", "battery", "attributes"}

// fixKey identifies a fix: fixes of a device in the same second at different places are
// distinct (minute-resolution telematics report several per timestamp).
type fixKey struct {
	device   int64
	micros   int64
	lat, lon float64
}

func keyOf(p tms.Position) fixKey {
	return fixKey{p.DeviceID, UTC(p.FixTime).UnixMicro(), p.Lat, p.Lon}
}

// SavePositions stores the fixes, moves each device's latest fix forward and marks the
// devices with new fixes unjudged, in one transaction. Rows are written in (device, fix time)
// order so concurrent writers lock alike.
func (db *DB) SavePositions(ctx context.Context, ps []tms.Position) ([]bool, error) {
	inserted := make([]bool, len(ps))
	first := make(map[fixKey]int, len(ps))
	rows := make([]tms.Position, 0, len(ps))
	for i, p := range ps {
		if _, dup := first[keyOf(p)]; !dup {
			first[keyOf(p)] = i
			rows = append(rows, p)
		}
	}
	slices.SortFunc(rows, func(a, b tms.Position) int {
		return cmp.Or(cmp.Compare(a.DeviceID, b.DeviceID), a.FixTime.Compare(b.FixTime))
	})
	if w, ok := db.Spatial.(PositionWriter); ok {
		err := w.WritePositions(ctx, db, rows, func(p tms.Position) {
			if i, ok := first[keyOf(p)]; ok {
				inserted[i] = true
			}
		})
		return inserted, err
	}
	db.keepIngestStatements(ctx)
	err := db.InTx(ctx, func(tx *Tx) error {
		since := map[int64]time.Time{}
		err := eachChunk(len(rows), func(start, end int) error {
			done, err := tx.insertPositions(ctx, rows[start:end])
			for _, k := range done {
				i := first[k]
				inserted[i] = true
				if t, ok := since[k.device]; !ok || ps[i].FixTime.Before(t) {
					since[k.device] = ps[i].FixTime
				}
			}
			return err
		})
		if err != nil {
			return err
		}
		if err := tx.markUnjudged(ctx, since); err != nil {
			return err
		}
		return tx.advanceLatest(ctx, newestPerDevice(rows))
	})
	return inserted, err
}

// markUnjudged records, per device, the earliest fix just stored for the geofence to judge.
func (tx *Tx) markUnjudged(ctx context.Context, since map[int64]time.Time) error {
	devices := slices.Sorted(maps.Keys(since))
	return eachChunk(len(devices), func(start, end int) error {
		args := make([]any, 0, 2*(end-start))
		for _, d := range devices[start:end] {
			args = append(args, d, UTC(since[d]))
		}
		_, err := tx.keptExec(ctx, markUnjudgedSQL(end-start), args...)
		return err
	})
}

// PositionWriter is an optional hook of a Spatial: an engine that stores a batch of fixes
// more cheaply than the shared multi-row INSERTs (PostgreSQL: one statement over arrays).
type PositionWriter interface {
	// WritePositions stores rows (distinct, sorted by device and fix time), skipping fixes
	// already stored, moves each device's latest fix forward to its newest row (never
	// backwards) and marks the devices of stored rows in unjudged_fixes, all or nothing. It
	// calls inserted with the device, fix time and position of every row it stored.
	WritePositions(ctx context.Context, db *DB, rows []tms.Position, inserted func(tms.Position)) error
}

// Wrap turns a driver error into an application error, as the shared queries do (for hooks).
func (db *DB) Wrap(err error, op string) error { return db.wrap(err, op) }

// insertPositions inserts rows, skipping duplicates, and returns the keys it inserted.
func (tx *Tx) insertPositions(ctx context.Context, rows []tms.Position) ([]fixKey, error) {
	args := make([]any, 0, len(rows)*len(positionCols))
	for _, p := range rows {
		var attrs any
		if len(p.Attributes) > 0 {
			attrs = JSON(&p.Attributes)
		}
		args = append(args, p.DeviceID, nullableID(p.TruckID), UTC(p.FixTime), UTC(p.ReceivedAt), p.Lat, p.Lon,
			p.SpeedMPH, p.Heading, p.Altitude, p.Accuracy, p.Battery, attrs)
	}
	res, err := tx.keptQuery(ctx, insertPositionsSQL(len(rows)), args...)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	var keys []fixKey
	for res.Next() {
		var k fixKey
		var t flexTime
		if err := res.Scan(&k.device, &t, &k.lat, &k.lon); err != nil {
			return nil, tx.db.wrap(err, "scan inserted position")
		}
		k.micros = UTC(t.Time).UnixMicro()
		keys = append(keys, k)
	}
	return keys, tx.db.wrap(res.Err(), "insert positions")
}

// insertPositionsSQL, markUnjudgedSQL and advanceLatestSQL are the ingest's statements for n rows.
func insertPositionsSQL(n int) string {
	return "INSERT INTO positions (" + strings.Join(positionCols, ", ") + ") VALUES " + valueRows(n, len(positionCols)) +
		" ON CONFLICT (device_id, fix_time, lat, lon) DO NOTHING RETURNING device_id, fix_time, lat, lon"
}

func markUnjudgedSQL(n int) string {
	return `INSERT INTO unjudged_fixes (device_id, since) VALUES ` + valueRows(n, 2)
}

func advanceLatestSQL(n int) string {
	return `INSERT INTO latest_positions (device_id, truck_id, fix_time, received_at, lat, lon, speed_mph, heading)
			VALUES ` + valueRows(n, 8) + `
			ON CONFLICT (device_id) DO UPDATE SET truck_id = excluded.truck_id, fix_time = excluded.fix_time,
				received_at = excluded.received_at, lat = excluded.lat, lon = excluded.lon,
				speed_mph = excluded.speed_mph, heading = excluded.heading
			WHERE excluded.fix_time > latest_positions.fix_time`
}

// keepIngestStatements prepares the ingest's and the judge's statements (every chunk size), once.
func (db *DB) keepIngestStatements(ctx context.Context) {
	db.keepIngest.Do(func() {
		db.keep(ctx, dismissUnjudgedSQL, savepointSQL, rollbackToSavepointSQL, releaseSavepointSQL, storeCursorSQL, judgePositionsSQL)
		for _, n := range keptChunks {
			db.keep(ctx, insertPositionsSQL(n), markUnjudgedSQL(n), advanceLatestSQL(n), clearMarksSQL(n))
		}
	})
}

// newestPerDevice picks each device's newest fix from rows sorted by device and time.
func newestPerDevice(rows []tms.Position) []tms.Position {
	var out []tms.Position
	for i, p := range rows {
		if i+1 == len(rows) || rows[i+1].DeviceID != p.DeviceID {
			out = append(out, p)
		}
	}
	return out
}

// advanceLatest upserts the latest-fix rows; a row only moves to a newer fix.
func (tx *Tx) advanceLatest(ctx context.Context, newest []tms.Position) error {
	return eachChunk(len(newest), func(start, end int) error {
		args := make([]any, 0, (end-start)*8)
		for _, p := range newest[start:end] {
			args = append(args, p.DeviceID, nullableID(p.TruckID), UTC(p.FixTime), UTC(p.ReceivedAt), p.Lat, p.Lon, p.SpeedMPH, p.Heading)
		}
		_, err := tx.keptExec(ctx, advanceLatestSQL(end-start), args...)
		return err
	})
}

// valueRows is "(?, ?), (?, ?)" for n rows of cols columns.
func valueRows(n, cols int) string {
	row := "(" + placeholders(cols) + ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

const latestSelect = `SELECT device_id, truck_id, fix_time, received_at, lat, lon, speed_mph, heading FROM latest_positions lp`

func scanLatest(rows *sql.Rows) (tms.Position, error) {
	var p tms.Position
	err := rows.Scan(&p.DeviceID, &p.TruckID, &p.FixTime, &p.ReceivedAt, &p.Lat, &p.Lon, &p.SpeedMPH, &p.Heading)
	p.FixTime, p.ReceivedAt = p.FixTime.UTC(), p.ReceivedAt.UTC()
	return p, err
}

// LatestPositions returns every device's newest fix, by device.
func (db *DB) LatestPositions(ctx context.Context) ([]tms.Position, error) {
	return db.latest(ctx, " ORDER BY device_id", nil)
}

// TruckPositions returns the newest fix of every device riding in one of the trucks.
func (db *DB) TruckPositions(ctx context.Context, truckIDs []int64) ([]tms.Position, error) {
	if len(truckIDs) == 0 {
		return []tms.Position{}, nil
	}
	args := anySlice(truckIDs)
	return db.latest(ctx, " WHERE lp.truck_id IN ("+placeholders(len(args))+") ORDER BY device_id", args)
}

func (db *DB) latest(ctx context.Context, cond string, args []any) ([]tms.Position, error) {
	rows, err := db.read.QueryContext(ctx, db.Q(latestSelect+cond), args...)
	if err != nil {
		return nil, db.wrap(err, "latest positions")
	}
	defer rows.Close()
	out := []tms.Position{}
	for rows.Next() {
		p, err := scanLatest(rows)
		if err != nil {
			return nil, db.wrap(err, "scan latest position")
		}
		out = append(out, p)
	}
	return out, db.wrap(rows.Err(), "latest positions")
}

// maxTrackFixes bounds one track query.
const maxTrackFixes = 200_000

// Track returns a truck's fixes in [from, to), oldest first.
func (db *DB) Track(ctx context.Context, truckID int64, from, to time.Time) ([]tms.Position, error) {
	rows, err := db.read.QueryContext(ctx, db.Q(`SELECT `+strings.Join(positionCols, ", ")+` FROM positions
		WHERE truck_id = ? AND fix_time >= ? AND fix_time < ? ORDER BY fix_time, device_id, lat, lon LIMIT ?`),
		truckID, UTC(from), UTC(to), maxTrackFixes)
	if err != nil {
		return nil, db.wrap(err, "track")
	}
	return scanPositions(rows, db)
}

// scanPositions reads full position rows (positionCols) and closes rows.
func scanPositions(rows *sql.Rows, db *DB) ([]tms.Position, error) {
	defer rows.Close()
	out := []tms.Position{}
	for rows.Next() {
		var p tms.Position
		if err := rows.Scan(&p.DeviceID, &p.TruckID, &p.FixTime, &p.ReceivedAt, &p.Lat, &p.Lon, &p.SpeedMPH, &p.Heading,
			&p.Altitude, &p.Accuracy, &p.Battery, JSON(&p.Attributes)); err != nil {
			return nil, db.wrap(err, "scan position")
		}
		p.FixTime, p.ReceivedAt = p.FixTime.UTC(), p.ReceivedAt.UTC()
		out = append(out, p)
	}
	return out, db.wrap(rows.Err(), "positions")
}

// PurgePositions drops history older than before, the backend's way.
func (db *DB) PurgePositions(ctx context.Context, before time.Time) (int64, error) {
	if db.Spatial == nil {
		return 0, tms.Errorf(tms.CodeInternal, "no tracking hooks")
	}
	return db.Spatial.PurgePositions(ctx, db, UTC(before))
}

// flexTime scans a timestamp that a RETURNING clause may hand back as text (SQLite).
type flexTime struct{ time.Time }

// sqliteTimeLayout is how modernc.org/sqlite writes a time.Time (time.Time.String).
const sqliteTimeLayout = "2006-01-02 15:04:05.999999999 -0700 MST"

func (f *flexTime) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		f.Time = v
		return nil
	case string:
		return f.parse(v)
	case []byte:
		return f.parse(string(v))
	}
	return fmt.Errorf("cannot scan %T into a time", src)
}

func (f *flexTime) parse(s string) error {
	for _, layout := range []string{sqliteTimeLayout, time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			f.Time = t
			return nil
		}
	}
	return fmt.Errorf("cannot read time %q", s)
}
