package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/anditms/tms/internal/tms"
)

const documentColumns = `id, type, load_id, stop_id, driver_id, truck_id, trailer_id, filename, content_type, size, sha256,
	uploaded_by, uploaded_by_email, uploaded_at, version, storage_key, s3_version_id, status, deleted_at, deleted_by`

// ownerColumn is the column holding each kind of owner's id.
var ownerColumn = map[tms.OwnerKind]string{
	tms.OwnerLoad: "load_id", tms.OwnerDriver: "driver_id", tms.OwnerTruck: "truck_id", tms.OwnerTrailer: "trailer_id",
}

func scanDocument(row interface{ Scan(...any) error }) (tms.Document, error) {
	var d tms.Document
	var by nullInt
	var deleted sql.NullTime
	err := row.Scan(&d.ID, &d.Type, &d.LoadID, &d.StopID, &d.DriverID, &d.TruckID, &d.TrailerID, &d.Filename, &d.ContentType,
		&d.Size, &d.SHA256, &by, &d.UploadedByEmail, &d.UploadedAt, &d.Version, &d.StorageKey, &d.S3VersionID, &d.Status,
		&deleted, &d.DeletedBy)
	d.UploadedBy, d.UploadedAt, d.DeletedAt = by.Int64, d.UploadedAt.UTC(), timePtr(deleted)
	return d, err
}

// CreateDocument stores d as the next version of its series. Two uploads of one series at
// once collide on the (series, version) index; the loser retries with the next number.
func (db *DB) CreateDocument(ctx context.Context, d *tms.Document) error {
	if err := d.Validate(); err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		err := db.InTx(ctx, func(tx *Tx) error { return tx.insertDocument(ctx, d) })
		if tms.ErrorCode(err) != tms.CodeConflict || attempt == 3 {
			return err
		}
	}
}

func (tx *Tx) insertDocument(ctx context.Context, d *tms.Document) error {
	series := d.Series()
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM documents WHERE series = ?`, series).Scan(&d.Version); err != nil {
		return tx.db.wrap(err, "next document version")
	}
	d.UploadedBy, d.UploadedByEmail, d.UploadedAt = tx.Actor.UserID, tx.Actor.Email, tx.Now
	id, err := tx.InsertID(ctx, `INSERT INTO documents (type, series, load_id, stop_id, driver_id, truck_id, trailer_id, filename,
		content_type, size, sha256, uploaded_by, uploaded_by_email, uploaded_at, version, storage_key, s3_version_id, status, deleted_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')`,
		d.Type, series, d.LoadID, d.StopID, d.DriverID, d.TruckID, d.TrailerID, d.Filename, d.ContentType, d.Size, d.SHA256,
		nullableID(&d.UploadedBy), d.UploadedByEmail, d.UploadedAt, d.Version, d.StorageKey, d.S3VersionID, d.Status)
	if err != nil {
		return err
	}
	d.ID = id
	return tx.Audit(ctx, "document", id, "create", nil, d)
}

// Document returns one document.
func (db *DB) Document(ctx context.Context, id int64) (tms.Document, error) {
	d, err := scanDocument(db.read.QueryRowContext(ctx, db.Q(`SELECT `+documentColumns+` FROM documents WHERE id = ?`), id))
	return d, db.notFound(err, "document", id)
}

// ConfirmDocument makes a pending document active.
func (db *DB) ConfirmDocument(ctx context.Context, id int64, s3VersionID string) (tms.Document, error) {
	return db.changeDocument(ctx, id, "confirm", tms.DocumentPending, func(tx *Tx, d *tms.Document) {
		d.Status, d.S3VersionID = tms.DocumentActive, s3VersionID
	})
}

// DeleteDocument soft-deletes an active document.
func (db *DB) DeleteDocument(ctx context.Context, id int64) (tms.Document, error) {
	return db.changeDocument(ctx, id, "delete", tms.DocumentActive, func(tx *Tx, d *tms.Document) {
		now := tx.Now
		d.Status, d.DeletedAt, d.DeletedBy = tms.DocumentDeleted, &now, tx.Actor.Email
	})
}

// RestoreDocument brings a soft-deleted document back.
func (db *DB) RestoreDocument(ctx context.Context, id int64) (tms.Document, error) {
	return db.changeDocument(ctx, id, "restore", tms.DocumentDeleted, func(_ *Tx, d *tms.Document) {
		d.Status, d.DeletedAt, d.DeletedBy = tms.DocumentActive, nil, ""
	})
}

// changeDocument applies fn to a document in status from, writes its status fields and
// audits the change as action.
func (db *DB) changeDocument(ctx context.Context, id int64, action string, from tms.DocumentStatus, fn func(*Tx, *tms.Document)) (tms.Document, error) {
	var out tms.Document
	err := db.InTx(ctx, func(tx *Tx) error {
		before, err := tx.documentIn(ctx, id, from)
		if err != nil {
			return err
		}
		after := before
		fn(tx, &after)
		if _, err := tx.Exec(ctx, `UPDATE documents SET status = ?, s3_version_id = ?, deleted_at = ?, deleted_by = ? WHERE id = ?`,
			after.Status, after.S3VersionID, nullTime(after.DeletedAt), after.DeletedBy, id); err != nil {
			return err
		}
		out = after
		return tx.Audit(ctx, "document", id, action, &before, &after)
	})
	return out, err
}

