package api

import (
	"net/http"
	"slices"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
	"github.com/anditms/tms/internal/webhooks"
)

func (a *API) webhookRoutes() []Route {
	return []Route{
		{"GET /api/v1/webhooks", authz.Webhooks, a.listWebhooks, Doc{Summary: "Webhook subscriptions (secrets not shown)", Tag: "webhooks", Out: tms.Page[tms.WebhookSubscription]{}, Query: pageParams}},
		{"POST /api/v1/webhooks", authz.Webhooks, a.createWebhook, Doc{Summary: "Subscribe an https endpoint to events; the generated secret is shown once", Tag: "webhooks",
			In: webhooks.Input{}, Out: tms.WebhookSubscription{}, Status: http.StatusCreated, Description: webhookURLRule}},
		{"GET /api/v1/webhooks/{id}", authz.Webhooks, a.getWebhook, Doc{Summary: "One subscription (secret not shown)", Tag: "webhooks", Out: tms.WebhookSubscription{}}},
		{"PUT /api/v1/webhooks/{id}", authz.Webhooks, a.updateWebhook, Doc{Summary: "Change a subscription's URL, events, description or enabled flag (send its version or If-Match); enabling clears the failure count",
			Tag: "webhooks", In: webhooks.Input{}, Out: tms.WebhookSubscription{}, Description: webhookURLRule}},
		{"DELETE /api/v1/webhooks/{id}", authz.Webhooks, a.deleteWebhook, Doc{Summary: "Remove a subscription with its deliveries", Tag: "webhooks", Status: http.StatusNoContent}},
		{"POST /api/v1/webhooks/{id}/rotate-secret", authz.Webhooks, a.rotateWebhookSecret, Doc{Summary: "Replace the signing secret; the new one is shown once", Tag: "webhooks", Out: tms.WebhookSubscription{}}},
		{"GET /api/v1/webhooks/{id}/deliveries", authz.Webhooks, a.listWebhookDeliveries, Doc{Summary: "A subscription's deliveries, newest first", Tag: "webhooks",
			Out: tms.Page[tms.WebhookDelivery]{}, Query: append([]string{"status"}, pageParams...)}},
		{"GET /api/v1/webhook-deliveries/{id}", authz.Webhooks, a.getWebhookDelivery, Doc{Summary: "One delivery with its attempt log (time, status code, first KiB of the answer, error, duration)", Tag: "webhooks", Out: deliveryView{}}},
		{"POST /api/v1/webhook-deliveries/{id}/redeliver", authz.Webhooks, a.redeliverWebhook, Doc{Summary: "Send a delivery again now (same webhook-id), with a fresh retry schedule", Tag: "webhooks", Out: tms.WebhookDelivery{}}},
	}
}

const webhookURLRule = "The URL must be https and must not resolve to a link-local or metadata address (169.254.0.0/16, fe80::/10, fd00:ec2::254); " +
	"plain http and loopback or private addresses are accepted only when WEBHOOK_ALLOW_PRIVATE_URLS is on (the default in embedded mode)."

// deliveryView is a delivery with its attempt log.
type deliveryView struct {
	tms.WebhookDelivery
	Attempts []tms.WebhookAttempt `json:"attempt_log"`
}

func (a *API) listWebhooks(w http.ResponseWriter, r *http.Request) error {
	p, err := pageRequest(r)
	if err != nil {
		return err
	}
	page, err := a.Store.ListWebhooks(r.Context(), p)
	if err != nil {
		return err
	}
	for i := range page.Items {
		page.Items[i].Secret = ""
	}
	return web.WriteJSON(w, http.StatusOK, page)
}

func (a *API) createWebhook(w http.ResponseWriter, r *http.Request) error {
	var in webhooks.Input
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	sub, err := a.Webhooks.Create(r.Context(), in)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, sub)
}

func (a *API) getWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sub, err := a.Store.Webhook(r.Context(), id)
	sub.Secret = ""
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, sub)
}

func (a *API) updateWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in webhooks.Input
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version, err = requireVersion(r, in.Version); err != nil {
		return err
	}
	sub, err := a.Webhooks.Update(r.Context(), id, in)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, sub)
}

func (a *API) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.Store.DeleteWebhook(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) rotateWebhookSecret(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sub, err := a.Webhooks.RotateSecret(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, sub)
}

var deliveryStatuses = []string{tms.DeliveryPending, tms.DeliveryDelivered, tms.DeliveryFailed}

func (a *API) listWebhookDeliveries(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := pageRequest(r)
	if err != nil {
		return err
	}
	status := r.URL.Query().Get("status")
	if status != "" && !slices.Contains(deliveryStatuses, status) {
		return tms.Validation{"status": "must be pending, delivered or failed"}.Err()
	}
	if _, err := a.Store.Webhook(r.Context(), id); err != nil {
		return err
	}
	page, err := a.Store.ListWebhookDeliveries(r.Context(), tms.WebhookDeliveryFilter{SubscriptionID: id, Status: status, Page: p})
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, page)
}

func (a *API) getWebhookDelivery(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, log, err := a.Store.WebhookDelivery(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, deliveryView{WebhookDelivery: d, Attempts: log})
}

func (a *API) redeliverWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := a.Store.RedeliverWebhook(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, d)
}
