package storetest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
)

func testWebhooks(t *testing.T, newStore NewStore) {
	t.Run("QueuedWithTheChange", func(t *testing.T) { testWebhooksWithChange(t, newStore(t)) })
	t.Run("FailuresDisable", func(t *testing.T) { testWebhooksAutoDisable(t, newStore(t)) })
	t.Run("Redeliver", func(t *testing.T) { testWebhooksRedeliver(t, newStore(t)) })
	t.Run("PositionThrottle", func(t *testing.T) { testWebhooksPositions(t, newStore(t)) })
	t.Run("SecretHiddenFromAudit", func(t *testing.T) { testWebhooksAudit(t, newStore(t)) })
}

func newSubscription(t *testing.T, s tms.Store, enabled bool, events ...string) tms.WebhookSubscription {
	t.Helper()
	sub := tms.WebhookSubscription{URL: "https://hooks.example.com/tms", Events: events, Enabled: enabled,
		Secret: tms.WebhookSecretPrefix + "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"}
	must(t, s.CreateWebhook(ctxAs(0), &sub))
	return sub
}

func deliveriesOf(t *testing.T, s tms.Store, subID int64) []tms.WebhookDelivery {
	t.Helper()
	page, err := s.ListWebhookDeliveries(ctxAs(0), tms.WebhookDeliveryFilter{SubscriptionID: subID})
	must(t, err)
	return page.Items
}

// testWebhooksWithChange: a load's status change and arrival, and a document, queue their
// events with the change, for the enabled subscriptions that want them; a refused change
// queues nothing.
func testWebhooksWithChange(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	wants := newSubscription(t, s, true, tms.WebhookLoadStatus, tms.WebhookStopArrived, tms.WebhookDocumentAdded)
	off := newSubscription(t, s, false, tms.WebhookLoadStatus)
	invoicesOnly := newSubscription(t, s, true, tms.WebhookInvoiceSent)
	l := f.Load(f.MondayMorning)
	l.Notes = "internal: call before noon"
	must(t, s.CreateLoad(ctx, &l))
	_, err := s.UpdateLoad(ctx, l.ID, func(_ tms.LoadTx, l *tms.Load) error {
		l.Status = tms.StatusDispatched
		return tms.Errorf(tms.CodeConflict, "refused")
	})
	wantCode(t, err, tms.CodeConflict)
	if got := deliveriesOf(t, s, wants.ID); len(got) != 0 {
		t.Fatalf("a refused change queued %d deliveries", len(got))
	}
	arrived := f.MondayMorning.Add(10 * time.Minute)
	_, err = s.UpdateLoad(ctx, l.ID, func(_ tms.LoadTx, l *tms.Load) error {
		l.Status, l.Stops[0].ArrivedAt = tms.StatusDispatched, &arrived
		return nil
	})
	must(t, err)
	mustCreateDocument(t, s, 0, doc(tms.Owner{Kind: tms.OwnerLoad, ID: l.ID}, tms.DocPOD, "pod-key"))
	got := deliveriesOf(t, s, wants.ID)
	types := []string{}
	for _, d := range got {
		types = append(types, d.EventType)
	}
	slices.Sort(types)
	if want := []string{tms.WebhookDocumentAdded, tms.WebhookLoadStatus, tms.WebhookStopArrived}; !slices.Equal(types, want) {
		t.Fatalf("queued %v, want %v", types, want)
	}
	if n := len(deliveriesOf(t, s, off.ID)) + len(deliveriesOf(t, s, invoicesOnly.ID)); n != 0 {
		t.Errorf("a disabled or uninterested subscription got %d deliveries", n)
	}
	checkStatusPayload(t, s, got, l)
}

// checkStatusPayload reads the status event as the receiver gets it: type, timestamp, the
// load's number and statuses, and nothing of its notes or money.
func checkStatusPayload(t *testing.T, s tms.Store, got []tms.WebhookDelivery, l tms.Load) {
	t.Helper()
	held, err := s.ClaimWebhookDeliveries(ctxAs(0), "w", 10, time.Minute)
	must(t, err)
	i := slices.IndexFunc(held, func(h tms.WebhookSend) bool { return h.Event.Type == tms.WebhookLoadStatus })
	if len(held) != len(got) || i < 0 {
		t.Fatalf("claimed %d of %d deliveries, status event at %d", len(held), len(got), i)
	}
	var body struct {
		Type      string             `json:"type"`
		Timestamp time.Time          `json:"timestamp"`
		Data      tms.LoadStatusData `json:"data"`
	}
	must(t, json.Unmarshal([]byte(held[i].Event.Payload), &body))
	want := tms.LoadStatusData{LoadID: l.ID, LoadNumber: l.Number, CustomerID: l.CustomerID, Status: tms.StatusDispatched, PreviousStatus: l.Status}
	if body.Type != tms.WebhookLoadStatus || body.Timestamp.IsZero() || body.Data != want {
		t.Errorf("payload = %+v, want data %+v", body, want)
	}
	if strings.Contains(held[i].Event.Payload, "internal") || strings.Contains(held[i].Event.Payload, "cents") {
		t.Errorf("payload leaks notes or money: %s", held[i].Event.Payload)
	}
	if !strings.HasPrefix(held[i].Event.MessageID, "msg_") || held[i].URL != "https://hooks.example.com/tms" || held[i].Secret == "" {
		t.Errorf("claimed send = %+v", held[i])
	}
}

