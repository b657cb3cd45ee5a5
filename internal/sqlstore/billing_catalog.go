package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

var rateDefaults = &table[tms.RateDefault, *tms.RateDefault]{
	name: "rate_defaults", entity: "rate default", status: "active",
	cols: []string{"customer_id", "origin_state", "dest_state", "method", "rate", "stop_off_cents", "active"},
	fields: func(r *tms.RateDefault) []any {
		return []any{&r.CustomerID, &r.OriginState, &r.DestState, &r.Method, &r.Rate, &r.StopOffCents, &r.Active}
	},
}

var fuelSchedules = &table[tms.FuelSchedule, *tms.FuelSchedule]{
	name: "fuel_schedules", entity: "fuel schedule", status: "active",
	cols: []string{"name", "method", "peg_mills", "mpg_tenths", "steps", "percent_bp", "effective_lag_days", "active"},
	fields: func(s *tms.FuelSchedule) []any {
		return []any{&s.Name, &s.Method, &s.PegMills, &s.MPGTenths, JSON(&s.Steps), &s.PercentBP, &s.EffectiveLagDays, &s.Active}
	},
	text:  []string{"name"},
	sorts: map[string]string{"name": "name"},
}

var accessorials = &table[tms.Accessorial, *tms.Accessorial]{
	name: "accessorials", entity: "accessorial",
	cols: []string{"code", "name", "unit", "rate_cents", "free_minutes", "increment_minutes", "driver_pay_cents", "requires_receipt"},
	fields: func(a *tms.Accessorial) []any {
		return []any{&a.Code, &a.Name, &a.Unit, &a.RateCents, &a.FreeMinutes, &a.IncrementMinutes, &a.DriverPayCents, &a.RequiresReceipt}
	},
}

// CreateRateDefault stores a customer's rate default.
func (db *DB) CreateRateDefault(ctx context.Context, r *tms.RateDefault) error {
	return rateDefaults.create(ctx, db, r)
}

// ListRateDefaults returns a customer's rate defaults (all customers for 0).
func (db *DB) ListRateDefaults(ctx context.Context, customerID int64) ([]tms.RateDefault, error) {
	w := where{}
	w.addIf(customerID != 0, "customer_id = ?", customerID)
	return rateDefaults.all(ctx, db, w, " ORDER BY customer_id, id")
}

// UpdateRateDefault changes a rate default through fn.
func (db *DB) UpdateRateDefault(ctx context.Context, id int64, fn func(*tms.RateDefault) error) (tms.RateDefault, error) {
	return rateDefaults.update(ctx, db, id, fn)
}

// CreateFuelSchedule stores a fuel surcharge schedule.
func (db *DB) CreateFuelSchedule(ctx context.Context, s *tms.FuelSchedule) error {
	return fuelSchedules.create(ctx, db, s)
}

// FuelSchedule returns one schedule.
func (db *DB) FuelSchedule(ctx context.Context, id int64) (tms.FuelSchedule, error) {
	return fuelSchedules.get(ctx, db, id)
}

// ListFuelSchedules lists schedules.
func (db *DB) ListFuelSchedules(ctx context.Context, f tms.MasterFilter) (tms.Page[tms.FuelSchedule], error) {
	return fuelSchedules.list(ctx, db, f)
}

// UpdateFuelSchedule changes a schedule through fn.
func (db *DB) UpdateFuelSchedule(ctx context.Context, id int64, fn func(*tms.FuelSchedule) error) (tms.FuelSchedule, error) {
	return fuelSchedules.update(ctx, db, id, fn)
}

// ListAccessorials returns the accessorial catalog.
func (db *DB) ListAccessorials(ctx context.Context) ([]tms.Accessorial, error) {
	return accessorials.all(ctx, db, where{}, " ORDER BY id")
}

// Accessorial returns the catalog entry for a charge kind.
func (db *DB) Accessorial(ctx context.Context, code string) (tms.Accessorial, error) {
	a, err := accessorials.scan(db.read.QueryRowContext(ctx, db.Q(accessorials.selectSQL()+" WHERE code = ?"), code))
	return a, db.notFound(err, "accessorial", code)
}

// UpdateAccessorial changes a catalog entry; its code stays.
func (db *DB) UpdateAccessorial(ctx context.Context, code string, fn func(*tms.Accessorial) error) (tms.Accessorial, error) {
	a, err := db.Accessorial(ctx, code)
	if err != nil {
		return a, err
	}
	return accessorials.update(ctx, db, a.ID, func(p *tms.Accessorial) error {
		if err := fn(p); err != nil {
			return err
		}
		p.Code = code
		return nil
	})
}

