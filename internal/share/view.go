package share

import (
	"context"
	"slices"
	"time"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
)

// View is what a customer sees of a load through its link: no driver, no rate, no other load.
type View struct {
	Number    string         `json:"number"`
	PO        string         `json:"po,omitempty"`
	BOL       string         `json:"bol,omitempty"`
	Status    tms.LoadStatus `json:"status"`
	Stops     []Stop         `json:"stops"`
	Truck     *Fix           `json:"truck,omitempty"` // only while the truck is on this load
	Documents []Document     `json:"documents"`       // the PODs, after delivery, when the customer allows
	ExpiresAt *time.Time     `json:"expires_at,omitempty"`
}

// Stop is one stop as the customer sees it; times are UTC, shown in TimeZone (the facility's).
type Stop struct {
	Seq              int            `json:"seq"`
	Kind             tms.StopKind   `json:"kind"`
	Status           tms.StopStatus `json:"status"`
	Facility         string         `json:"facility"`
	City             string         `json:"city"`
	State            string         `json:"state"`
	TimeZone         string         `json:"time_zone"`
	AppointmentStart time.Time      `json:"appointment_start"`
	AppointmentEnd   time.Time      `json:"appointment_end"`
	ArrivedAt        *time.Time     `json:"arrived_at,omitempty"`
	DepartedAt       *time.Time     `json:"departed_at,omitempty"`
	ETA              *time.Time     `json:"eta,omitempty"` // estimated arrival, for stops still ahead
	Lat              float64        `json:"lat"`
	Lon              float64        `json:"lon"`
}

// Fix is the truck's last reported position.
type Fix struct {
	Lat     float64   `json:"lat"`
	Lon     float64   `json:"lon"`
	FixTime time.Time `json:"fix_time"`
}

// Document is a POD the page offers for download.
type Document struct {
	ID          int64     `json:"id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// build assembles the view of an opened link.
func (s *Service) build(ctx context.Context, o opened) (View, error) {
	l := o.load
	v := View{Number: l.Number, PO: l.References.PO, BOL: l.References.BOL, Status: l.Status, Documents: []Document{}, ExpiresAt: o.expires}
	for _, st := range l.Stops {
		f, err := s.Store.Facility(ctx, st.FacilityID)
		if err != nil {
			return v, err
		}
		v.Stops = append(v.Stops, Stop{Seq: st.Seq, Kind: st.Kind, Status: st.Status, Facility: f.Name, City: f.Address.City,
			State: f.Address.State, TimeZone: f.TimeZone, AppointmentStart: st.AppointmentStart, AppointmentEnd: st.AppointmentEnd,
			ArrivedAt: st.ArrivedAt, DepartedAt: st.DepartedAt, Lat: f.Lat, Lon: f.Lon})
	}
	if err := s.addTruck(ctx, &v, l, tracking.DispatchedAt(l, o.events)); err != nil {
		return v, err
	}
	return v, s.addPODs(ctx, &v, l)
}

// addTruck adds the truck's position and the ETAs while the truck is on this load, from
// fixes taken since dispatch only.
func (s *Service) addTruck(ctx context.Context, v *View, l tms.Load, dispatched time.Time) error {
	if !OnTheRoad(l) {
		return nil
	}
	fixes, err := s.Store.TruckPositions(ctx, []int64{*l.TruckID})
	if err != nil {
		return err
	}
	fix, ok := VisibleFix(l, dispatched, fixes)
	if !ok {
		return nil
	}
	v.Truck = &Fix{Lat: fix.Lat, Lon: fix.Lon, FixTime: fix.FixTime}
	if s.ETAs == nil {
		return nil
	}
	eta, err := s.ETAs.LoadETA(ctx, l)
	if err != nil || eta.LastFixAt == nil || eta.LastFixAt.Before(dispatched) {
		return ignoreConflict(err) // a load with every stop departed has no ETA
	}
	for _, e := range eta.Stops {
		if i := slices.IndexFunc(l.Stops, func(st tms.Stop) bool { return st.ID == e.StopID }); i >= 0 && e.Status == tms.StopPending {
			at := e.ETA
			v.Stops[i].ETA = &at
		}
	}
	return nil
}

func ignoreConflict(err error) error {
	if tms.ErrorCode(err) == tms.CodeConflict {
		return nil
	}
	return err
}

// addPODs lists the load's active PODs when the customer shares them and the load is delivered.
func (s *Service) addPODs(ctx context.Context, v *View, l tms.Load) error {
	c, err := s.Store.Customer(ctx, l.CustomerID)
	if err != nil || !SharesPODs(l, c) {
		return err
	}
	docs, err := s.Store.ListDocuments(ctx, tms.DocumentFilter{Owner: tms.Owner{Kind: tms.OwnerLoad, ID: l.ID}})
	for _, d := range docs {
		if IsShareable(d, l.ID) {
			v.Documents = append(v.Documents, Document{ID: d.ID, Filename: d.Filename, ContentType: d.ContentType, Size: d.Size, UploadedAt: d.UploadedAt})
		}
	}
	return err
}