// subscribedLoad is a subscription to load status changes and a new load to change.
func subscribedLoad(t *testing.T, s tms.Store) (tms.WebhookSubscription, tms.Load) {
	t.Helper()
	f := NewFixtures(t, s)
	sub := newSubscription(t, s, true, tms.WebhookLoadStatus)
	l := f.Load(f.MondayMorning)
	must(t, s.CreateLoad(ctxAs(0), &l))
	return sub, l
}

// statusChange moves the load to the next status, queueing one load.status_changed.
func statusChange(t *testing.T, s tms.Store, loadID int64, to tms.LoadStatus) {
	t.Helper()
	_, err := s.UpdateLoad(ctxAs(0), loadID, func(_ tms.LoadTx, l *tms.Load) error { l.Status = to; return nil })
	must(t, err)
}

// testWebhooksAutoDisable: WebhookDisableAfter deliveries failing for good in a row disable
// the subscription with a reason, and a disabled subscription's deliveries are not claimed.
func testWebhooksAutoDisable(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	sub, l := subscribedLoad(t, s)
	statuses := []tms.LoadStatus{tms.StatusDispatched, tms.StatusBooked}
	for i := range tms.WebhookDisableAfter {
		statusChange(t, s, l.ID, statuses[i%2])
		held, err := s.ClaimWebhookDeliveries(ctx, "w", 10, time.Minute)
		if err != nil || len(held) != 1 {
			t.Fatalf("claim %d = %d, %v", i, len(held), err)
		}
		d, err := s.FinishWebhookDelivery(ctx, held[0].Delivery.ID, "w", tms.WebhookOutcome{Attempt: tms.WebhookAttempt{StatusCode: 500, Response: "down"}})
		if err != nil || d.Status != tms.DeliveryFailed || d.LastStatusCode != 500 {
			t.Fatalf("finish %d = %+v, %v", i, d, err)
		}
	}
	got, err := s.Webhook(ctx, sub.ID)
	must(t, err)
	if got.Enabled || got.FailedInARow != tms.WebhookDisableAfter || !strings.Contains(got.DisabledReason, "HTTP 500") {
		t.Fatalf("after %d failures: enabled %v, failed %d, reason %q", tms.WebhookDisableAfter, got.Enabled, got.FailedInARow, got.DisabledReason)
	}
	statusChange(t, s, l.ID, tms.StatusDispatched)
	if held, err := s.ClaimWebhookDeliveries(ctx, "w", 10, time.Minute); err != nil || len(held) != 0 {
		t.Errorf("a disabled subscription's delivery was claimed: %d, %v", len(held), err)
	}
	if _, err := s.FinishWebhookDelivery(ctx, deliveriesOf(t, s, sub.ID)[0].ID, "w", tms.WebhookOutcome{}); tms.ErrorCode(err) != tms.CodeConflict {
		t.Errorf("finishing a delivery never claimed = %v, want conflict", err)
	}
	_, err = s.RedeliverWebhook(ctx, deliveriesOf(t, s, sub.ID)[1].ID)
	wantCode(t, err, tms.CodeConflict) // enable it first
}

