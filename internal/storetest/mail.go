package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
)

func testMail(t *testing.T, newStore NewStore) {
	t.Run("QueueOncePerKey", func(t *testing.T) { testMailQueue(t, newStore(t)) })
	t.Run("ClaimLeaseFinish", func(t *testing.T) { testMailClaim(t, newStore(t)) })
	t.Run("ConcurrentClaimsNeverShare", func(t *testing.T) { testMailConcurrentClaims(t, newStore(t)) })
	t.Run("QueuedWithTheChange", func(t *testing.T) { testMailWithChange(t, newStore(t)) })
	t.Run("ContactsAndNotifications", func(t *testing.T) { testMailContacts(t, newStore(t)) })
}

func newMail(key string) tms.Mail {
	return tms.Mail{DedupeKey: key, To: []string{"ap@example.com"}, Subject: "Invoice", Text: "Hello", HTML: "<p>Hello</p>",
		Attachments: []tms.MailAttachment{{Name: "a.csv", ContentType: "text/csv", Data: []byte("a,b\n")}}}
}

func testMailQueue(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	m := newMail("invoice:1:sent")
	if ok, err := s.QueueMail(ctx, &m); !ok || err != nil || m.ID == 0 || m.Status != tms.MailPending {
		t.Fatalf("QueueMail = %v, %v, %+v", ok, err, m)
	}
	again := newMail("invoice:1:sent")
	if ok, err := s.QueueMail(ctx, &again); ok || err != nil {
		t.Fatalf("a second message for the same event = %v, %v; want dropped", ok, err)
	}
	for range 2 { // no key: every one is queued
		free := newMail("")
		if ok, err := s.QueueMail(ctx, &free); !ok || err != nil {
			t.Fatalf("QueueMail without key = %v, %v", ok, err)
		}
	}
	bad := newMail("")
	bad.To = []string{"not an address"}
	_, err := s.QueueMail(ctx, &bad)
	wantCode(t, err, tms.CodeInvalid)
	page, err := s.ListMail(ctx, tms.MailFilter{})
	if err != nil || page.Total != 3 {
		t.Fatalf("ListMail = %d, %v; want 3", page.Total, err)
	}
	got, log, err := s.Mail(ctx, m.ID)
	if err != nil || len(log) != 0 || string(got.Attachments[0].Data) != "a,b\n" || got.HTML != "<p>Hello</p>" || got.To[0] != "ap@example.com" {
		t.Fatalf("Mail = %+v, %v, %v", got, log, err)
	}
}

func testMailClaim(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	m := newMail("k")
	must(t, ignoreBool(s.QueueMail(ctx, &m)))
	held, err := s.ClaimMail(ctx, "a", 10, time.Hour)
	if err != nil || len(held) != 1 || held[0].ID != m.ID {
		t.Fatalf("ClaimMail = %v, %v", held, err)
	}
	if other, err := s.ClaimMail(ctx, "b", 10, time.Hour); err != nil || len(other) != 0 {
		t.Fatalf("a leased message was claimed again: %v, %v", other, err)
	}
	_, err = s.FinishMail(ctx, m.ID, "b", tms.MailOutcome{Sent: true})
	wantCode(t, err, tms.CodeConflict)

	retryAt := time.Now().Add(-time.Second) // due again at once
	after, err := s.FinishMail(ctx, m.ID, "a", tms.MailOutcome{Response: "421 try later", RetryAt: retryAt})
	if err != nil || after.Status != tms.MailPending || after.Attempts != 1 || after.LastError != "421 try later" {
		t.Fatalf("FinishMail retry = %+v, %v", after, err)
	}
	// A lease that ran out (its holder died) is claimed by another worker.
	if held, err = s.ClaimMail(ctx, "a", 10, -time.Second); err != nil || len(held) != 1 {
		t.Fatalf("ClaimMail after retry = %v, %v", held, err)
	}
	if held, err = s.ClaimMail(ctx, "b", 10, time.Hour); err != nil || len(held) != 1 {
		t.Fatalf("an expired lease was not claimed again: %v, %v", held, err)
	}
	after, err = s.FinishMail(ctx, m.ID, "b", tms.MailOutcome{Sent: true, Response: "250 OK queued"})
	if err != nil || after.Status != tms.MailSent || after.SentAt == nil || after.Attempts != 2 {
		t.Fatalf("FinishMail sent = %+v, %v", after, err)
	}
	if held, _ := s.ClaimMail(ctx, "c", 10, time.Hour); len(held) != 0 {
		t.Fatalf("a sent message was claimed: %v", held)
	}
	_, log, err := s.Mail(ctx, m.ID)
	if err != nil || len(log) != 2 || log[0].OK || log[0].Instance != "a" || !log[1].OK || log[1].Response != "250 OK queued" {
		t.Fatalf("delivery log = %+v, %v", log, err)
	}

	bounced := newMail("bounce")
	must(t, ignoreBool(s.QueueMail(ctx, &bounced)))
	if held, _ = s.ClaimMail(ctx, "a", 10, time.Hour); len(held) != 1 {
		t.Fatalf("claim = %v", held)
	}
	after, err = s.FinishMail(ctx, bounced.ID, "a", tms.MailOutcome{Response: "550 no such user"})
	if err != nil || after.Status != tms.MailFailed {
		t.Fatalf("a permanent failure = %+v, %v; want failed", after, err)
	}
	_, err = s.RetryMail(ctx, m.ID)
	wantCode(t, err, tms.CodeConflict)
	if after, err = s.RetryMail(ctx, bounced.ID); err != nil || after.Status != tms.MailPending || after.Attempts != 0 {
		t.Fatalf("RetryMail = %+v, %v", after, err)
	}
	if page, _ := s.ListMail(ctx, tms.MailFilter{Status: tms.MailSent}); page.Total != 1 {
		t.Errorf("ListMail sent = %d, want 1", page.Total)
	}
}

