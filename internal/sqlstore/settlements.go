package sqlstore

import (
	"context"
	"fmt"

	"github.com/anditms/tms/internal/tms"
)

var settlements = &table[tms.Settlement, *tms.Settlement]{
	name: "settlements", entity: "settlement", status: "status",
	cols: []string{"number", "driver_id", "period_start", "period_end", "status", "load_ids", "lines",
		"gross_cents", "deductions_cents", "net_cents", "approved_at", "paid_at", "notes"},
	fields: func(s *tms.Settlement) []any {
		return []any{&s.Number, &s.DriverID, &s.PeriodStart, &s.PeriodEnd, &s.Status, JSON(&s.LoadIDs), JSON(&s.Lines),
			&s.GrossCents, &s.DeductionsCents, &s.NetCents, &s.ApprovedAt, &s.PaidAt, &s.Notes}
	},
	sorts: map[string]string{"number": "number", "period_start": "period_start", "net_cents": "net_cents"},
}

// CreateSettlement numbers and stores a draft settlement and claims its loads for the driver.
func (db *DB) CreateSettlement(ctx context.Context, s *tms.Settlement) error {
	s.Status = tms.SettlementDraft
	if err := s.Validate(); err != nil {
		return err
	}
	return db.InTx(ctx, func(tx *Tx) error {
		n, err := tx.nextCounter(ctx, "settlement")
		if err != nil {
			return err
		}
		s.Number = fmt.Sprintf("ST-%06d", n)
		if err := settlements.insert(ctx, tx, s); err != nil {
			return err
		}
		return tx.claimLoads(ctx, s)
	})
}

// claimLoads records which loads a settlement pays; a load paid on another live settlement
// of the same driver is a conflict.
func (tx *Tx) claimLoads(ctx context.Context, s *tms.Settlement) error {
	for _, id := range s.LoadIDs {
		_, err := tx.Exec(ctx, "INSERT INTO settlement_loads (settlement_id, driver_id, load_id, active) VALUES (?, ?, ?, TRUE)", s.ID, s.DriverID, id)
		if tms.ErrorCode(tx.db.wrap(err, "")) == tms.CodeConflict {
			return tms.Errorf(tms.CodeConflict, "load %d is already on another settlement of this driver", id)
		}
		if err != nil {
			return tx.db.wrap(err, "claim settlement load")
		}
	}
	return nil
}

// Settlement returns one settlement.
func (db *DB) Settlement(ctx context.Context, id int64) (tms.Settlement, error) {
	return settlements.get(ctx, db, id)
}

// ListSettlements lists settlements, newest period first unless sorted otherwise.
func (db *DB) ListSettlements(ctx context.Context, f tms.SettlementFilter) (tms.Page[tms.Settlement], error) {
	w := where{}
	w.addIf(f.DriverID != 0, "driver_id = ?", f.DriverID)
	w.addIf(f.Status != "", "status = ?", f.Status)
	return settlements.page(ctx, db, w, f.Page, "-period_start")
}

// UpdateSettlement changes a settlement through fn; a void one releases its loads.
func (db *DB) UpdateSettlement(ctx context.Context, id int64, fn func(*tms.Settlement) error) (tms.Settlement, error) {
	var out tms.Settlement
	err := db.InTx(ctx, func(tx *Tx) error {
		before, err := settlements.getTx(ctx, tx, id)
		if err != nil {
			return err
		}
		after := before
		after.Lines = append([]tms.SettlementLine(nil), before.Lines...)
		after.LoadIDs = append([]int64(nil), before.LoadIDs...)
		if err := fn(&after); err != nil {
			return err
		}
		after.DriverID, after.Number = before.DriverID, before.Number
		if err := tms.CheckSettlementChange(&before, &after); err != nil {
			return err
		}
		if err := after.Validate(); err != nil {
			return err
		}
		stampSettlement(tx, &before, &after)
		if err := settlements.write(ctx, tx, &before, &after); err != nil {
			return err
		}
		if err := tx.reclaimLoads(ctx, &before, &after); err != nil {
			return err
		}
		out = after
		return tx.Audit(ctx, "settlement", id, "update", &before, &after)
	})
	return out, err
}

