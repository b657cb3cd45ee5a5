package ui

import (
	"context"
	"slices"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// stopView is a stop with its facility; its times show in the facility's zone.
type stopView struct {
	tms.Stop
	Facility tms.Facility
}

func (s stopView) tz() string { return s.Facility.TimeZone }

// Start and End are the appointment window in facility time.
func (s stopView) Start() string { return localTime(s.AppointmentStart, s.tz()) }
func (s stopView) End() string   { return localTime(s.AppointmentEnd, s.tz()) }

// Window is the appointment as one phrase: "Mon Mar 16 08:00 CDT" or "… 08:00–10:00 CDT".
func (s stopView) Window() string {
	if s.AppointmentEnd.Equal(s.AppointmentStart) {
		return s.Start()
	}
	loc := zone(s.tz())
	start, end := s.AppointmentStart.In(loc), s.AppointmentEnd.In(loc)
	if start.YearDay() == end.YearDay() {
		return start.Format("Mon Jan 2 15:04") + "–" + end.Format("15:04 MST")
	}
	return s.Start() + " – " + s.End()
}

// Arrived and Departed are the recorded times in facility time, "" when not recorded.
func (s stopView) Arrived() string  { return optionalTime(s.ArrivedAt, s.tz()) }
func (s stopView) Departed() string { return optionalTime(s.DepartedAt, s.tz()) }

// Place is "City, ST".
func (s stopView) Place() string { return s.Facility.Address.City + ", " + s.Facility.Address.State }

// Late reports an arrival after the window, or no arrival with the window over.
func (s stopView) Late(now time.Time) bool {
	if s.ArrivedAt != nil {
		return s.ArrivedAt.After(s.AppointmentEnd)
	}
	return s.Status == tms.StopPending && now.After(s.AppointmentEnd)
}

// Navigate is a Google Maps directions link to the facility.
func (s stopView) Navigate() string {
	return "https://www.google.com/maps/dir/?api=1&destination=" + coord(s.Facility.Lat) + "," + coord(s.Facility.Lon)
}

func optionalTime(t *time.Time, tz string) string {
	if t == nil {
		return ""
	}
	return localTime(*t, tz)
}

// loadView is a load with the records it names.
type loadView struct {
	tms.Load
	Customer tms.Customer
	Stops    []stopView
	Driver   *tms.Driver
	Truck    *tms.Truck
	Trailer  *tms.Trailer
}

// First and Last are the first pickup and the last delivery.
func (v loadView) First() stopView { return v.Stops[0] }
func (v loadView) Last() stopView  { return v.Stops[len(v.Stops)-1] }

// Next is the first stop not yet departed, nil when every stop is done.
func (v loadView) Next() *stopView {
	if i := v.NextStop(); i >= 0 {
		return &v.Stops[i]
	}
	return nil
}

// Zone is the zone the load's events show in: its first stop's.
func (v loadView) Zone() string { return v.First().tz() }

// Assigned reports whether a driver or truck is on the load.
func (v loadView) Assigned() bool { return v.Driver != nil || v.Truck != nil }

// Allowed lists the statuses a person may move the load to from the page: delivered is
// not among them, "Mark delivered" and the stop forms ask for the delivery stop's times.
func (v loadView) Allowed() []tms.LoadStatus {
	return slices.DeleteFunc(v.AllowedTransitions(), func(s tms.LoadStatus) bool {
		return s == tms.StatusDelivered && v.Status == tms.StatusInTransit
	})
}

// view resolves the customer, facilities and assignment of l.
func (lk *lookup) view(ctx context.Context, l tms.Load) (loadView, error) {
	v := loadView{Load: l, Stops: make([]stopView, len(l.Stops))}
	var err error
	if v.Customer, err = lk.Customer(ctx, l.CustomerID); err != nil {
		return v, err
	}
	for i, s := range l.Stops {
		f, err := lk.Facility(ctx, s.FacilityID)
		if err != nil {
			return v, err
		}
		v.Stops[i] = stopView{Stop: s, Facility: f}
	}
	if v.Driver, err = lk.Driver(ctx, l.DriverID); err != nil {
		return v, err
	}
	if v.Truck, err = lk.Truck(ctx, l.TruckID); err != nil {
		return v, err
	}
	v.Trailer, err = lk.Trailer(ctx, l.TrailerID)
	return v, err
}

// views resolves many loads, reading their records with one query per kind.
func (lk *lookup) views(ctx context.Context, loads []tms.Load) ([]loadView, error) {
	if err := lk.Prefetch(ctx, loads); err != nil {
		return nil, err
	}
	out := make([]loadView, 0, len(loads))
	for _, l := range loads {
		if len(l.Stops) == 0 {
			continue // a stored load always has stops; never index an empty list
		}
		v, err := lk.view(ctx, l)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
