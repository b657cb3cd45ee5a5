package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/webhooks"
)

// webhookRoutes are the admin's webhook settings: subscriptions, their deliveries and each
// delivery's attempt log with a Redeliver button.
func (u *UI) webhookRoutes() []route {
	return []route{
		{"GET /settings/webhooks", authz.Webhooks, u.webhooksPage},
		{"POST /settings/webhooks", authz.Webhooks, u.createWebhook},
		{"GET /settings/webhooks/{id}", authz.Webhooks, u.webhookPage},
		{"POST /settings/webhooks/{id}", authz.Webhooks, u.updateWebhook},
		{"POST /settings/webhooks/{id}/rotate", authz.Webhooks, u.rotateWebhookSecret},
		{"POST /settings/webhooks/{id}/delete", authz.Webhooks, u.deleteWebhook},
		{"GET /settings/webhooks/deliveries/{id}", authz.Webhooks, u.webhookDeliveryPage},
		{"POST /settings/webhooks/deliveries/{id}/redeliver", authz.Webhooks, u.redeliverWebhook},
	}
}

type webhooksData struct {
	Subscriptions []tms.WebhookSubscription
	Form          Form
	Events        []eventChoice
	Created       *tms.WebhookSubscription // its secret, shown once
}

// eventChoice is one event type's checkbox.
type eventChoice struct {
	Type    string
	Checked bool
}

type webhookData struct {
	Sub        tms.WebhookSubscription
	Form       Form
	Events     []eventChoice
	Deliveries []tms.WebhookDelivery
	Pager      Pager
	Secret     string // a rotated secret, shown once
}

type webhookDeliveryData struct {
	Delivery tms.WebhookDelivery
	Log      []tms.WebhookAttempt
}

func eventChoices(chosen []string) []eventChoice {
	out := make([]eventChoice, len(tms.WebhookEventTypes))
	for i, typ := range tms.WebhookEventTypes {
		out[i] = eventChoice{typ, slices.Contains(chosen, typ)}
	}
	return out
}

func (u *UI) webhooksPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderWebhooks(w, r, http.StatusOK, webhooksData{Form: newForm(nil)})
}

func (u *UI) renderWebhooks(w http.ResponseWriter, r *http.Request, status int, d webhooksData) error {
	list, err := u.store.ListWebhooks(r.Context(), tms.PageRequest{Limit: 100})
	if err != nil {
		return err
	}
	d.Subscriptions, d.Events = list.Items, eventChoices(d.Form.Values["events"])
	return u.render(w, r, status, viewWebhooks, "Webhooks", d)
}

// webhookInput reads the subscription form.
func webhookInput(f Form) webhooks.Input {
	enabled := f.Checked("enabled")
	version, _ := strconv.Atoi(f.Get("version"))
	return webhooks.Input{URL: f.Get("url"), Description: f.Get("description"), Events: f.Values["events"], Enabled: &enabled, Version: version}
}

func (u *UI) createWebhook(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(r)
	if err != nil {
		return err
	}
	in := webhookInput(f)
	in.Enabled = nil // a new subscription starts enabled
	sub, err := u.webhooks.Create(r.Context(), in)
	if status, ok := f.Fail(err); ok {
		return u.renderWebhooks(w, r, status, webhooksData{Form: f})
	}
	if err != nil {
		return err
	}
	return u.renderWebhooks(w, r, http.StatusCreated, webhooksData{Form: newForm(nil), Created: &sub})
}

func (u *UI) webhookPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderWebhook(w, r, http.StatusOK, Form{}, "")
}

// renderWebhook shows a subscription's form (f, or its stored values when f is empty) and
// its deliveries, newest first.
func (u *UI) renderWebhook(w http.ResponseWriter, r *http.Request, status int, f Form, secret string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	sub, err := u.store.Webhook(r.Context(), id)
	if err != nil {
		return err
	}
	if f.Values == nil {
		f = subscriptionForm(sub)
	}
	list, err := u.store.ListWebhookDeliveries(r.Context(), tms.WebhookDeliveryFilter{SubscriptionID: id, Page: page})
	if err != nil {
		return err
	}
	d := webhookData{Sub: sub, Form: f, Events: eventChoices(f.Values["events"]), Deliveries: list.Items, Secret: secret,
		Pager: newPager(&url.URL{Path: r.URL.Path, RawQuery: r.URL.RawQuery}, list.Total, list.Limit, list.Offset)}
	return u.render(w, r, status, viewWebhook, "Webhook "+sub.URL, d)
}

func subscriptionForm(sub tms.WebhookSubscription) Form {
	v := url.Values{"url": {sub.URL}, "description": {sub.Description}, "events": sub.Events, "version": {strconv.Itoa(sub.Version)}}
	if sub.Enabled {
		v.Set("enabled", "on")
	}
	return newForm(v)
}

func (u *UI) updateWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := postedForm(r)
	if err != nil {
		return err
	}
	_, err = u.webhooks.Update(r.Context(), id, webhookInput(f))
	if status, ok := f.Fail(err); ok {
		return u.renderWebhook(w, r, status, f, "")
	}
	if err != nil {
		return err
	}
	u.flash(r, "The webhook was saved.")
	http.Redirect(w, r, r.URL.Path, http.StatusSeeOther)
	return nil
}

func (u *UI) rotateWebhookSecret(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := postedForm(r); err != nil {
		return err
	}
	sub, err := u.webhooks.RotateSecret(r.Context(), id)
	if err != nil {
		return err
	}
	return u.renderWebhook(w, r, http.StatusOK, Form{}, sub.Secret)
}

func (u *UI) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := postedForm(r); err != nil {
		return err
	}
	if err := u.store.DeleteWebhook(r.Context(), id); err != nil {
		return err
	}
	u.flash(r, "The webhook was removed.")
	http.Redirect(w, r, "/settings/webhooks", http.StatusSeeOther)
	return nil
}

func (u *UI) webhookDeliveryPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, log, err := u.store.WebhookDelivery(r.Context(), id)
	if err != nil {
		return err
	}
	return u.render(w, r, http.StatusOK, viewWebhookDelivery, "Delivery "+d.MessageID, webhookDeliveryData{Delivery: d, Log: log})
}

func (u *UI) redeliverWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := postedForm(r); err != nil {
		return err
	}
	if _, err := u.store.RedeliverWebhook(r.Context(), id); err != nil {
		return err
	}
	u.flash(r, "The event will be sent again in a few seconds.")
	http.Redirect(w, r, "/settings/webhooks/deliveries/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
