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
	return cached(ctx, db, cacheKey("LoadSummaries", f, withStops), sliceItems, func() ([]tms.Load, error) {
		return db.loadSummaries(ctx, f, withStops)
	})
}

func (db *DB) loadSummaries(ctx context.Context, f tms.LoadFilter, withStops bool) ([]tms.Load, error) {
	out, ids, _, _, err := db.queryLoads(ctx, loadSummaries, f)
	if err != nil || !withStops {
		return out, err
	}
	return out, db.withStops(ctx, out, ids)
}

// CustomerNamed reports whether a customer has exactly this name (tms.PageReadStore).
func (db *DB) CustomerNamed(ctx context.Context, name string) (bool, error) {
	var found bool
	err := db.read.QueryRowContext(ctx, db.Q(`SELECT EXISTS (SELECT 1 FROM customers WHERE name = ?)`), name).Scan(&found)
	return found, db.wrap(err, "customer named")
}
