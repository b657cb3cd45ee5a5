package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/anditms/tms/internal/tms"
)

var ediPartners = &table[tms.TradingPartner, *tms.TradingPartner]{
	name: "edi_partners", entity: "trading partner", status: "active",
	cols: []string{"name", "customer_id", "isa_qualifier", "isa_id", "gs_id", "our_isa_qualifier", "our_isa_id", "our_gs_id",
		"scac", "x12_version", "element_separator", "component_separator", "segment_terminator", "test", "transactions", "sftp_address", "sftp_user", "sftp_host_key", "sftp_inbound_dir", "sftp_outbound_dir",
		"active", "notes"},
	fields: func(p *tms.TradingPartner) []any {
		return []any{&p.Name, &p.CustomerID, &p.ISAQualifier, &p.ISAID, &p.GSID, &p.OurISAQualifier, &p.OurISAID, &p.OurGSID,
			&p.SCAC, &p.X12Version, &p.ElementSeparator, &p.ComponentSeparator, &p.SegmentTerminator, &p.Test, JSON(&p.Transactions),
			&p.SFTP.Address, &p.SFTP.User, &p.SFTP.HostKey, &p.SFTP.InboundDir, &p.SFTP.OutboundDir, &p.Active, &p.Notes}
	},
	text:  []string{"name", "isa_id", "scac"},
	sorts: map[string]string{"name": "name"},
}

var ediFiles = &table[tms.EDIFile, *tms.EDIFile]{
	name: "edi_files", entity: "edi file",
	cols: []string{"partner_id", "direction", "transaction_set", "filename", "control", "group_control", "status", "errors",
		"payload", "size", "attempts", "tender_id", "load_id", "invoice_id", "source_event_id", "ack_file_id"},
	fields: func(f *tms.EDIFile) []any {
		return []any{&f.PartnerID, &f.Direction, &f.Transaction, &f.Filename, &f.Control, &f.GroupControl, &f.Status, JSON(&f.Errors),
			&f.Payload, &f.Size, &f.Attempts, &f.TenderID, &f.LoadID, &f.InvoiceID, &f.SourceEventID, &f.AckFileID}
	},
	sorts: map[string]string{"created_at": "created_at", "status": "status"},
}

var ediTenders = &table[tms.EDITender, *tms.EDITender]{
	name: "edi_tenders", entity: "tender",
	cols: []string{"partner_id", "shipment_id", "purpose", "status", "file_id", "load_id", "reason", "detail"},
	fields: func(t *tms.EDITender) []any {
		return []any{&t.PartnerID, &t.ShipmentID, &t.Purpose, &t.Status, &t.FileID, &t.LoadID, &t.Reason, JSON(&t.Detail)}
	},
	sorts: map[string]string{"created_at": "created_at", "status": "status", "shipment_id": "shipment_id"},
}

// maxControl is the largest ISA13; the per-partner sequence wraps after it.
const maxControl = 999_999_999

// CreateTradingPartner stores a new partner.
func (db *DB) CreateTradingPartner(ctx context.Context, p *tms.TradingPartner) error {
	return ediPartners.create(ctx, db, p)
}

// TradingPartner returns one partner.
func (db *DB) TradingPartner(ctx context.Context, id int64) (tms.TradingPartner, error) {
	return ediPartners.get(ctx, db, id)
}

// ListTradingPartners lists partners.
func (db *DB) ListTradingPartners(ctx context.Context, f tms.MasterFilter) (tms.Page[tms.TradingPartner], error) {
	return ediPartners.list(ctx, db, f)
}

// UpdateTradingPartner changes a partner through fn.
func (db *DB) UpdateTradingPartner(ctx context.Context, id int64, fn func(*tms.TradingPartner) error) (tms.TradingPartner, error) {
	return ediPartners.update(ctx, db, id, fn)
}

// PartnerByCustomer returns the customer's active partner.
func (db *DB) PartnerByCustomer(ctx context.Context, customerID int64) (tms.TradingPartner, error) {
	w := where{}
	w.add("customer_id = ? AND active = ?", customerID, true)
	return db.onePartner(ctx, w, fmt.Sprintf("of customer %d", customerID))
}

// PartnerBySender returns the active partner sending as qualifier/id.
func (db *DB) PartnerBySender(ctx context.Context, qualifier, id string) (tms.TradingPartner, error) {
	w := where{}
	w.add("isa_qualifier = ? AND isa_id = ? AND active = ?", qualifier, id, true)
	return db.onePartner(ctx, w, "sending as "+qualifier+"/"+id)
}

func (db *DB) onePartner(ctx context.Context, w where, what string) (tms.TradingPartner, error) {
	found, err := ediPartners.all(ctx, db, w, " ORDER BY id LIMIT 1")
	if err != nil {
		return tms.TradingPartner{}, err
	}
	if len(found) == 0 {
		return tms.TradingPartner{}, &tms.Error{Code: tms.CodeNotFound, Message: "no active trading partner " + what}
	}
	return found[0], nil
}

// LogEDIFile stores a file in the log.
func (db *DB) LogEDIFile(ctx context.Context, f *tms.EDIFile) error {
	return ediFiles.create(ctx, db, f)
}

// QueueEDIFile numbers, renders and queues an outbound file.
func (db *DB) QueueEDIFile(ctx context.Context, f *tms.EDIFile, render tms.Render) error {
	return db.InTx(ctx, func(tx *Tx) error { return tx.queueEDIFile(ctx, f, render) })
}