// PutDieselPrices inserts or replaces weekly prices.
func (db *DB) PutDieselPrices(ctx context.Context, prices []tms.DieselPrice) (int, error) {
	for i := range prices {
		if err := prices[i].Validate(); err != nil {
			return 0, err
		}
	}
	err := db.InTx(ctx, func(tx *Tx) error {
		for _, p := range prices {
			if _, err := tx.Exec(ctx, `INSERT INTO diesel_prices (week, price_mills, source, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (week) DO UPDATE SET price_mills = excluded.price_mills, source = excluded.source, updated_at = excluded.updated_at`,
				p.Week, p.PriceMills, p.Source, tx.Now); err != nil {
				return db.wrap(err, "put diesel price")
			}
		}
		return tx.Audit(ctx, "diesel_prices", 0, "put", nil, prices)
	})
	if err != nil {
		return 0, err
	}
	return len(prices), nil
}

// ListDieselPrices returns prices in [from, to], newest first.
func (db *DB) ListDieselPrices(ctx context.Context, from, to tms.Date, limit int) ([]tms.DieselPrice, error) {
	w := where{}
	w.addIf(!from.IsZero(), "week >= ?", from)
	w.addIf(!to.IsZero(), "week <= ?", to)
	limit = tms.PageRequest{Limit: limit}.Normalize().Limit
	rows, err := db.read.QueryContext(ctx, db.Q("SELECT week, price_mills, source FROM diesel_prices"+w.sql()+" ORDER BY week DESC LIMIT ?"), append(w.args, limit)...)
	if err != nil {
		return nil, db.wrap(err, "list diesel prices")
	}
	defer rows.Close()
	out := []tms.DieselPrice{}
	for rows.Next() {
		var p tms.DieselPrice
		if err := rows.Scan(&p.Week, &p.PriceMills, &p.Source); err != nil {
			return nil, db.wrap(err, "scan diesel price")
		}
		out = append(out, p)
	}
	return out, db.wrap(rows.Err(), "list diesel prices")
}

// DieselPriceOn returns the latest price dated on or before day.
func (db *DB) DieselPriceOn(ctx context.Context, day tms.Date) (tms.DieselPrice, error) {
	var p tms.DieselPrice
	err := db.read.QueryRowContext(ctx, db.Q("SELECT week, price_mills, source FROM diesel_prices WHERE week <= ? ORDER BY week DESC LIMIT 1"), day).
		Scan(&p.Week, &p.PriceMills, &p.Source)
	if errors.Is(err, sql.ErrNoRows) {
		return p, &tms.Error{Code: tms.CodeNotFound, Message: "no diesel price is recorded on or before " + day.String()}
	}
	return p, db.wrap(err, "diesel price")
}

// all returns every row matching w in order; args follow w's (a LIMIT in order).
func (tb *table[T, P]) all(ctx context.Context, db *DB, w where, order string, args ...any) ([]T, error) {
	rows, err := db.read.QueryContext(ctx, db.Q(tb.selectSQL()+w.sql()+order), append(w.args, args...)...)
	if err != nil {
		return nil, db.wrap(err, "list "+tb.name)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := tb.scan(rows)
		if err != nil {
			return nil, db.wrap(err, "scan "+tb.entity)
		}
		out = append(out, v)
	}
	return out, db.wrap(rows.Err(), "list "+tb.name)
}

const carrierSettingsKey = "carrier"

// CarrierSettings returns the carrier's settings (defaults until first saved).
func (db *DB) CarrierSettings(ctx context.Context) (tms.CarrierSettings, error) {
	return db.carrierSettings(ctx, db.read, "")
}

func (db *DB) carrierSettings(ctx context.Context, q queryer, lock string) (tms.CarrierSettings, error) {
	var c tms.CarrierSettings
	err := q.QueryRowContext(ctx, db.Q("SELECT value, version FROM settings WHERE key = ?"+lock), carrierSettingsKey).Scan(JSON(&c), &c.Version)
	if errors.Is(err, sql.ErrNoRows) {
		// Never saved: the defaults are version 1, so the first save is checked like any other
		// (version 0 means "the client sent none").
		c = tms.CarrierSettings{Name: "Andi Trucking", Version: 1}
		return c, c.Validate()
	}
	return c, db.wrap(err, "carrier settings")
}

// UpdateCarrierSettings changes the settings through fn.
func (db *DB) UpdateCarrierSettings(ctx context.Context, fn func(*tms.CarrierSettings) error) (tms.CarrierSettings, error) {
	var out tms.CarrierSettings
	err := db.InTx(ctx, func(tx *Tx) error {
		before, err := db.carrierSettings(ctx, tx.tx, db.dialect.ForUpdate)
		if err != nil {
			return err
		}
		after := before
		if err := fn(&after); err != nil {
			return err
		}
		if err := tms.CheckVersion(after.Version, before.Version); err != nil {
			return err
		}
		after.Name = strings.TrimSpace(after.Name)
		if err := after.Validate(); err != nil {
			return err
		}
		after.Version = before.Version + 1
		if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value, version, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version, updated_at = excluded.updated_at`,
			carrierSettingsKey, JSON(&after), after.Version, tx.Now); err != nil {
			return db.wrap(err, "save carrier settings")
		}
		out = after
		return tx.Audit(ctx, "settings", carrierSettingsKey, "update", &before, &after)
	})
	return out, err
}
