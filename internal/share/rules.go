package share

import (
	"slices"
	"time"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// delivered are the statuses of a load whose freight has been delivered.
var delivered = []tms.LoadStatus{tms.StatusDelivered, tms.StatusInvoiced, tms.StatusPaid}

// IsDelivered reports whether l's freight has been delivered.
func IsDelivered(l tms.Load) bool { return slices.Contains(delivered, l.Status) }

// DeliveredAt is when l was delivered: the departure from its last stop, or, for a load
// marked delivered without one, its latest move to delivered. Nil while not delivered.
func DeliveredAt(l tms.Load, events []tms.LoadEvent) *time.Time {
	if !IsDelivered(l) {
		return nil
	}
	if last := l.Stops[len(l.Stops)-1]; last.DepartedAt != nil {
		return last.DepartedAt
	}
	if e, ok := dispatch.LatestMove(events, tms.StatusDelivered); ok {
		return &e.At
	}
	return &l.UpdatedAt
}

// OnTheRoad reports whether l's truck is hauling it now (dispatched or in transit): only
// then may the customer see where the truck is.
func OnTheRoad(l tms.Load) bool {
	return l.TruckID != nil && (l.Status == tms.StatusDispatched || l.Status == tms.StatusInTransit)
}

// ExpiresAt is when the links to l expire: the carrier's link life after delivery. Nil while
// the load is not delivered: until then its links do not expire.
func ExpiresAt(l tms.Load, events []tms.LoadEvent, c tms.CarrierSettings) *time.Time {
	at := DeliveredAt(l, events)
	if at == nil {
		return nil
	}
	expires := at.Add(c.TrackingLinkLife())
	return &expires
}

// Expired reports whether a link expiring at expires (nil: never) has expired at now.
func Expired(expires *time.Time, now time.Time) bool {
	return expires != nil && !now.Before(*expires)
}

// VisibleFix returns the fix of l's truck the customer may see: the newest fix of the load's
// own truck taken since dispatch, while the load is on the road; ok is false otherwise.
func VisibleFix(l tms.Load, dispatched time.Time, fixes []tms.Position) (tms.Position, bool) {
	var best tms.Position
	ok := false
	if !OnTheRoad(l) {
		return best, false
	}
	for _, p := range fixes {
		if p.TruckID == nil || *p.TruckID != *l.TruckID || p.FixTime.Before(dispatched) {
			continue
		}
		if !ok || p.FixTime.After(best.FixTime) {
			best, ok = p, true
		}
	}
	return best, ok
}

// SharesPODs reports whether the page offers l's PODs: after delivery, when the customer allows it.
func SharesPODs(l tms.Load, c tms.Customer) bool {
	return IsDelivered(l) && c.Notifications.PODOnTrackLink
}

// IsShareable reports whether d is a document the link of load loadID may serve: an active
// POD of that very load.
func IsShareable(d tms.Document, loadID int64) bool {
	return d.Type == tms.DocPOD && d.Status == tms.DocumentActive && d.LoadID != nil && *d.LoadID == loadID
}
