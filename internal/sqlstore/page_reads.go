package sqlstore

import (
	"context"

	"github.com/anditms/tms/internal/tms"
)

// loadSummaries reads the columns of a load the dashboard and the board use (the equipment
// type for the trailer pickers): not the references, freight, hazmat and charges (JSON
// decoded per row) or notes.
var loadSummaries = &table[tms.Load, *tms.Load]{
	name: "loads", entity: "load",
	cols: []string{"number", "customer_id", "status", "hold_from", "equipment_type", "total_cents",
		"planned_miles", "driver_id", "co_driver_id", "truck_id", "trailer_id"},
	fields: func(l *tms.Load) []any {
		return []any{&l.Number, &l.CustomerID, &l.Status, &l.HoldFrom, &l.EquipmentType, &l.TotalCents,
			&l.PlannedMiles, &l.DriverID, &l.CoDriverID, &l.TruckID, &l.TrailerID}
	},
}

// LoadSummaries lists the loads of f with their summary columns (tms.PageReadStore).
func (db *DB) LoadSummaries(ctx context.Context, f tms.LoadFilter, withStops bool) ([]tms.Load, error) {
	p := f.Page.Normalize()
	if p.Sort == "" {
		p.Sort = "window_start"
	}
	order, err := orderBy(p.Sort, loads.sorts)
	if err != nil {
		return nil, err
	}
	w := db.loadFilter(f)
	rows, err := db.read.QueryContext(ctx, db.Q(loadSummaries.selectSQL()+w.sql()+order+" LIMIT ? OFFSET ?"), append(w.args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, db.wrap(err, "list load summaries")
	}
	defer rows.Close()
	out, ids := []tms.Load{}, []int64{}
	for rows.Next() {
		l, err := loadSummaries.scan(rows)
		if err != nil {
			return nil, db.wrap(err, "scan load summary")
		}
		out = append(out, l)
		ids = append(ids, l.ID)
	}
	if err := rows.Err(); err != nil || !withStops {
		return out, db.wrap(err, "list load summaries")
	}
	stops, err := db.stopsOf(ctx, db.read, ids)
	for i := range out {
		out[i].Stops = stops[out[i].ID]
	}
	return out, err
}

// CustomerNamed reports whether a customer has exactly this name (tms.PageReadStore).
func (db *DB) CustomerNamed(ctx context.Context, name string) (bool, error) {
	var found bool
	err := db.read.QueryRowContext(ctx, db.Q(`SELECT EXISTS (SELECT 1 FROM customers WHERE name = ?)`), name).Scan(&found)
	return found, db.wrap(err, "customer named")
}
