package dispatch_test

import (
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// wantNotices makes the fixtures' customer ask for notices, with one operations contact.
func (e env) wantNotices(t *testing.T, n tms.Notifications) {
	t.Helper()
	_, err := e.svc.Store.UpdateCustomer(ctx, e.f.Customer.ID, func(c *tms.Customer) error {
		c.Notifications = n
		c.Contacts = []tms.Contact{{Name: "Ops", Email: "ops@shipper.example", Roles: []string{tms.ContactOperations}},
			{Name: "AP", Email: "ap@shipper.example", Roles: []string{tms.ContactAP}}}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// dispatched stores a load of the fixtures already dispatched.
func (e env) dispatched(t *testing.T) tms.Load {
	t.Helper()
	l := e.f.Load(e.f.MondayMorning)
	l.Status, l.DriverID, l.TruckID = tms.StatusDispatched, &e.f.Driver.ID, &e.f.Truck.ID
	if err := e.svc.Store.CreateLoad(ctx, &l); err != nil {
		t.Fatal(err)
	}
	return l
}

func (e env) mailOf(t *testing.T, l tms.Load) []tms.Mail {
	t.Helper()
	page, err := e.svc.Store.ListMail(ctx, tms.MailFilter{LoadID: l.ID, Page: tms.PageRequest{Sort: "id"}})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

func (e env) stop(t *testing.T, l tms.Load, i int, arriving bool, at time.Time, src tms.Source) {
	t.Helper()
	if _, _, err := e.svc.RecordStop(ctx, l.ID, l.Stops[i].ID, dispatch.StopEvent{Arriving: arriving, At: at, Source: src}); err != nil {
		t.Fatalf("RecordStop(%d, arriving %v): %v", i, arriving, err)
	}
}

func TestPickedUpAndDeliveredNotifyOperationsOncePerEvent(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		e.wantNotices(t, tms.Notifications{PickedUp: true, Delivered: true})
		l := e.dispatched(t)
		at := time.Now().Add(-8 * time.Hour).Truncate(time.Minute) // events are never in the future
		chicago, _ := time.LoadLocation("America/Chicago")
		e.stop(t, l, 0, true, at, tms.SourceUser)
		if got := e.mailOf(t, l); len(got) != 0 {
			t.Fatalf("an arrival mailed %v", got)
		}
		e.stop(t, l, 0, false, at.Add(time.Hour), tms.SourceUser)
		e.stop(t, l, 0, false, at.Add(time.Hour), tms.SourceGPS) // a re-sent fix changes nothing
		got := e.mailOf(t, l)
		if len(got) != 1 || got[0].To[0] != "ops@shipper.example" || len(got[0].To) != 1 ||
			!strings.Contains(got[0].Subject, "picked up") || !strings.Contains(got[0].Text, "Acme DC Dallas") ||
			!strings.Contains(got[0].Text, at.Add(time.Hour).In(chicago).Format("15:04 MST")) || !strings.Contains(got[0].HTML, "<strong>"+l.Number+"</strong>") {
			t.Fatalf("picked-up mail = %+v", got)
		}
		e.stop(t, l, 1, true, at.Add(6*time.Hour), tms.SourceUser)
		e.stop(t, l, 1, false, at.Add(7*time.Hour), tms.SourceUser)
		got = e.mailOf(t, l)
		if len(got) != 2 || !strings.Contains(got[1].Subject, "delivered") || len(got[1].Attachments) != 1 || *got[1].Attachments[0].PODsOfLoad != l.ID {
			t.Fatalf("delivered mail = %+v; want one with the load's PODs", got)
		}
		if got[0].DedupeKey == got[1].DedupeKey || got[1].Status != tms.MailPending {
			t.Errorf("keys %q %q, status %s", got[0].DedupeKey, got[1].DedupeKey, got[1].Status)
		}
	})
}

func TestNoNoticeUnlessTheCustomerAskedForIt(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		e.wantNotices(t, tms.Notifications{Delivered: true})
		l := e.dispatched(t)
		at := time.Now().Add(-2 * time.Hour)
		e.stop(t, l, 0, true, at, tms.SourceUser)
		e.stop(t, l, 0, false, at.Add(time.Hour), tms.SourceUser)
		if got := e.mailOf(t, l); len(got) != 0 {
			t.Fatalf("picked up was not asked for, yet mailed: %+v", got)
		}
		late := e.f.MondayMorning.Add(9 * time.Hour)
		queued, err := dispatch.NotifyLate(ctx, e.svc.Store, l, l.Stops[1].ID, late)
		if err != nil || queued {
			t.Fatalf("ETA late was not asked for: %v, %v", queued, err)
		}
		e.wantNotices(t, tms.Notifications{ETALate: true})
		for range 2 {
			if _, err := dispatch.NotifyLate(ctx, e.svc.Store, l, l.Stops[1].ID, late); err != nil {
				t.Fatal(err)
			}
		}
		got := e.mailOf(t, l)
		if len(got) != 1 || !strings.Contains(got[0].Subject, "running late") || !strings.Contains(got[0].Text, "after the appointment ending") {
			t.Fatalf("ETA-late mail = %+v; want one", got)
		}
	})
}
