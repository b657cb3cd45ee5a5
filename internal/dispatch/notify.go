package dispatch

import (
	"context"
	"fmt"
	"time"

	"github.com/anditms/tms/internal/mail"
	"github.com/anditms/tms/internal/tms"
)

// Shipment notifications a customer can ask for (tms.Notifications).
const (
	NoticePickedUp  = "picked_up"
	NoticeDelivered = "delivered"
	NoticeETALate   = "eta_late"
)

// notifyStop queues the notifications a recorded stop event causes, with the event: picked up
// (a pickup departed) and delivered (the load became delivered; its PODs go along). Each is
// keyed by load, stop and event, so a re-recorded event is not mailed again.
func notifyStop(ctx context.Context, tx tms.LoadTx, l *tms.Load, i int, ev StopEvent, from tms.LoadStatus) error {
	stop := l.Stops[i]
	notice, verb := "", ""
	switch {
	case !ev.Arriving && stop.Kind == tms.StopPickup:
		notice, verb = NoticePickedUp, "departed at "
	case l.Status == tms.StatusDelivered && from != tms.StatusDelivered:
		notice, verb = NoticeDelivered, "delivered at "
	default:
		return nil
	}
	m, err := noticeMail(ctx, tx, *l, stop, notice, func(local func(time.Time) string) string { return verb + local(ev.At) })
	if m != nil {
		tx.QueueMail(*m)
	}
	return err
}

// NotifyLate queues the ETA-late notification of a load's stop, whose estimate eta is past
// the end of its appointment. Once per stop: a later pass finding it late again adds nothing.
func NotifyLate(ctx context.Context, store tms.Store, l tms.Load, stopID int64, eta time.Time) (bool, error) {
	i := l.StopIndex(stopID)
	if i < 0 {
		return false, tms.NotFound("stop", stopID)
	}
	stop := l.Stops[i]
	m, err := noticeMail(ctx, store, l, stop, NoticeETALate, func(local func(time.Time) string) string {
		return "now expected at " + local(eta) + ", after the appointment ending " + local(stop.AppointmentEnd)
	})
	if m == nil || err != nil {
		return false, err
	}
	return store.QueueMail(ctx, m)
}

// records are the reads a notification needs, in a load's transaction or from the store.
type records interface {
	Customer(ctx context.Context, id int64) (tms.Customer, error)
	Facility(ctx context.Context, id int64) (tms.Facility, error)
}

// noticeMail renders notice for the customer's operations contacts; nil when the customer
// did not ask for it or has no such contact. detail words the times, given a formatter to
// the stop's local time.
func noticeMail(ctx context.Context, r records, l tms.Load, stop tms.Stop, notice string, detail func(func(time.Time) string) string) (*tms.Mail, error) {
	c, err := r.Customer(ctx, l.CustomerID)
	if err != nil {
		return nil, err
	}
	to := c.EmailsFor(tms.ContactOperations)
	if len(to) == 0 || !wants(c.Notifications, notice) {
		return nil, nil
	}
	f, err := r.Facility(ctx, stop.FacilityID)
	if err != nil {
		return nil, err
	}
	withPOD := notice == NoticeDelivered
	content, err := mail.Render("shipment", mail.ShipmentData{Customer: c.Name, Load: l.Number, Reference: l.References.CustomerLoad,
		Headline: headlines[notice], Stop: fmt.Sprintf("Stop %d (%s) %s", stop.Seq, stop.Kind, f.Name), Place: placeOf(f),
		Detail: detail(localTo(f)), WithPOD: withPOD})
	if err != nil {
		return nil, err
	}
	m := tms.Mail{DedupeKey: fmt.Sprintf("load:%d:stop:%d:%s", l.ID, stop.ID, notice), To: to, CustomerID: &c.ID, LoadID: &l.ID}
	if withPOD {
		m.Attachments = []tms.MailAttachment{{PODsOfLoad: &l.ID}}
	}
	content.Fill(&m)
	return &m, nil
}

var headlines = map[string]string{
	NoticePickedUp:  "picked up",
	NoticeDelivered: "delivered",
	NoticeETALate:   "running late",
}

func wants(n tms.Notifications, notice string) bool {
	switch notice {
	case NoticePickedUp:
		return n.PickedUp
	case NoticeDelivered:
		return n.Delivered
	case NoticeETALate:
		return n.ETALate
	}
	return false
}

func placeOf(f tms.Facility) string {
	if f.Address.State == "" {
		return f.Address.City
	}
	return f.Address.City + ", " + f.Address.State
}

// localTo formats times in the facility's time zone (UTC when it has none).
func localTo(f tms.Facility) func(time.Time) string {
	loc, err := time.LoadLocation(f.TimeZone)
	if err != nil || f.TimeZone == "" {
		loc = time.UTC
	}
	return func(t time.Time) string { return t.In(loc).Format("Mon Jan 2 15:04 MST") }
}
