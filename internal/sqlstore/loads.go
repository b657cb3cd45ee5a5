package sqlstore

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// windowField writes a load's first appointment start or last appointment end, derived from
// its stops, so overlap queries need no join; reading it back is a no-op.
type windowField struct {
	l   *tms.Load
	end bool
}

func (w windowField) Value() (driver.Value, error) {
	start, end := w.l.Window()
	if w.end {
		return UTC(end), nil
	}
	return UTC(start), nil
}

func (w windowField) Scan(any) error { return nil }

var loads = &table[tms.Load, *tms.Load]{
	name: "loads", entity: "load",
	cols: []string{"number", "customer_id", "status", "hold_from", "ref_bol", "ref_po", "ref_pickup", "ref_customer_load",
		"commodity", "weight_lb", "pieces", "equipment_type", "temp_min_f", "temp_max_f", "hazmat", "charges", "total_cents",
		"planned_miles", "miles_manual", "driver_id", "co_driver_id", "truck_id", "trailer_id", "window_start", "window_end", "notes"},
	fields: func(l *tms.Load) []any {
		r := &l.References
		return []any{&l.Number, &l.CustomerID, &l.Status, &l.HoldFrom, &r.BOL, &r.PO, &r.Pickup, &r.CustomerLoad,
			&l.Commodity, &l.WeightLb, &l.Pieces, &l.EquipmentType, &l.TempMinF, &l.TempMaxF, hazmatColumn(&l.Hazmat), chargesColumn(&l.Charges), &l.TotalCents,
			&l.PlannedMiles, &l.MilesManual, &l.DriverID, &l.CoDriverID, &l.TruckID, &l.TrailerID,
			windowField{l, false}, windowField{l, true}, &l.Notes}
	},
	sorts: map[string]string{"number": "number", "window_start": "window_start", "window_end": "window_end", "status": "status",
		"created_at": "created_at", "total_cents": "total_cents",
		"customer": "(SELECT name FROM customers WHERE customers.id = loads.customer_id)",
		"driver":   "(SELECT name FROM drivers WHERE drivers.id = loads.driver_id)"},
}

