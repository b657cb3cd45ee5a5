package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/tms"
)

// Contacts with roles and notification choices go through the customer resource; the
// statement of account is queued to the AP contacts; the outbox is listed, read and retried
// by billing; bad input is 4xx and changes nothing.
func TestMailRoutes(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		path := fmt.Sprintf("/api/v1/customers/%d", e.f.Customer.ID)
		var c tms.Customer
		e.dispatcher.Do("GET", path, nil).Want(http.StatusOK).JSON(&c)
		c.Contacts = []tms.Contact{{Name: "Pat", Email: "not-an-address", Roles: []string{tms.ContactAP}}}
		problem := e.dispatcher.Do("PUT", path, c).Want(http.StatusBadRequest).Problem()
		if !strings.Contains(fmt.Sprint(problem), "contacts") {
			t.Errorf("problem = %v; want the contacts field named", problem)
		}
		statement := path + "/statement-email"
		today := map[string]any{"as_of": time.Now().Format(time.DateOnly)}
		e.billing.Do("POST", statement, today).Want(http.StatusConflict) // no AP contact yet

		c.Contacts[0].Email = "pat@shipper.example"
		c.Notifications = tms.Notifications{Delivered: true, PODWithInvoice: true}
		e.dispatcher.Do("PUT", path, c).Want(http.StatusOK).JSON(&c)
		if !c.Notifications.Delivered || c.Contacts[0].Roles[0] != tms.ContactAP {
			t.Fatalf("customer after PUT = %+v", c)
		}
		e.billing.Do("POST", statement, today).Want(http.StatusConflict) // nothing open

		l := e.delivered(t, 0)
		e.uploadPOD(t, l)
		ctx := tms.WithActor(context.Background(), tms.Actor{Email: "b@example.com", Role: tms.RoleBilling})
		inv, err := e.srv.App.Billing.CreateInvoice(ctx, billing.InvoiceInput{LoadIDs: []int64{l.ID}})
		if err != nil {
			t.Fatal(err)
		}
		e.billing.Do("POST", fmt.Sprintf("/api/v1/invoices/%d/send", inv.ID), map[string]any{"version": inv.Version}).Want(http.StatusOK)

		e.billing.Do("POST", statement, map[string]any{"as_of": "yesterday"}).Want(http.StatusBadRequest)
		e.dispatcher.Do("POST", statement, today).Want(http.StatusForbidden)
		var queued tms.Mail
		e.billing.Do("POST", statement, today).Want(http.StatusAccepted).JSON(&queued)
		if queued.To[0] != "pat@shipper.example" || !strings.Contains(queued.Text, inv.Number) || len(queued.Attachments) != 1 || queued.Attachments[0].Data != nil {
			t.Errorf("statement = %+v", queued)
		}

		var page tms.Page[tms.Mail]
		e.billing.Do("GET", fmt.Sprintf("/api/v1/mail?invoice_id=%d", inv.ID), nil).Want(http.StatusOK).JSON(&page)
		if page.Total != 1 || len(page.Items[0].Attachments) != 2 || *page.Items[0].Attachments[1].PODsOfLoad != l.ID {
			t.Fatalf("invoice mail = %+v; want one with the PDF and the load's PODs", page.Items)
		}
		e.billing.Do("GET", "/api/v1/mail?status=lost", nil).Want(http.StatusBadRequest)
		e.viewer.Do("GET", "/api/v1/mail", nil).Want(http.StatusForbidden)
		var view struct {
			tms.Mail
			Log []tms.MailAttempt `json:"delivery_log"`
		}
		e.billing.Do("GET", fmt.Sprintf("/api/v1/mail/%d", page.Items[0].ID), nil).Want(http.StatusOK).JSON(&view)
		if view.Subject == "" || view.Log == nil {
			t.Errorf("mail view = %+v", view)
		}
		e.billing.Do("POST", fmt.Sprintf("/api/v1/mail/%d/retry", page.Items[0].ID), nil).Want(http.StatusConflict) // pending, not failed
		e.billing.Do("GET", "/api/v1/mail/999999", nil).Want(http.StatusNotFound)
	})
}
