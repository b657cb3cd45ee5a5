package api

import (
	"reflect"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/webhooks"
)

// webhookData is the data object of each event type, for the OpenAPI webhooks section.
var webhookData = map[string]any{
	tms.WebhookLoadStatus:    tms.LoadStatusData{},
	tms.WebhookStopArrived:   tms.StopEventData{},
	tms.WebhookStopDeparted:  tms.StopEventData{},
	tms.WebhookDocumentAdded: tms.DocumentData{},
	tms.WebhookInvoiceSent:   tms.InvoiceData{},
	tms.WebhookInvoicePaid:   tms.InvoiceData{},
	tms.WebhookPosition:      tms.PositionData{},
}

// webhooksSection is the OpenAPI 3.1 webhooks object: the request a subscriber receives for
// each event, with the Standard Webhooks headers.
func (g *schemaGen) webhooksSection() map[string]any {
	out := map[string]any{}
	for _, typ := range tms.WebhookEventTypes {
		body := map[string]any{"type": "object", "required": []string{"type", "timestamp", "data"}, "properties": map[string]any{
			"type":      map[string]any{"const": typ},
			"timestamp": map[string]any{"type": "string", "format": "date-time"},
			"data":      g.schemaOf(reflect.TypeOf(webhookData[typ])),
		}}
		out[typ] = map[string]any{"post": map[string]any{
			"operationId": "webhook_" + typ,
			"summary":     "The " + typ + " event, POSTed to each enabled subscription that chose it",
			"description": "Signed as Standard Webhooks: webhook-signature is v1,<base64 HMAC-SHA256 of \"{webhook-id}.{webhook-timestamp}.{body}\"> keyed with the base64-decoded secret after whsec_. " +
				"Answer 2xx within 10 s; anything else is retried 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h later with the same webhook-id.",
			"parameters": []any{
				webhookHeader(webhooks.HeaderID, "The event's id, the same on every retry: dedupe on it"),
				webhookHeader(webhooks.HeaderTimestamp, "Unix seconds when this attempt was signed"),
				webhookHeader(webhooks.HeaderSignature, "v1,<base64 signature> (space-separated when several)"),
			},
			"requestBody": map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": body}}},
			"responses":   map[string]any{"2XX": map[string]any{"description": "Received"}},
		}}
	}
	return out
}

func webhookHeader(name, description string) map[string]any {
	return map[string]any{"name": name, "in": "header", "required": true, "description": description, "schema": map[string]any{"type": "string"}}
}
