package ui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// The customer form sets contacts with roles and the notification choices; sending an
// invoice queues its email, which the Outbox lists and shows; the aging page emails a
// statement; a failed message is retried; the outbox is billing's and admins' only.
func TestOutboxPages(t *testing.T) {
	for _, fac := range testenv.Factories(t) {
		t.Run(fac.Name, func(t *testing.T) {
			srv := apitest.Start(t, apitest.DefaultConfig(t), fac.Open(t))
			f := storetest.NewFixtures(t, srv.App.Store)
			p := billingPage(t, srv, "admin@example.com", tms.RoleAdmin)
			edit := fmt.Sprintf("/customers/%d", f.Customer.ID)
			form := url.Values{"version": {"1"}, "name": {"Acme Foods"}, "payment_terms_days": {"30"}, "required_documents": {""}, "active": {"on"},
				"contact.name": {"Ann"}, "contact.email": {"ann@acme.example"}, "contact.roles": {"ap"},
				"contact2.name": {"Otto"}, "contact2.email": {"otto@acme.example"}, "contact2.roles": {"operations, ap"},
				"notifications.delivered": {"on"}, "notifications.pod_with_invoice": {"on"}}
			bad := url.Values{}
			for k, v := range form {
				bad[k] = v
			}
			bad.Set("contact2.roles", "boss")
			p.get(edit).Want(http.StatusOK) // the form's CSRF token
			p.post(edit, bad).Want(http.StatusUnprocessableEntity)
			p.post(edit, form).Want(http.StatusSeeOther)
			c, err := srv.App.Store.Customer(t.Context(), f.Customer.ID)
			if err != nil || len(c.Contacts) != 2 || len(c.EmailsFor(tms.ContactAP)) != 2 || c.EmailsFor(tms.ContactOperations)[0] != "otto@acme.example" ||
				!c.Notifications.Delivered || c.Notifications.PickedUp || !c.Notifications.PODWithInvoice {
				t.Fatalf("customer = %+v, %v", c, err)
			}
			contains(t, p.get(edit).Want(http.StatusOK), `value="operations, ap"`, `name="notifications.delivered" type="checkbox" checked`)

			l := deliveredLoad(t, srv, f, time.Now().AddDate(0, 0, -3).Truncate(time.Hour))
			ctx := tms.WithActor(t.Context(), tms.Actor{Email: "b@example.com", Role: tms.RoleBilling})
			inv, err := srv.App.Billing.CreateInvoice(ctx, billing.InvoiceInput{LoadIDs: []int64{l.ID}})
			if err != nil {
				t.Fatal(err)
			}
			p.post(fmt.Sprintf("/invoices/%d/send", inv.ID), url.Values{"version": {fmt.Sprint(inv.Version)}}).Want(http.StatusSeeOther)
			r := p.get("/outbox").Want(http.StatusOK)
			contains(t, r, "Invoice INV-", "ann@acme.example, otto@acme.example", "Pending", "Hello Acme Foods")

			asOf := time.Now().Format(time.DateOnly)
			p.post("/receivables/aging/statement", url.Values{"customer_id": {fmt.Sprint(f.Customer.ID)}, "as_of": {"soon"}}).Want(http.StatusBadRequest)
			p.post("/receivables/aging/statement", url.Values{"customer_id": {fmt.Sprint(f.Customer.ID)}, "as_of": {asOf}}).Want(http.StatusSeeOther)
			contains(t, p.get("/receivables/aging?as_of="+asOf).Want(http.StatusOK), "Statement as of "+asOf+" queued", "Email statement")

			// The mail worker writes to the folder (no SMTP_URL): both are sent.
			if n, err := srv.App.Mail.RunOnce(ctx); n != 2 || err != nil {
				t.Fatalf("RunOnce = %d, %v; want both sent", n, err)
			}
			page, err := srv.App.Store.ListMail(ctx, tms.MailFilter{InvoiceID: inv.ID})
			if err != nil || page.Total != 1 {
				t.Fatalf("invoice mail = %v, %v", page.Items, err)
			}
			r = p.get(fmt.Sprintf("/outbox/%d", page.Items[0].ID)).Want(http.StatusOK)
			contains(t, r, "Delivery log", "written to ", "Sent", "srcdoc=", "PODs of the load")
			p.post(fmt.Sprintf("/outbox/%d/retry", page.Items[0].ID), url.Values{}).Want(http.StatusConflict)

			dispatcher := billingPage(t, srv, "dispatcher@example.com", tms.RoleDispatcher)
			dispatcher.get("/outbox").Want(http.StatusForbidden)
		})
	}
}