// DiscardDocument removes a pending document.
func (db *DB) DiscardDocument(ctx context.Context, id int64) error {
	return db.InTx(ctx, func(tx *Tx) error {
		before, err := tx.documentIn(ctx, id, tms.DocumentPending)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM documents WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.Audit(ctx, "document", id, "discard", &before, nil)
	})
}

// documentIn reads a document for update and refuses it unless it is in status want.
func (tx *Tx) documentIn(ctx context.Context, id int64, want tms.DocumentStatus) (tms.Document, error) {
	d, err := scanDocument(tx.QueryRow(ctx, `SELECT `+documentColumns+` FROM documents WHERE id = ?`+tx.db.dialect.ForUpdate, id))
	if err != nil {
		return d, tx.db.notFound(err, "document", id)
	}
	if d.Status != want {
		return d, &tms.Error{Code: tms.CodeConflict, Message: "the document is " + string(d.Status) + ", not " + string(want),
			Detail: map[string]any{"status": d.Status}}
	}
	return d, nil
}

// ListDocuments lists an owner's documents, newest first.
func (db *DB) ListDocuments(ctx context.Context, f tms.DocumentFilter) ([]tms.Document, error) {
	col, ok := ownerColumn[f.Owner.Kind]
	if !ok {
		return nil, tms.Errorf(tms.CodeInvalid, "unknown document owner %q", f.Owner.Kind)
	}
	w := where{}
	w.add(col+" = ?", f.Owner.ID)
	w.addIf(f.Owner.StopID != 0, "stop_id = ?", f.Owner.StopID)
	w.addIf(f.Series != "", "series = ?", f.Series)
	if f.IncludeDeleted {
		w.add("status IN (?, ?)", tms.DocumentActive, tms.DocumentDeleted)
	} else {
		w.add("status = ?", tms.DocumentActive)
	}
	return db.queryDocuments(ctx, `SELECT `+documentColumns+` FROM documents`+w.sql()+` ORDER BY id DESC`, w.args...)
}

// AllDocuments pages through every document by id.
func (db *DB) AllDocuments(ctx context.Context, after int64, limit int) ([]tms.Document, error) {
	return db.queryDocuments(ctx, `SELECT `+documentColumns+` FROM documents WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
}

// PendingDocuments lists the pending documents uploaded before a time, oldest first.
func (db *DB) PendingDocuments(ctx context.Context, before time.Time) ([]tms.Document, error) {
	return db.queryDocuments(ctx, `SELECT `+documentColumns+` FROM documents WHERE status = ? AND uploaded_at < ? ORDER BY id`,
		tms.DocumentPending, UTC(before))
}

func (db *DB) queryDocuments(ctx context.Context, query string, args ...any) ([]tms.Document, error) {
	rows, err := db.read.QueryContext(ctx, db.Q(query), args...)
	if err != nil {
		return nil, db.wrap(err, "list documents")
	}
	defer rows.Close()
	out := []tms.Document{}
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, db.wrap(err, "scan document")
		}
		out = append(out, d)
	}
	return out, db.wrap(rows.Err(), "list documents")
}

// LoadDocumentTypes lists the types of a load's active documents.
func (db *DB) LoadDocumentTypes(ctx context.Context, loadID int64) ([]tms.DocumentType, error) {
	types, err := db.DocumentTypesOf(ctx, []int64{loadID})
	if types[loadID] == nil {
		return []tms.DocumentType{}, err
	}
	return types[loadID], err
}

// DocumentTypesOf lists the types of each load's active documents, a page of loads per query,
// through the read cache (the dashboard's and the billing queue's paperwork checks).
func (db *DB) DocumentTypesOf(ctx context.Context, loadIDs []int64) (map[int64][]tms.DocumentType, error) {
	return cached(ctx, db, cacheKey("DocumentTypesOf", loadIDs), func(map[int64][]tms.DocumentType) int { return max(1, len(loadIDs)) },
		func() (map[int64][]tms.DocumentType, error) { return db.readDocumentTypesOf(ctx, loadIDs) })
}

func (db *DB) readDocumentTypesOf(ctx context.Context, loadIDs []int64) (map[int64][]tms.DocumentType, error) {
	out := make(map[int64][]tms.DocumentType, len(loadIDs))
	for chunk := range slices.Chunk(loadIDs, tms.MaxPageSize) {
		if err := db.documentTypesOf(ctx, chunk, out); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (db *DB) documentTypesOf(ctx context.Context, loadIDs []int64, out map[int64][]tms.DocumentType) error {
	rows, err := db.read.QueryContext(ctx, db.Q(`SELECT DISTINCT load_id, type FROM documents
		WHERE status = ? AND load_id IN (`+placeholders(len(loadIDs))+`) ORDER BY load_id, type`),
		append([]any{tms.DocumentActive}, anySlice(loadIDs)...)...)
	if err != nil {
		return db.wrap(err, "document types")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t tms.DocumentType
		if err := rows.Scan(&id, &t); err != nil {
			return db.wrap(err, "scan document type")
		}
		out[id] = append(out[id], t)
	}
	return db.wrap(rows.Err(), "document types")
}