// stampSettlement records when a settlement was approved and paid.
func stampSettlement(tx *Tx, before, after *tms.Settlement) {
	now := tx.Now
	switch {
	case after.Status == tms.SettlementApproved && before.Status != tms.SettlementApproved:
		after.ApprovedAt = &now
	case after.Status == tms.SettlementPaid && before.Status != tms.SettlementPaid:
		after.PaidAt = &now
	case after.Status == tms.SettlementDraft:
		after.ApprovedAt = nil
	}
}

// reclaimLoads keeps settlement_loads in step with a settlement's loads and status.
func (tx *Tx) reclaimLoads(ctx context.Context, before, after *tms.Settlement) error {
	if after.Status == before.Status && fmt.Sprint(after.LoadIDs) == fmt.Sprint(before.LoadIDs) {
		return nil
	}
	if _, err := tx.Exec(ctx, "DELETE FROM settlement_loads WHERE settlement_id = ?", after.ID); err != nil {
		return tx.db.wrap(err, "release settlement loads")
	}
	if after.Status == tms.SettlementVoid {
		return nil
	}
	return tx.claimLoads(ctx, after)
}

// SettledLoads returns, of loadIDs, those on a live settlement of the driver (load -> settlement).
func (db *DB) SettledLoads(ctx context.Context, driverID int64, loadIDs []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(loadIDs) == 0 {
		return out, nil
	}
	args := append([]any{driverID}, anySlice(loadIDs)...)
	rows, err := db.read.QueryContext(ctx, db.Q("SELECT load_id, settlement_id FROM settlement_loads WHERE active AND driver_id = ? AND load_id IN ("+placeholders(len(loadIDs))+")"), args...)
	if err != nil {
		return nil, db.wrap(err, "settled loads")
	}
	defer rows.Close()
	for rows.Next() {
		var load, settlement int64
		if err := rows.Scan(&load, &settlement); err != nil {
			return nil, db.wrap(err, "scan settled load")
		}
		out[load] = settlement
	}
	return out, db.wrap(rows.Err(), "settled loads")
}

// ReviewCharge records a decision on a proposed charge and, when approved, adds the charge.
func (db *DB) ReviewCharge(ctx context.Context, r *tms.ChargeReview, charge *tms.Charge) (tms.Load, error) {
	var out tms.Load
	err := db.InTx(ctx, func(tx *Tx) error {
		r.DecidedAt = tx.Now
		if tx.Actor.UserID != 0 {
			id := tx.Actor.UserID
			r.ActorID = &id
		}
		if _, err := tx.Exec(ctx, `INSERT INTO charge_reviews (load_id, stop_id, kind, decision, amount_cents, note, actor_id, decided_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.LoadID, r.StopID, r.Kind, r.Decision, r.AmountCents, r.Note, r.ActorID, r.DecidedAt); err != nil {
			if tms.ErrorCode(db.wrap(err, "")) == tms.CodeConflict {
				return tms.Errorf(tms.CodeConflict, "this %s was already reviewed", r.Kind)
			}
			return db.wrap(err, "review charge")
		}
		var err error
		out, err = tx.updateLoad(ctx, r.LoadID, func(_ tms.LoadTx, l *tms.Load) error {
			if r.Decision == tms.ReviewApproved && charge != nil {
				l.Charges = append(l.Charges, *charge)
			}
			return nil
		})
		return err
	})
	return out, err
}

// ChargeReviews returns the decisions recorded for the loads.
func (db *DB) ChargeReviews(ctx context.Context, loadIDs []int64) ([]tms.ChargeReview, error) {
	out := []tms.ChargeReview{}
	if len(loadIDs) == 0 {
		return out, nil
	}
	args := anySlice(loadIDs)
	rows, err := db.read.QueryContext(ctx, db.Q(`SELECT load_id, stop_id, kind, decision, amount_cents, note, actor_id, decided_at
		FROM charge_reviews WHERE load_id IN (`+placeholders(len(args))+") ORDER BY load_id, stop_id"), args...)
	if err != nil {
		return nil, db.wrap(err, "charge reviews")
	}
	defer rows.Close()
	for rows.Next() {
		var r tms.ChargeReview
		if err := rows.Scan(&r.LoadID, &r.StopID, &r.Kind, &r.Decision, &r.AmountCents, &r.Note, &r.ActorID, &r.DecidedAt); err != nil {
			return nil, db.wrap(err, "scan charge review")
		}
		r.DecidedAt = r.DecidedAt.UTC()
		out = append(out, r)
	}
	return out, db.wrap(rows.Err(), "charge reviews")
}
