package sqlstore

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/anditms/tms/internal/tms"
)

var webhookSubscriptions = &table[tms.WebhookSubscription, *tms.WebhookSubscription]{
	name: "webhook_subscriptions", entity: "webhook",
	cols: []string{"url", "description", "events", "secret", "enabled", "disabled_reason", "failed_in_a_row"},
	fields: func(s *tms.WebhookSubscription) []any {
		return []any{&s.URL, &s.Description, JSON(&s.Events), &s.Secret, &s.Enabled, &s.DisabledReason, &s.FailedInARow}
	},
	sorts: map[string]string{"id": "id", "url": "url"},
}

var webhookDeliveries = &table[tms.WebhookDelivery, *tms.WebhookDelivery]{
	name: "webhook_deliveries", entity: "webhook delivery",
	cols: []string{"event_id", "subscription_id", "message_id", "event_type", "status", "attempts", "next_attempt_at",
		"lease_owner", "lease_until", "last_status_code", "last_error", "delivered_at"},
	fields: func(d *tms.WebhookDelivery) []any {
		return []any{&d.EventID, &d.SubscriptionID, &d.MessageID, &d.EventType, &d.Status, &d.Attempts, &d.NextAttemptAt,
			&d.LeaseOwner, &d.LeaseUntil, &d.LastStatusCode, &d.LastError, &d.DeliveredAt}
	},
	sorts: map[string]string{"id": "id", "created_at": "created_at", "status": "status"},
}

// CreateWebhook stores a new subscription.
func (db *DB) CreateWebhook(ctx context.Context, s *tms.WebhookSubscription) error {
	return webhookSubscriptions.create(ctx, db, s)
}

// Webhook returns one subscription.
func (db *DB) Webhook(ctx context.Context, id int64) (tms.WebhookSubscription, error) {
	return webhookSubscriptions.get(ctx, db, id)
}

// ListWebhooks lists the subscriptions, oldest first.
func (db *DB) ListWebhooks(ctx context.Context, p tms.PageRequest) (tms.Page[tms.WebhookSubscription], error) {
	return webhookSubscriptions.page(ctx, db, where{}, p, "id")
}

// UpdateWebhook changes a subscription through fn.
func (db *DB) UpdateWebhook(ctx context.Context, id int64, fn func(*tms.WebhookSubscription) error) (tms.WebhookSubscription, error) {
	return webhookSubscriptions.update(ctx, db, id, fn)
}

