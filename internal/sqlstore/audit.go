package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/anditms/tms/internal/tms"
)

// Audit records a change in the same transaction. before or after is nil for create/delete.
// Every change passes here with its before and after, so the webhook events it reports
// (tms.WebhookEventsOf) are queued here too, in the change's transaction.
func (tx *Tx) Audit(ctx context.Context, entity string, id any, action string, before, after any) error {
	if err := tx.queueWebhooks(ctx, tms.WebhookEventsOf(before, after)); err != nil {
		return err
	}
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	a, err := auditJSON(after)
	if err != nil {
		return err
	}
	var actorID any
	if tx.Actor.UserID != 0 {
		actorID = tx.Actor.UserID
	}
	_, err = tx.Exec(ctx, `INSERT INTO audit_log (at, actor_id, actor_email, entity, entity_id, action, before_json, after_json, request_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tx.Now, actorID, tx.Actor.Email, entity, fmt.Sprint(id), action, b, a, tx.Actor.RequestID)
	return err
}

// auditViewer is a record that hides something (a secret) from the audit log.
type auditViewer interface{ AuditView() any }

func auditJSON(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if av, ok := v.(auditViewer); ok {
		v = av.AuditView()
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	return string(b), nil
}

// ListAudit returns audit entries, newest first.
func (db *DB) ListAudit(ctx context.Context, f tms.AuditFilter) (tms.Page[tms.AuditEntry], error) {
	p := f.Page.Normalize()
	w := where{}
	w.addIf(f.Entity != "", "entity = ?", f.Entity)
	w.addIf(f.EntityID != "", "entity_id = ?", f.EntityID)
	page := tms.Page[tms.AuditEntry]{Limit: p.Limit, Offset: p.Offset, Items: []tms.AuditEntry{}}
	if err := db.count(ctx, "audit_log", w, &page.Total); err != nil {
		return page, err
	}
	rows, err := db.read.QueryContext(ctx, db.Q(`SELECT id, at, actor_id, actor_email, entity, entity_id, action,
		before_json, after_json, request_id FROM audit_log`+w.sql()+` ORDER BY id DESC LIMIT ? OFFSET ?`),
		append(w.args, p.Limit, p.Offset)...)
	if err != nil {
		return page, db.wrap(err, "list audit")
	}
	defer rows.Close()
	for rows.Next() {
		var e tms.AuditEntry
		var actor nullInt
		var before, after sql.NullString
		if err := rows.Scan(&e.ID, &e.At, &actor, &e.ActorEmail, &e.Entity, &e.EntityID, &e.Action, &before, &after, &e.RequestID); err != nil {
			return page, db.wrap(err, "scan audit")
		}
		e.At, e.ActorID = e.At.UTC(), actor.ptr()
		e.Before, e.After = rawJSON(before.String), rawJSON(after.String)
		page.Items = append(page.Items, e)
	}
	return page, db.wrap(rows.Err(), "list audit")
}

func rawJSON(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
}
