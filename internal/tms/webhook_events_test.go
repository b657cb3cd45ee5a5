package tms

import (
	"slices"
	"testing"
	"time"
)

func eventTypes(ps []WebhookPayload) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Type)
	}
	return out
}

func TestWebhookEventsOf(t *testing.T) {
	at := time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC)
	load := Load{Meta: Meta{ID: 7}, Number: "L-7", Status: StatusDispatched, Notes: "secret note", Stops: []Stop{{ID: 1}, {ID: 2}}}
	moving := load
	moving.Status, moving.Stops = StatusInTransit, []Stop{{ID: 1, ArrivedAt: &at, DepartedAt: &at}, {ID: 2}}
	sent := Invoice{Meta: Meta{ID: 3}, Status: InvoiceSent, TotalCents: 1000}
	partly, paid := sent, sent
	partly.Status, partly.PaidCents = InvoicePartiallyPaid, 400
	paid.Status, paid.PaidCents = InvoicePaid, 1000
	draft := sent
	draft.Status = InvoiceDraft
	pending := Document{ID: 5, Status: DocumentPending}
	active := pending
	active.Status = DocumentActive
	tests := []struct {
		name          string
		before, after any
		want          []string
	}{
		{"load created", nil, &load, []string{}},
		{"load edited", &load, &load, []string{}},
		{"load moving", &load, &moving, []string{WebhookLoadStatus, WebhookStopArrived, WebhookStopDeparted}},
		{"invoice sent", &draft, &sent, []string{WebhookInvoiceSent}},
		{"invoice partly paid", &sent, &partly, []string{}},
		{"invoice paid", &partly, &paid, []string{WebhookInvoicePaid}},
		{"direct upload pending", nil, &pending, []string{}},
		{"direct upload confirmed", &pending, &active, []string{WebhookDocumentAdded}},
		{"document filed", nil, &active, []string{WebhookDocumentAdded}},
		{"document deleted", &active, &Document{ID: 5, Status: DocumentDeleted}, []string{}},
		{"something else", nil, &Customer{}, []string{}},
	}
	for _, tt := range tests {
		if got := eventTypes(WebhookEventsOf(tt.before, tt.after)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: events %v, want %v", tt.name, got, tt.want)
		}
	}
}