func (tx *Tx) queueEDIFile(ctx context.Context, f *tms.EDIFile, render tms.Render) error {
	if f.PartnerID == nil {
		return tms.Errorf(tms.CodeInvalid, "an outbound file needs a partner")
	}
	n, err := tx.nextCounter(ctx, fmt.Sprintf("edi_control:%d", *f.PartnerID))
	if err != nil {
		return err
	}
	control := (n-1)%maxControl + 1
	payload, group, err := render(control)
	if err != nil {
		return err
	}
	f.Direction, f.Status, f.Payload = tms.EDIOutbound, tms.EDIPending, payload
	f.Control, f.GroupControl = fmt.Sprintf("%09d", control), group
	if f.Filename == "" {
		f.Filename = fmt.Sprintf("%s_%s.edi", f.Transaction, f.Control)
	}
	if err := f.Validate(); err != nil {
		return err
	}
	return ediFiles.insert(ctx, tx, f)
}

// EDIFile returns one file with its payload.
func (db *DB) EDIFile(ctx context.Context, id int64) (tms.EDIFile, error) {
	return ediFiles.get(ctx, db, id)
}

// ListEDIFiles lists the log newest first, payloads left out.
func (db *DB) ListEDIFiles(ctx context.Context, f tms.EDIFileFilter) (tms.Page[tms.EDIFile], error) {
	w := where{}
	w.addIf(f.PartnerID != 0, "partner_id = ?", f.PartnerID)
	w.addIf(f.Direction != "", "direction = ?", f.Direction)
	w.addIf(f.Status != "", "status = ?", f.Status)
	w.addIf(f.Transaction != "", "transaction_set = ?", f.Transaction)
	page, err := ediFiles.page(ctx, db, w, f.Page, "-id")
	for i := range page.Items {
		page.Items[i].Payload = nil
	}
	return page, err
}

// UpdateEDIFile changes a file log entry through fn.
func (db *DB) UpdateEDIFile(ctx context.Context, id int64, fn func(*tms.EDIFile) error) (tms.EDIFile, error) {
	return ediFiles.update(ctx, db, id, fn)
}

// SendEDIFiles claims pending outbound files of a partner and records each send's outcome.
func (db *DB) SendEDIFiles(ctx context.Context, partnerID int64, limit int, send func(tms.EDIFile) error) (int, error) {
	sent := 0
	err := db.InTx(ctx, func(tx *Tx) error {
		lock := ""
		if db.dialect.ForUpdate != "" {
			lock = db.dialect.ForUpdate + " SKIP LOCKED"
		}
		w := where{}
		w.add("partner_id = ? AND direction = ? AND status = ?", partnerID, tms.EDIOutbound, tms.EDIPending)
		files, err := ediFiles.allIn(ctx, tx, w, " ORDER BY id LIMIT ?"+lock, limit)
		if err != nil {
			return err
		}
		for _, f := range files {
			after := f
			after.Attempts++
			if err := send(f); err != nil {
				after.Errors = append(after.Errors, err.Error())
				if after.Attempts >= tms.EDIMaxSendAttempts {
					after.Status = tms.EDIFailed
				}
			} else {
				after.Status = tms.EDISent
				sent++
			}
			if err := ediFiles.write(ctx, tx, &f, &after); err != nil {
				return err
			}
		}
		return nil
	})
	return sent, err
}

// OutboundByGroupControl finds the newest outbound file of a partner with that GS06.
func (db *DB) OutboundByGroupControl(ctx context.Context, partnerID int64, groupControl string) (tms.EDIFile, error) {
	w := where{}
	w.add("partner_id = ? AND direction = ? AND group_control = ?", partnerID, tms.EDIOutbound, groupControl)
	found, err := ediFiles.all(ctx, db, w, " ORDER BY id DESC LIMIT 1")
	if err != nil {
		return tms.EDIFile{}, err
	}
	if len(found) == 0 {
		return tms.EDIFile{}, &tms.Error{Code: tms.CodeNotFound, Message: "no outbound file with group control " + groupControl}
	}
	return found[0], nil
}

// allIn is all inside a transaction (rows a lock clause in order may claim).
func (tb *table[T, P]) allIn(ctx context.Context, tx *Tx, w where, order string, args ...any) ([]T, error) {
	rows, err := tx.Query(ctx, tb.selectSQL()+w.sql()+order, append(w.args, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := tb.scan(rows)
		if err != nil {
			return nil, tx.db.wrap(err, "scan "+tb.entity)
		}
		out = append(out, v)
	}
	return out, tx.db.wrap(rows.Err(), "list "+tb.name)
}

// EDICursor reads a job's position in the load event log.
func (db *DB) EDICursor(ctx context.Context, name string) (int64, error) {
	return cursorValue(ctx, db, db.read, "edi_cursor:"+name, "")
}

func cursorValue(ctx context.Context, db *DB, q queryer, name, lock string) (int64, error) {
	var v int64
	err := q.QueryRowContext(ctx, db.Q("SELECT value FROM counters WHERE name = ?"+lock), name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, db.wrap(err, "cursor "+name)
}

// QueueEDIFileAt queues f and moves the cursor, unless another worker got there first.
func (db *DB) QueueEDIFileAt(ctx context.Context, name string, position int64, f *tms.EDIFile, render tms.Render) error {
	key := "edi_cursor:" + name
	return db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, "INSERT INTO counters (name, value) VALUES (?, 0) ON CONFLICT (name) DO NOTHING", key); err != nil {
			return err
		}
		cur, err := cursorValue(ctx, db, tx.tx, key, db.dialect.ForUpdate)
		if err != nil || cur >= position {
			return err
		}
		if f != nil {
			if err := tx.queueEDIFile(ctx, f, render); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, "UPDATE counters SET value = ? WHERE name = ?", position, key)
		return err
	})
}
