package ui_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// An admin adds a webhook (its secret shown once), a bad URL is refused on the form, a load
// change shows up as a delivery whose attempt log has the receiver's code, and Redeliver
// puts it back in the queue; a dispatcher cannot open the page.
func TestWebhookPages(t *testing.T) {
	for _, fac := range testenv.Factories(t) {
		t.Run(fac.Name, func(t *testing.T) {
			rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) }))
			defer rcv.Close()
			srv := apitest.Start(t, apitest.DefaultConfig(t), fac.Open(t))
			p := billingPage(t, srv, "admin@example.com", tms.RoleAdmin)
			p.get("/settings/webhooks").Want(http.StatusOK) // the form's CSRF token
			form := url.Values{"url": {"https://169.254.169.254/hook"}, "description": {"ERP"}, "events": {tms.WebhookLoadStatus, tms.WebhookInvoicePaid}}
			contains(t, p.post("/settings/webhooks", form).Want(http.StatusUnprocessableEntity), "metadata address")
			form.Set("url", rcv.URL+"/in")
			contains(t, p.post("/settings/webhooks", form).Want(http.StatusCreated), "shown only once", "whsec_", rcv.URL+"/in", "Enabled")
			subs, err := srv.App.Store.ListWebhooks(t.Context(), tms.PageRequest{})
			if err != nil || subs.Total != 1 {
				t.Fatalf("subscriptions = %d, %v", subs.Total, err)
			}
			sub := subs.Items[0]

			f := storetest.NewFixtures(t, srv.App.Store)
			l := f.Load(f.MondayMorning)
			ctx := tms.WithActor(t.Context(), tms.Actor{Email: "d@example.com", Role: tms.RoleDispatcher})
			must(t, srv.App.Store.CreateLoad(ctx, &l))
			_, err = srv.App.Store.UpdateLoad(ctx, l.ID, func(_ tms.LoadTx, l *tms.Load) error { l.Status = tms.StatusDispatched; return nil })
			must(t, err)
			_, err = srv.App.WebhookWorker.RunOnce(ctx)
			must(t, err)
			page := p.get(fmt.Sprintf("/settings/webhooks/%d", sub.ID)).Want(http.StatusOK)
			contains(t, page, tms.WebhookLoadStatus, "HTTP 418", "Rotate secret")
			deliveries, err := srv.App.Store.ListWebhookDeliveries(t.Context(), tms.WebhookDeliveryFilter{SubscriptionID: sub.ID})
			must(t, err)
			path := fmt.Sprintf("/settings/webhooks/deliveries/%d", deliveries.Items[0].ID)
			contains(t, p.get(path).Want(http.StatusOK), "<td>418</td>", "Redeliver", deliveries.Items[0].MessageID)
			p.post(path+"/redeliver", url.Values{}).Want(http.StatusSeeOther)

			rotated := p.post(fmt.Sprintf("/settings/webhooks/%d/rotate", sub.ID), url.Values{}).Want(http.StatusOK)
			contains(t, rotated, "New signing secret", "whsec_")
			if again, _ := srv.App.Store.Webhook(t.Context(), sub.ID); again.Secret == sub.Secret || !strings.Contains(html.UnescapeString(string(rotated.Body)), again.Secret) {
				t.Error("rotating did not show the new secret")
			}
			p.post(fmt.Sprintf("/settings/webhooks/%d", sub.ID), url.Values{"version": {"1"}, "url": {rcv.URL + "/in"}, "events": {tms.WebhookPosition}}).
				Want(http.StatusConflict)

			d := billingPage(t, srv, "dispatch@example.com", tms.RoleDispatcher)
			d.get("/settings/webhooks").Want(http.StatusForbidden)
		})
	}
}
