package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/app"
	"github.com/anditms/tms/internal/billing"
	mailpkg "github.com/anditms/tms/internal/mail"
	"github.com/anditms/tms/internal/mail/smtptest"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

var billingCtx = tms.WithActor(context.Background(), tms.Actor{Email: "billing@example.com", Role: tms.RoleBilling})

const mailFrom = "Billing <billing@carrier.example>"

// startMailing serves an App whose mail goes to smtp, with a backoff clock an hour behind so
// a retry is due at once (the test does not wait out the backoff).
func startMailing(t *testing.T, store tms.Store, smtp *smtptest.Server) *app.App {
	cfg := apitest.DefaultConfig(t)
	cfg.SMTPURL, cfg.MailFrom = smtp.URL(), mailFrom
	a := apitest.Start(t, cfg, store).App
	a.Mail.Now = func() time.Time { return time.Now().Add(-time.Hour) }
	return a
}

// invoiceToSend is a draft invoice of a delivered load with a POD, for a customer with an AP
// contact who wants the PODs with the invoice.
func invoiceToSend(t *testing.T, a *app.App) tms.Invoice {
	t.Helper()
	f := storetest.NewFixtures(t, a.Store)
	_, err := a.Store.UpdateCustomer(billingCtx, f.Customer.ID, func(c *tms.Customer) error {
		c.RequiredDocuments, c.Notifications.PODWithInvoice = []string{}, true
		c.Contacts = []tms.Contact{{Name: "Pat Payable", Email: "ap@shipper.example", Roles: []string{tms.ContactAP}}}
		return nil
	})
	must(t, err)
	l := f.Load(f.MondayMorning)
	l.Status, l.DriverID, l.TruckID = tms.StatusDelivered, &f.Driver.ID, &f.Truck.ID
	must(t, a.Store.CreateLoad(billingCtx, &l))
	_, err = a.Documents.SaveGenerated(billingCtx, l.ID, tms.DocPOD, "pod.pdf", []byte("%PDF-1.4 signed pod"))
	must(t, err)
	inv, err := a.Billing.CreateInvoice(billingCtx, billing.InvoiceInput{LoadIDs: []int64{l.ID}})
	must(t, err)
	return inv
}

// attachments returns the file parts of a received message by file name.
func attachments(t *testing.T, m smtptest.Message) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	var walk func(contentType string, body io.Reader)
	walk = func(contentType string, body io.Reader) {
		mt, params, err := mime.ParseMediaType(contentType)
		if err != nil || !strings.HasPrefix(mt, "multipart/") {
			return
		}
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextPart()
			if err != nil {
				return
			}
			if name := p.FileName(); name != "" {
				data, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
				must(t, err)
				out[name] = data
				continue
			}
			walk(p.Header.Get("Content-Type"), p)
		}
	}
	walk(m.Header.Get("Content-Type"), bytes.NewReader(m.Body))
	return out
}

