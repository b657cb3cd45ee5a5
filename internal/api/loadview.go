package api

import (
	"context"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// stopView is a stop with its facility's name and its times in the facility's zone.
type stopView struct {
	tms.Stop
	FacilityName          string `json:"facility_name"`
	City                  string `json:"city"`
	State                 string `json:"state"`
	TimeZone              string `json:"time_zone"`
	AppointmentStartLocal string `json:"appointment_start_local"`
	AppointmentEndLocal   string `json:"appointment_end_local"`
}

// loadView is a load as the API shows it.
type loadView struct {
	tms.Load
	Stops              []stopView       `json:"stops"`
	AllowedTransitions []tms.LoadStatus `json:"allowed_transitions"`
}

// bookedView is a load just booked and what its booking warns about.
type bookedView struct {
	loadView
	Warnings []string `json:"warnings,omitempty"`
}

// facilityCache looks each facility up once per request.
type facilityCache struct{ *tms.Lookup }

func newFacilityCache(s tms.Store) facilityCache { return facilityCache{tms.NewLookup(s)} }

func (c facilityCache) view(ctx context.Context, l tms.Load) (loadView, error) {
	v := loadView{Load: l, Stops: make([]stopView, len(l.Stops)), AllowedTransitions: l.AllowedTransitions()}
	for i, s := range l.Stops {
		f, err := c.Facility(ctx, s.FacilityID)
		if err != nil {
			return v, err
		}
		loc := f.Location()
		v.Stops[i] = stopView{Stop: s, FacilityName: f.Name, City: f.Address.City, State: f.Address.State, TimeZone: f.TimeZone,
			AppointmentStartLocal: s.AppointmentStart.In(loc).Format(time.RFC3339),
			AppointmentEndLocal:   s.AppointmentEnd.In(loc).Format(time.RFC3339)}
	}
	return v, nil
}