// testMailConcurrentClaims: workers claiming at once each get a different share, all of it.
func testMailConcurrentClaims(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	for range 30 {
		m := newMail("")
		must(t, ignoreBool(s.QueueMail(ctx, &m)))
	}
	var mu sync.Mutex
	seen := map[int64]string{}
	var wg sync.WaitGroup
	for _, owner := range []string{"a", "b", "c"} {
		wg.Go(func() {
			for {
				held, err := s.ClaimMail(ctx, owner, 4, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				if len(held) == 0 {
					return
				}
				mu.Lock()
				for _, m := range held {
					if prev, ok := seen[m.ID]; ok {
						t.Errorf("mail %d claimed by %s and %s", m.ID, prev, owner)
					}
					seen[m.ID] = owner
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != 30 {
		t.Errorf("claimed %d of 30", len(seen))
	}
}

// testMailWithChange: mail queued in a load update or an invoice send commits with it, or not at all.
func testMailWithChange(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	l := f.Load(f.MondayMorning)
	must(t, s.CreateLoad(ctx, &l))
	_, err := s.UpdateLoad(ctx, l.ID, func(tx tms.LoadTx, l *tms.Load) error {
		tx.QueueMail(newMail("refused"))
		return tms.Errorf(tms.CodeConflict, "refused")
	})
	wantCode(t, err, tms.CodeConflict)
	for range 2 {
		_, err = s.UpdateLoad(ctx, l.ID, func(tx tms.LoadTx, l *tms.Load) error {
			m := newMail("load:picked_up")
			m.LoadID = &l.ID
			tx.QueueMail(m)
			l.Notes = "picked up"
			return nil
		})
		must(t, err)
	}
	page, err := s.ListMail(ctx, tms.MailFilter{LoadID: l.ID})
	if err != nil || page.Total != 1 || page.Items[0].DedupeKey != "load:picked_up" {
		t.Fatalf("mail of the load = %+v, %v; want only the committed one, once", page.Items, err)
	}
	bad := newMail("bad")
	bad.To = nil
	_, err = s.UpdateLoad(ctx, l.ID, func(tx tms.LoadTx, l *tms.Load) error { tx.QueueMail(bad); l.Notes = "x"; return nil })
	wantCode(t, err, tms.CodeInvalid)
	if got, _ := s.Load(ctx, l.ID); got.Notes != "picked up" {
		t.Errorf("a refused mail let the load change: %q", got.Notes)
	}
}

func testMailContacts(t *testing.T, s tms.Store) {
	ctx := ctxAs(0)
	c := tms.Customer{Name: "Mailer", Active: true, Notifications: tms.Notifications{Delivered: true, PODWithInvoice: true},
		Contacts: []tms.Contact{{Name: "Pat AP", Email: "ap@example.com", Roles: []string{tms.ContactAP}},
			{Name: "Ops", Email: "ops@example.com", Roles: []string{tms.ContactOperations, tms.ContactAP}},
			{Name: "Phone only", Phone: "555-0100"}}}
	must(t, s.CreateCustomer(ctx, &c))
	got, err := s.Customer(ctx, c.ID)
	must(t, err)
	if !got.Notifications.Delivered || got.Notifications.PickedUp || !got.Notifications.PODWithInvoice {
		t.Errorf("notifications = %+v", got.Notifications)
	}
	if ap := got.EmailsFor(tms.ContactAP); len(ap) != 2 {
		t.Errorf("AP emails = %v", ap)
	}
	if ops := got.EmailsFor(tms.ContactOperations); len(ops) != 1 || ops[0] != "ops@example.com" {
		t.Errorf("operations emails = %v", ops)
	}
	bad := tms.Customer{Name: "Bad", Contacts: []tms.Contact{{Name: "X", Roles: []string{tms.ContactAP}}}}
	wantCode(t, s.CreateCustomer(ctx, &bad), tms.CodeInvalid)
	bad.Contacts = []tms.Contact{{Name: "X", Email: "x@example.com", Roles: []string{"boss"}}}
	wantCode(t, s.CreateCustomer(ctx, &bad), tms.CodeInvalid)
}

func ignoreBool(_ bool, err error) error { return err }