// CreateLoad numbers the load and stores it with its stops, a created event and events.
func (db *DB) CreateLoad(ctx context.Context, l *tms.Load, events ...tms.LoadEvent) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return db.InTx(ctx, func(tx *Tx) error {
		if err := tx.createLoad(ctx, l); err != nil {
			return err
		}
		for _, e := range events {
			e.LoadID = l.ID
			if err := tx.addEvent(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// createLoad numbers and inserts a validated load inside a transaction (EDI tenders create
// their load with the tender's decision).
func (tx *Tx) createLoad(ctx context.Context, l *tms.Load) error {
	n, err := tx.nextCounter(ctx, "load")
	if err != nil {
		return err
	}
	l.Number = fmt.Sprintf("L-%06d", n)
	if err := loads.insertRow(ctx, tx, l); err != nil {
		return err
	}
	if err := tx.syncStops(ctx, l.ID, nil, l.Stops); err != nil {
		return err
	}
	if err := tx.addEvent(ctx, tms.LoadEvent{LoadID: l.ID, Type: tms.EventCreated, ToStatus: l.Status}); err != nil {
		return err
	}
	return tx.Audit(ctx, "load", l.ID, "create", nil, l)
}

// nextCounter returns the next value of a gap-free sequence (numbers are never reused).
func (tx *Tx) nextCounter(ctx context.Context, name string) (int64, error) {
	var n int64
	err := tx.QueryRow(ctx, `INSERT INTO counters (name, value) VALUES (?, 1)
		ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`, name).Scan(&n)
	return n, tx.db.wrap(err, "next "+name+" number")
}

// Load returns a load with its stops.
func (db *DB) Load(ctx context.Context, id int64) (tms.Load, error) {
	return cached(ctx, db, cacheKey("Load", id), one, func() (tms.Load, error) { return db.readLoad(ctx, id) })
}

func (db *DB) readLoad(ctx context.Context, id int64) (tms.Load, error) {
	l, err := loads.fetch(ctx, db, id)
	if err != nil {
		return l, err
	}
	stops, err := db.stopsOf(ctx, db.read, []int64{id})
	l.Stops = stops[id]
	return l, err
}

// ListLoads lists loads with their stops.
func (db *DB) ListLoads(ctx context.Context, f tms.LoadFilter) (tms.Page[tms.Load], error) {
	return cached(ctx, db, cacheKey("ListLoads", f), pageItems, func() (tms.Page[tms.Load], error) { return db.listLoads(ctx, f) })
}

func (db *DB) listLoads(ctx context.Context, f tms.LoadFilter) (tms.Page[tms.Load], error) {
	items, ids, w, p, err := db.queryLoads(ctx, loads, f)
	page := tms.Page[tms.Load]{Limit: p.Limit, Offset: p.Offset, Items: items}
	if err != nil {
		return page, err
	}
	if err := db.countUnlessShown(ctx, "loads", w, p, len(ids), &page.Total); err != nil {
		return page, err
	}
	return page, db.withStops(ctx, page.Items, ids)
}

// queryLoads reads one page of the loads of f through the columns of t (all of a load, or
// the pages' summary), without their stops; it returns the loads, their ids, the filter and
// the normalised page, for the count and the stops the caller may want.
func (db *DB) queryLoads(ctx context.Context, t *table[tms.Load, *tms.Load], f tms.LoadFilter) ([]tms.Load, []int64, where, tms.PageRequest, error) {
	p := f.Page.Normalize()
	if p.Sort == "" {
		p.Sort = "window_start"
	}
	out, ids, w := []tms.Load{}, []int64{}, db.loadFilter(f)
	order, err := orderBy(p.Sort, loads.sorts)
	if err != nil {
		return out, ids, w, p, err
	}
	rows, err := db.read.QueryContext(ctx, db.Q(t.selectSQL()+w.sql()+order+" LIMIT ? OFFSET ?"), append(w.args, p.Limit, p.Offset)...)
	if err != nil {
		return out, ids, w, p, db.wrap(err, "list loads")
	}
	defer rows.Close()
	for rows.Next() {
		l, err := t.scan(rows)
		if err != nil {
			return out, ids, w, p, db.wrap(err, "scan load")
		}
		out = append(out, l)
		ids = append(ids, l.ID)
	}
	return out, ids, w, p, db.wrap(rows.Err(), "list loads")
}

// withStops reads the stops of loads (ids in the same order) into them.
func (db *DB) withStops(ctx context.Context, loads []tms.Load, ids []int64) error {
	stops, err := db.stopsOf(ctx, db.read, ids)
	for i := range loads {
		loads[i].Stops = stops[loads[i].ID]
	}
	return err
}

func (db *DB) loadFilter(f tms.LoadFilter) where {
	w := where{}
	if len(f.Statuses) > 0 {
		args := make([]any, len(f.Statuses))
		for i, s := range f.Statuses {
			args[i] = s
		}
		w.add("status IN ("+placeholders(len(args))+")", args...)
	}
	w.addIf(f.CustomerID != 0, "customer_id = ?", f.CustomerID)
	w.addIf(f.DriverID != 0, "(driver_id = ? OR co_driver_id = ?)", f.DriverID, f.DriverID)
	w.addIf(f.TruckID != 0, "truck_id = ?", f.TruckID)
	w.addIf(!f.From.IsZero(), "window_end >= ?", UTC(f.From))
	w.addIf(!f.To.IsZero(), "window_start < ?", UTC(f.To))
	w.addIf(!f.PickupFrom.IsZero(), "window_start >= ?", UTC(f.PickupFrom))
	w.addIf(!f.PickupTo.IsZero(), "window_start < ?", UTC(f.PickupTo))
	w.addIf(!f.DeliveryFrom.IsZero(), "window_end >= ?", UTC(f.DeliveryFrom))
	w.addIf(!f.DeliveryTo.IsZero(), "window_end < ?", UTC(f.DeliveryTo))
	if f.Text != "" {
		like := "%" + escapeLike(f.Text) + "%"
		cols := []string{"number", "ref_bol", "ref_po", "ref_pickup", "ref_customer_load"}
		conds := make([]string, len(cols))
		for i, c := range cols {
			conds[i] = c + " " + db.dialect.Like + " ?"
			w.args = append(w.args, like)
		}
		w.conds = append(w.conds, "("+strings.Join(conds, " OR ")+")")
	}
	return w
}

// UpdateLoad changes a load through fn inside one transaction with its stops and events.
func (db *DB) UpdateLoad(ctx context.Context, id int64, fn func(tms.LoadTx, *tms.Load) error) (tms.Load, error) {
	var out tms.Load
	err := db.InTx(ctx, func(tx *Tx) (err error) {
		out, err = tx.updateLoad(ctx, id, fn)
		return err
	})
	return out, err
}

// updateLoad is UpdateLoad inside a transaction that may change other records too.
func (tx *Tx) updateLoad(ctx context.Context, id int64, fn func(tms.LoadTx, *tms.Load) error) (tms.Load, error) {
	before, err := loads.getTx(ctx, tx, id)
	if err != nil {
		return before, err
	}
	stops, err := tx.db.stopsOf(ctx, tx.tx, []int64{id})
	if err != nil {
		return before, err
	}
	before.Stops = stops[id]
	after := before
	after.Stops = append([]tms.Stop(nil), before.Stops...)
	after.Charges = append([]tms.Charge(nil), before.Charges...)
	ltx := &loadTx{tx: tx}
	if err := fn(ltx, &after); err != nil {
		return before, err
	}
	if err := after.Validate(); err != nil {
		return before, err
	}
	after.Number, after.CustomerID = before.Number, pick(after.CustomerID, before.CustomerID)
	if err := loads.write(ctx, tx, &before, &after); err != nil {
		return before, err
	}
	if err := tx.syncStops(ctx, id, before.Stops, after.Stops); err != nil {
		return before, err
	}
	for _, e := range ltx.events {
		e.LoadID = id
		if err := tx.addEvent(ctx, e); err != nil {
			return before, err
		}
	}
	if err := tx.queueMails(ctx, ltx.mails); err != nil {
		return before, err
	}
	return after, tx.Audit(ctx, "load", id, "update", &before, &after)
}

func pick(v, fallback int64) int64 {
	if v == 0 {
		return fallback
	}
	return v
}

// loadTx gives UpdateLoad's closure reads inside the transaction.
type loadTx struct {
	tx     *Tx
	events []tms.LoadEvent
	mails  []tms.Mail
}

func (l *loadTx) Driver(ctx context.Context, id int64) (tms.Driver, error) {
	return drivers.getTx(ctx, l.tx, id)
}

func (l *loadTx) Truck(ctx context.Context, id int64) (tms.Truck, error) {
	return trucks.getTx(ctx, l.tx, id)
}

func (l *loadTx) Trailer(ctx context.Context, id int64) (tms.Trailer, error) {
	return trailers.getTx(ctx, l.tx, id)
}

func (l *loadTx) Customer(ctx context.Context, id int64) (tms.Customer, error) {
	return customers.getTx(ctx, l.tx, id)
}

func (l *loadTx) Facility(ctx context.Context, id int64) (tms.Facility, error) {
	return facilities.getTx(ctx, l.tx, id)
}

func (l *loadTx) AddEvent(e tms.LoadEvent) { l.events = append(l.events, e) }

func (l *loadTx) QueueMail(m tms.Mail) { l.mails = append(l.mails, m) }

func (l *loadTx) ConflictingLoads(ctx context.Context, q tms.ConflictQuery) ([]tms.LoadRef, error) {
	return l.tx.db.conflictingLoads(ctx, l.tx.tx, q)
}

// conflictingLoads finds active loads sharing a driver, truck or trailer in an overlapping window.
func (db *DB) conflictingLoads(ctx context.Context, q queryer, c tms.ConflictQuery) ([]tms.LoadRef, error) {
	w := where{}
	uses := []string{}
	for _, d := range c.DriverIDs {
		uses = append(uses, "driver_id = ?", "co_driver_id = ?")
		w.args = append(w.args, d, d)
	}
	if c.TruckID != 0 {
		uses = append(uses, "truck_id = ?")
		w.args = append(w.args, c.TruckID)
	}
	if c.TrailerID != 0 {
		uses = append(uses, "trailer_id = ?")
		w.args = append(w.args, c.TrailerID)
	}
	if len(uses) == 0 {
		return nil, nil
	}
	w.conds = append(w.conds, "("+strings.Join(uses, " OR ")+")")
	w.add("id <> ?", c.ExcludeLoadID)
	w.add("status IN (?, ?, ?, ?)", tms.StatusBooked, tms.StatusDispatched, tms.StatusInTransit, tms.StatusOnHold)
	w.add("window_start < ? AND window_end > ?", UTC(c.To), UTC(c.From))
	rows, err := q.QueryContext(ctx, db.Q(`SELECT id, number, status, driver_id, co_driver_id, truck_id, trailer_id, window_start, window_end
		FROM loads`+w.sql()+` ORDER BY window_start`), w.args...)
	if err != nil {
		return nil, db.wrap(err, "conflicting loads")
	}
	defer rows.Close()
	var out []tms.LoadRef
	for rows.Next() {
		var r tms.LoadRef
		if err := rows.Scan(&r.ID, &r.Number, &r.Status, &r.DriverID, &r.CoDriverID, &r.TruckID, &r.TrailerID, &r.WindowStart, &r.WindowEnd); err != nil {
			return nil, db.wrap(err, "scan conflict")
		}
		r.WindowStart, r.WindowEnd = r.WindowStart.UTC(), r.WindowEnd.UTC()
		out = append(out, r)
	}
	return out, db.wrap(rows.Err(), "conflicting loads")
}

// LoadEvents returns a load's timeline, oldest first.
func (db *DB) LoadEvents(ctx context.Context, loadID int64) ([]tms.LoadEvent, error) {
	return db.loadEvents(ctx, "load events", `WHERE load_id = ? ORDER BY at, id`, loadID)
}

// loadEvents reads the events a WHERE ... ORDER BY tail selects.
func (db *DB) loadEvents(ctx context.Context, op, tail string, args ...any) ([]tms.LoadEvent, error) {
	rows, err := db.read.QueryContext(ctx, db.Q(`SELECT id, load_id, at, type, source, actor_id, actor_email, from_status, to_status,
		stop_id, location, lat, lon, note FROM load_events `+tail), args...)
	if err != nil {
		return nil, db.wrap(err, op)
	}
	defer rows.Close()
	out := []tms.LoadEvent{}
	for rows.Next() {
		var e tms.LoadEvent
		if err := rows.Scan(&e.ID, &e.LoadID, &e.At, &e.Type, &e.Source, &e.ActorID, &e.ActorEmail, &e.FromStatus, &e.ToStatus,
			&e.StopID, &e.Location, &e.Lat, &e.Lon, &e.Note); err != nil {
			return nil, db.wrap(err, "scan load event")
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, db.wrap(rows.Err(), op)
}

// AddLoadEvent records an event on an existing load without touching the load.
func (db *DB) AddLoadEvent(ctx context.Context, e *tms.LoadEvent) error {
	return db.InTx(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `SELECT id FROM loads WHERE id = ?`, e.LoadID).Scan(&id); err != nil {
			return db.notFound(err, "load", e.LoadID)
		}
		if e.At.IsZero() {
			e.At = tx.Now
		}
		e.Source, e.ActorEmail = orSource(e.Source, tx.Actor.Source), tx.Actor.Email
		return tx.addEvent(ctx, *e)
	})
}

func orSource(s, fallback tms.Source) tms.Source {
	if s == "" {
		return fallback
	}
	return s
}

// addEvent writes an event, filling time and author from the transaction.
func (tx *Tx) addEvent(ctx context.Context, e tms.LoadEvent) error {
	if e.At.IsZero() {
		e.At = tx.Now
	}
	e.Source = orSource(e.Source, tx.Actor.Source)
	var actorID *int64
	if tx.Actor.UserID != 0 {
		actorID = &tx.Actor.UserID
	}
	_, err := tx.Exec(ctx, `INSERT INTO load_events (load_id, at, type, source, actor_id, actor_email, from_status, to_status,
		stop_id, location, lat, lon, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.LoadID, UTC(e.At), e.Type, e.Source, actorID, tx.Actor.Email, e.FromStatus, e.ToStatus, e.StopID, e.Location, e.Lat, e.Lon, e.Note)
	return err
}