// The invoice email arrives once, with the invoice PDF and the POD, though the mail server
// was down when the invoice was sent: the first attempt fails and is logged, the retry after
// the server came back delivers it, and later passes send nothing more.
func TestInvoiceEmailArrivesOnceAfterTheServerComesBack(t *testing.T) {
	for _, fac := range testenv.Factories(t) {
		t.Run(fac.Name, func(t *testing.T) {
			smtp := smtptest.Reserve(t) // down
			a := startMailing(t, fac.Open(t), smtp)
			inv := invoiceToSend(t, a)
			sent, err := a.Billing.SendInvoice(billingCtx, inv.ID, inv.Version)
			must(t, err)

			if n, err := a.Mail.RunOnce(billingCtx); n != 0 || err != nil {
				t.Fatalf("with the server down: sent %d, %v", n, err)
			}
			queued, err := a.Store.ListMail(billingCtx, tms.MailFilter{InvoiceID: inv.ID})
			must(t, err)
			if queued.Total != 1 || queued.Items[0].Status != tms.MailPending || queued.Items[0].Attempts != 1 || queued.Items[0].LastError == "" {
				t.Fatalf("after a failed attempt: %+v", queued.Items)
			}

			smtp.Start(t)
			for range 3 {
				_, err := a.Mail.RunOnce(billingCtx)
				must(t, err)
			}
			got := smtp.Messages()
			if len(got) != 1 {
				t.Fatalf("received %d messages, want 1", len(got))
			}
			m := got[0]
			files := attachments(t, m)
			if !bytes.HasPrefix(files[sent.Number+".pdf"], []byte("%PDF")) || string(files["pod.pdf"]) != "%PDF-1.4 signed pod" {
				t.Errorf("attachments = %v; want the invoice PDF and the POD", keys(files))
			}
			row, log, err := a.Store.Mail(billingCtx, queued.Items[0].ID)
			must(t, err)
			if m.To[0] != "ap@shipper.example" || !strings.Contains(m.Header.Get("Subject"), sent.Number) ||
				m.Header.Get("Message-Id") != "<"+mailpkg.MessageID(row, mailFrom)+">" {
				t.Errorf("message to %v, subject %q, id %q", m.To, m.Header.Get("Subject"), m.Header.Get("Message-Id"))
			}
			if row.Status != tms.MailSent || len(log) != 2 || log[0].OK || !log[1].OK {
				t.Errorf("outbox row %s, log %+v; want sent after one failed and one good attempt", row.Status, log)
			}
			if _, err := a.Billing.SendInvoice(billingCtx, inv.ID, sent.Version); tms.ErrorCode(err) != tms.CodeConflict {
				t.Errorf("sending again = %v, want conflict", err)
			}
		})
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Two instances on one PostgreSQL send the outbox side by side: every message arrives once,
// including one claimed by an instance that died holding it (its lease ran out).
func TestTwoInstancesSendEachMessageOnce(t *testing.T) {
	stores := testenv.PostgresInstances(t, 2)
	smtp := smtptest.New(t)
	a, b := startMailing(t, stores[0], smtp), startMailing(t, stores[1], smtp)
	for i := range 30 {
		m := tms.Mail{To: []string{fmt.Sprintf("ops%d@shipper.example", i)}, Subject: fmt.Sprintf("Message %d", i), Text: "hello"}
		if _, err := a.Store.QueueMail(billingCtx, &m); err != nil {
			t.Fatal(err)
		}
	}
	// An instance claims one message and dies before sending it: no lease left.
	if held, err := a.Store.ClaimMail(billingCtx, "dead-instance", 1, -time.Second); err != nil || len(held) != 1 {
		t.Fatalf("claim = %v, %v", held, err)
	}
	a.Mail.Batch, b.Mail.Batch = 3, 3
	drain(t, a.Mail.RunOnce, b.Mail.RunOnce)
	seen := map[string]int{}
	for _, m := range smtp.Messages() {
		seen[m.Header.Get("Message-Id")]++
	}
	pending, err := a.Store.ListMail(billingCtx, tms.MailFilter{Status: tms.MailPending})
	must(t, err)
	if len(seen) != 30 || len(smtp.Messages()) != 30 || pending.Total != 0 {
		t.Fatalf("received %d messages with %d distinct ids, %d still pending; want 30 each once", len(smtp.Messages()), len(seen), pending.Total)
	}
	instances := map[string]bool{}
	sent, err := a.Store.ListMail(billingCtx, tms.MailFilter{Status: tms.MailSent, Page: tms.PageRequest{Limit: 100}})
	must(t, err)
	for _, m := range sent.Items {
		_, log, err := a.Store.Mail(billingCtx, m.ID)
		must(t, err)
		if len(log) != 1 || !log[0].OK {
			t.Fatalf("mail %d log = %+v; want one good attempt", m.ID, log)
		}
		instances[log[0].Instance] = true
	}
	if len(instances) != 2 {
		t.Logf("one instance sent everything (%v): allowed, but the race was not exercised", instances)
	}
}