// DeleteWebhook removes a subscription; its deliveries and their logs go with it (ON DELETE CASCADE).
func (db *DB) DeleteWebhook(ctx context.Context, id int64) error {
	return db.InTx(ctx, func(tx *Tx) error {
		before, err := webhookSubscriptions.getTx(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE subscription_id = ?)`,
			`DELETE FROM webhook_deliveries WHERE subscription_id = ?`,
			`DELETE FROM webhook_subscriptions WHERE id = ?`,
		} {
			if _, err := tx.Exec(ctx, q, id); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, "webhook", id, "delete", &before, nil)
	})
}

// ListWebhookDeliveries lists deliveries newest first.
func (db *DB) ListWebhookDeliveries(ctx context.Context, f tms.WebhookDeliveryFilter) (tms.Page[tms.WebhookDelivery], error) {
	w := where{}
	w.addIf(f.SubscriptionID != 0, "subscription_id = ?", f.SubscriptionID)
	w.addIf(f.Status != "", "status = ?", f.Status)
	return webhookDeliveries.page(ctx, db, w, f.Page, "-id")
}

// WebhookDelivery returns a delivery with its attempt log.
func (db *DB) WebhookDelivery(ctx context.Context, id int64) (tms.WebhookDelivery, []tms.WebhookAttempt, error) {
	d, err := webhookDeliveries.get(ctx, db, id)
	if err != nil {
		return d, nil, err
	}
	rows, err := db.read.QueryContext(ctx, db.Q(`SELECT id, delivery_id, at, instance, status_code, response, error, duration_ms
		FROM webhook_attempts WHERE delivery_id = ? ORDER BY id`), id)
	if err != nil {
		return d, nil, db.wrap(err, "webhook attempts")
	}
	defer rows.Close()
	log := []tms.WebhookAttempt{}
	for rows.Next() {
		var a tms.WebhookAttempt
		if err := rows.Scan(&a.ID, &a.DeliveryID, &a.At, &a.Instance, &a.StatusCode, &a.Response, &a.Error, &a.DurationMS); err != nil {
			return d, nil, db.wrap(err, "scan webhook attempt")
		}
		a.At = a.At.UTC()
		log = append(log, a)
	}
	return d, log, db.wrap(rows.Err(), "webhook attempts")
}

// queueWebhooks writes the events a change reports and one delivery per enabled subscription
// that wants each, in the change's transaction: the events commit with it or not at all.
func (tx *Tx) queueWebhooks(ctx context.Context, events []tms.WebhookPayload) error {
	if len(events) == 0 {
		return nil
	}
	subs, err := tx.enabledWebhooks(ctx)
	if err != nil {
		return err
	}
	for _, e := range events {
		if err := tx.queueWebhook(ctx, e, subs); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) enabledWebhooks(ctx context.Context) ([]tms.WebhookSubscription, error) {
	return webhookSubscriptions.allIn(ctx, tx, where{conds: []string{"enabled = ?"}, args: []any{true}}, " ORDER BY id")
}

// queueWebhook stores one event and its deliveries; an event no subscription wants is not kept.
func (tx *Tx) queueWebhook(ctx context.Context, e tms.WebhookPayload, subs []tms.WebhookSubscription) error {
	var wanting []tms.WebhookSubscription
	for _, s := range subs {
		if s.Wants(e.Type) {
			wanting = append(wanting, s)
		}
	}
	if len(wanting) == 0 {
		return nil
	}
	e.Timestamp = tx.Now
	body, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("webhook payload: %w", err)
	}
	ev := tms.WebhookEvent{MessageID: "msg_" + rand.Text(), Type: e.Type, Payload: string(body), At: tx.Now}
	if ev.ID, err = tx.InsertID(ctx, `INSERT INTO webhook_events (message_id, type, payload, at) VALUES (?, ?, ?, ?)`,
		ev.MessageID, ev.Type, ev.Payload, ev.At); err != nil {
		return err
	}
	for _, s := range wanting {
		d := tms.WebhookDelivery{EventID: ev.ID, SubscriptionID: s.ID, MessageID: ev.MessageID, EventType: ev.Type,
			Status: tms.DeliveryPending, NextAttemptAt: tx.Now}
		if err := webhookDeliveries.insertRow(ctx, tx, &d); err != nil {
			return err
		}
	}
	return nil
}

// ClaimWebhookDeliveries leases due deliveries of enabled subscriptions with their events.
func (db *DB) ClaimWebhookDeliveries(ctx context.Context, owner string, limit int, lease time.Duration) ([]tms.WebhookSend, error) {
	var out []tms.WebhookSend
	err := db.InTx(ctx, func(tx *Tx) error {
		enabled := where{conds: []string{"subscription_id IN (SELECT id FROM webhook_subscriptions WHERE enabled = ?)"}, args: []any{true}}
		due, until, err := webhookDeliveries.claimDue(ctx, tx, enabled, limit, owner, lease)
		if err != nil {
			return err
		}
		for _, d := range due {
			d.LeaseOwner, d.LeaseUntil = owner, &until
			send, err := tx.webhookSend(ctx, d)
			if err != nil {
				return err
			}
			out = append(out, send)
		}
		return nil
	})
	return out, err
}

// webhookSend reads what posting a delivery takes: its event and its subscription's address and secret.
func (tx *Tx) webhookSend(ctx context.Context, d tms.WebhookDelivery) (tms.WebhookSend, error) {
	s := tms.WebhookSend{Delivery: d}
	err := tx.QueryRow(ctx, `SELECT e.id, e.message_id, e.type, e.payload, e.at, s.url, s.secret
		FROM webhook_events e, webhook_subscriptions s WHERE e.id = ? AND s.id = ?`, d.EventID, d.SubscriptionID).
		Scan(&s.Event.ID, &s.Event.MessageID, &s.Event.Type, &s.Event.Payload, &s.Event.At, &s.URL, &s.Secret)
	s.Event.At = s.Event.At.UTC()
	return s, tx.db.wrap(err, "webhook send")
}

// FinishWebhookDelivery records owner's attempt and moves the delivery and its subscription on.
func (db *DB) FinishWebhookDelivery(ctx context.Context, id int64, owner string, o tms.WebhookOutcome) (tms.WebhookDelivery, error) {
	var out tms.WebhookDelivery
	err := db.InTx(ctx, func(tx *Tx) error {
		before, err := webhookDeliveries.getTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.LeaseOwner != owner || before.Status != tms.DeliveryPending {
			return tms.Errorf(tms.CodeConflict, "webhook delivery %d is no longer leased to %s", id, owner)
		}
		out = deliveryAfter(before, o, tx.Now)
		if err := webhookDeliveries.write(ctx, tx, &before, &out); err != nil {
			return err
		}
		if err := tx.logWebhookAttempt(ctx, id, owner, o.Attempt); err != nil {
			return err
		}
		return tx.countDeliveryOutcome(ctx, out)
	})
	return out, err
}

// deliveryAfter is a delivery after an attempt: delivered, due again at RetryAt, or failed.
func deliveryAfter(d tms.WebhookDelivery, o tms.WebhookOutcome, now time.Time) tms.WebhookDelivery {
	d.Attempts++
	d.LeaseOwner, d.LeaseUntil = "", nil
	d.LastStatusCode, d.LastError = o.Attempt.StatusCode, o.Attempt.Error
	switch {
	case o.Delivered:
		d.Status, d.DeliveredAt = tms.DeliveryDelivered, &now
	case o.RetryAt.IsZero():
		d.Status = tms.DeliveryFailed
	default:
		d.NextAttemptAt = UTC(o.RetryAt)
	}
	return d
}

func (tx *Tx) logWebhookAttempt(ctx context.Context, deliveryID int64, owner string, a tms.WebhookAttempt) error {
	_, err := tx.Exec(ctx, `INSERT INTO webhook_attempts (delivery_id, at, instance, status_code, response, error, duration_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, deliveryID, tx.Now, owner, a.StatusCode, truncate(a.Response, 1024), truncate(a.Error, 1024), a.DurationMS)
	return err
}

// countDeliveryOutcome resets the subscription's failure count on a success and counts a
// final failure, disabling the subscription at tms.WebhookDisableAfter failures in a row.
func (tx *Tx) countDeliveryOutcome(ctx context.Context, d tms.WebhookDelivery) error {
	if d.Status == tms.DeliveryPending {
		return nil
	}
	before, err := webhookSubscriptions.getTx(ctx, tx, d.SubscriptionID)
	if err != nil {
		return err
	}
	after := before
	if d.Status == tms.DeliveryDelivered {
		after.FailedInARow = 0
	} else {
		after.FailedInARow++
	}
	if after.FailedInARow >= tms.WebhookDisableAfter && after.Enabled {
		after.Enabled = false
		after.DisabledReason = fmt.Sprintf("disabled automatically on %s: %d deliveries in a row failed after every retry (last: %s)",
			tx.Now.Format(time.RFC3339), after.FailedInARow, lastAnswer(d))
	}
	if after.FailedInARow == before.FailedInARow {
		return nil // a success after a success: nothing to record
	}
	if err := webhookSubscriptions.write(ctx, tx, &before, &after); err != nil {
		return err
	}
	return tx.Audit(ctx, "webhook", before.ID, "delivery outcome", &before, &after)
}

// lastAnswer describes a delivery's last attempt: the status code or the error.
func lastAnswer(d tms.WebhookDelivery) string {
	if d.LastStatusCode != 0 {
		return fmt.Sprintf("HTTP %d", d.LastStatusCode)
	}
	return d.LastError
}

// RedeliverWebhook makes a delivery pending and due now, with a fresh retry schedule.
func (db *DB) RedeliverWebhook(ctx context.Context, id int64) (tms.WebhookDelivery, error) {
	return webhookDeliveries.update(ctx, db, id, func(d *tms.WebhookDelivery) error {
		sub, err := db.Webhook(ctx, d.SubscriptionID)
		if err != nil {
			return err
		}
		if !sub.Enabled {
			return tms.Errorf(tms.CodeConflict, "the webhook is disabled: enable it, then redeliver")
		}
		if d.Status == tms.DeliveryPending && d.LeaseUntil != nil && d.LeaseUntil.After(db.now()) {
			return tms.Errorf(tms.CodeConflict, "webhook delivery %d is being sent right now", id)
		}
		d.Status, d.Attempts, d.NextAttemptAt, d.DeliveredAt = tms.DeliveryPending, 0, db.now().UTC(), nil
		return nil
	})
}

// QueuePositionEvents queues one position event per truck whose last one is at least every
// old: the throttle row and the event commit together, and the conditional upsert lets only
// one of two instances running the job at once win a truck. Without a subscription to
// position events it writes nothing.
func (db *DB) QueuePositionEvents(ctx context.Context, fixes []tms.Position, every time.Duration) (int, error) {
	queued := 0
	err := db.InTx(ctx, func(tx *Tx) error {
		queued = 0
		subs, err := tx.enabledWebhooks(ctx)
		if err != nil || !slices.ContainsFunc(subs, func(s tms.WebhookSubscription) bool { return s.Wants(tms.WebhookPosition) }) {
			return err
		}
		for _, p := range fixes {
			if p.TruckID == nil {
				continue
			}
			won, err := tx.markPositionSent(ctx, *p.TruckID, UTC(p.FixTime), every)
			if err != nil {
				return err
			}
			if !won {
				continue
			}
			if err := tx.queueWebhook(ctx, tms.PositionEvent(*p.TruckID, p), subs); err != nil {
				return err
			}
			queued++
		}
		return nil
	})
	return queued, err
}

// markPositionSent claims the truck's next position event: it wins when the truck has none
// yet, or the last was sent at least every ago for an older fix.
func (tx *Tx) markPositionSent(ctx context.Context, truckID int64, fix time.Time, every time.Duration) (bool, error) {
	res, err := tx.Exec(ctx, `INSERT INTO webhook_truck_positions (truck_id, sent_at, fix_time) VALUES (?, ?, ?)
		ON CONFLICT (truck_id) DO UPDATE SET sent_at = excluded.sent_at, fix_time = excluded.fix_time
		WHERE webhook_truck_positions.sent_at <= ? AND webhook_truck_positions.fix_time < excluded.fix_time`,
		truckID, tx.Now, fix, tx.Now.Add(-every))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