// testWebhooksRedeliver: a failed delivery redelivered is due now, claimed again with the
// same message id, and its log keeps every attempt; a success resets the failure count.
func testWebhooksRedeliver(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	sub, l := subscribedLoad(t, s)
	statusChange(t, s, l.ID, tms.StatusDispatched)
	held, err := s.ClaimWebhookDeliveries(ctx, "w", 10, time.Minute)
	must(t, err)
	id, msg := held[0].Delivery.ID, held[0].Event.MessageID
	if again, _ := s.ClaimWebhookDeliveries(ctx, "other", 10, time.Minute); len(again) != 0 {
		t.Fatalf("a leased delivery was claimed twice")
	}
	_, err = s.RedeliverWebhook(ctx, id)
	wantCode(t, err, tms.CodeConflict) // being sent right now
	_, err = s.FinishWebhookDelivery(ctx, id, "w", tms.WebhookOutcome{Attempt: tms.WebhookAttempt{Error: "connection refused", DurationMS: 3}})
	must(t, err)
	if got, _ := s.Webhook(ctx, sub.ID); got.FailedInARow != 1 {
		t.Fatalf("failed in a row = %d, want 1", got.FailedInARow)
	}
	d, err := s.RedeliverWebhook(ctx, id)
	if err != nil || d.Status != tms.DeliveryPending || d.Attempts != 0 {
		t.Fatalf("redeliver = %+v, %v", d, err)
	}
	held, err = s.ClaimWebhookDeliveries(ctx, "w2", 10, time.Minute)
	if err != nil || len(held) != 1 || held[0].Event.MessageID != msg {
		t.Fatalf("claim after redeliver = %+v, %v; want the same message %s", held, err, msg)
	}
	_, err = s.FinishWebhookDelivery(ctx, id, "w2", tms.WebhookOutcome{Delivered: true, Attempt: tms.WebhookAttempt{StatusCode: 204}})
	must(t, err)
	d, log, err := s.WebhookDelivery(ctx, id)
	must(t, err)
	if d.Status != tms.DeliveryDelivered || d.DeliveredAt == nil || len(log) != 2 || log[0].Error != "connection refused" || log[1].StatusCode != 204 || log[1].Instance != "w2" {
		t.Errorf("delivery %+v, log %+v", d, log)
	}
	if got, _ := s.Webhook(ctx, sub.ID); got.FailedInARow != 0 {
		t.Errorf("a success left failed in a row at %d", got.FailedInARow)
	}
}

// testWebhooksPositions: at most one position event per truck per interval, and only for a
// newer fix; each truck on its own.
func testWebhooksPositions(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	other := tms.Truck{UnitNumber: "T-102", Year: 2021}
	must(t, s.CreateTruck(ctx, &other))
	t0 := f.MondayMorning
	fixOf := func(truck int64, at time.Time) tms.Position {
		return tms.Position{TruckID: &truck, FixTime: at, Lat: 32.7, Lon: -96.8}
	}
	if n, err := s.QueuePositionEvents(ctx, []tms.Position{fixOf(f.Truck.ID, t0.Add(-time.Hour))}, time.Hour); n != 0 || err != nil {
		t.Fatalf("without a position subscription: queued %d, %v", n, err)
	}
	sub := newSubscription(t, s, true, tms.WebhookPosition)
	steps := []struct {
		name  string
		fixes []tms.Position
		every time.Duration
		want  int
	}{
		{"first fix", []tms.Position{fixOf(f.Truck.ID, t0)}, time.Hour, 1},
		{"newer fix inside the interval", []tms.Position{fixOf(f.Truck.ID, t0.Add(time.Minute))}, time.Hour, 0},
		{"another truck", []tms.Position{fixOf(other.ID, t0), fixOf(f.Truck.ID, t0.Add(2*time.Minute))}, time.Hour, 1},
		{"interval over, newer fix", []tms.Position{fixOf(f.Truck.ID, t0.Add(3*time.Minute))}, time.Nanosecond, 1},
		{"interval over, same fix", []tms.Position{fixOf(f.Truck.ID, t0.Add(3*time.Minute))}, time.Nanosecond, 0},
		{"no truck", []tms.Position{{FixTime: t0.Add(time.Hour)}}, time.Nanosecond, 0},
	}
	total := 0
	for _, st := range steps {
		time.Sleep(time.Millisecond) // the stores' clocks move on between passes
		n, err := s.QueuePositionEvents(ctx, st.fixes, st.every)
		if err != nil || n != st.want {
			t.Fatalf("%s: queued %d, %v; want %d", st.name, n, err, st.want)
		}
		total += n
	}
	if got := deliveriesOf(t, s, sub.ID); len(got) != total {
		t.Errorf("deliveries = %d, want %d", len(got), total)
	}
}

// testWebhooksAudit: the audit log never holds a subscription's secret.
func testWebhooksAudit(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	sub := newSubscription(t, s, true, tms.WebhookInvoicePaid)
	_, err := s.UpdateWebhook(ctx, sub.ID, func(w *tms.WebhookSubscription) error { w.Description = "ERP"; return nil })
	must(t, err)
	must(t, s.DeleteWebhook(ctx, sub.ID))
	page, err := s.ListAudit(ctx, tms.AuditFilter{Entity: "webhook"})
	must(t, err)
	if len(page.Items) != 3 {
		t.Fatalf("audit entries = %d, want create, update, delete", len(page.Items))
	}
	for _, e := range page.Items {
		if strings.Contains(string(e.Before)+string(e.After), sub.Secret) {
			t.Errorf("audit %s holds the secret", e.Action)
		}
	}
	_, err = s.Webhook(ctx, sub.ID)
	wantCode(t, err, tms.CodeNotFound)
}
