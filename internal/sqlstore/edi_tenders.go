package sqlstore

import (
	"context"

	"github.com/anditms/tms/internal/tms"
)

// SaveEDITender files a 204 as a new tender or applies a change/cancel to a pending one.
func (db *DB) SaveEDITender(ctx context.Context, t *tms.EDITender) error {
	if t.Status == "" {
		t.Status = tms.TenderPending
	}
	if err := t.Validate(); err != nil {
		return err
	}
	return db.InTx(ctx, func(tx *Tx) error {
		w := where{}
		w.add("partner_id = ? AND shipment_id = ?", t.PartnerID, t.ShipmentID)
		found, err := ediTenders.allIn(ctx, tx, w, db.dialect.ForUpdate)
		if err != nil {
			return err
		}
		if t.Purpose == "01" {
			t.Status = tms.TenderCancelled
		}
		if len(found) == 0 {
			return ediTenders.insert(ctx, tx, t)
		}
		before := found[0]
		if before.Status != tms.TenderPending {
			return &tms.Error{Code: tms.CodeConflict, Message: "tender " + t.ShipmentID + " is already " + string(before.Status) + "; change the load instead"}
		}
		after := before
		after.Purpose, after.Status, after.FileID, after.Detail = t.Purpose, t.Status, t.FileID, t.Detail
		if err := ediTenders.write(ctx, tx, &before, &after); err != nil {
			return err
		}
		*t = after
		return tx.Audit(ctx, ediTenders.entity, t.ID, "update", &before, t)
	})
}

// EDITender returns one tender.
func (db *DB) EDITender(ctx context.Context, id int64) (tms.EDITender, error) {
	return ediTenders.get(ctx, db, id)
}

// ListEDITenders lists the inbox newest first.
func (db *DB) ListEDITenders(ctx context.Context, f tms.EDITenderFilter) (tms.Page[tms.EDITender], error) {
	w := where{}
	w.addIf(f.PartnerID != 0, "partner_id = ?", f.PartnerID)
	w.addIf(f.Status != "", "status = ?", f.Status)
	return ediTenders.page(ctx, db, w, f.Page, "-id")
}

// DecideEDITender accepts (creating the load) or declines a pending tender and queues the 990.
func (db *DB) DecideEDITender(ctx context.Context, id int64, d tms.TenderDecision) (tms.EDITender, error) {
	var out tms.EDITender
	if d.Status != tms.TenderAccepted && d.Status != tms.TenderDeclined {
		return out, tms.Errorf(tms.CodeInvalid, "a tender is accepted or declined")
	}
	if d.Status == tms.TenderAccepted && d.Load == nil {
		return out, tms.Errorf(tms.CodeInvalid, "accepting a tender creates its load")
	}
	if d.Load != nil {
		if err := d.Load.Validate(); err != nil {
			return out, err
		}
	}
	err := db.InTx(ctx, func(tx *Tx) error {
		before, err := ediTenders.getTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Version != d.Version || before.Status != tms.TenderPending {
			return &tms.Error{Code: tms.CodeConflict, Message: "the tender was changed or decided meanwhile; reload it"}
		}
		after := before
		after.Status, after.Reason = d.Status, d.Reason
		if d.Status == tms.TenderAccepted {
			if err := tx.createLoad(ctx, d.Load); err != nil {
				return err
			}
			after.LoadID = &d.Load.ID
		}
		if err := ediTenders.write(ctx, tx, &before, &after); err != nil {
			return err
		}
		if err := tx.Audit(ctx, ediTenders.entity, id, string(d.Status), &before, &after); err != nil {
			return err
		}
		out = after
		d.Response.PartnerID, d.Response.TenderID, d.Response.LoadID = &after.PartnerID, &after.ID, after.LoadID
		return tx.queueEDIFile(ctx, d.Response, func(control int64) ([]byte, string, error) {
			return d.Render(after, d.Load, control)
		})
	})
	return out, err
}
