// Package dispatch holds the rules of a load's life that span records: building a load from
// what a dispatcher typed (local appointment times, planned miles), assigning drivers and
// equipment, stop arrivals and departures, status changes and check calls. It is written once
// against the tms interfaces and used by the API, the UI, GPS tracking and imports.
package dispatch

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// StopInput is a stop as a person or an integration enters it. Appointment times are either
// RFC 3339 with an offset, or local wall-clock time ("2026-12-07T08:00") at the facility.
type StopInput struct {
	ID               int64        `json:"id,omitempty"`
	Kind             tms.StopKind `json:"kind"`
	FacilityID       int64        `json:"facility_id"`
	AppointmentStart string       `json:"appointment_start"`
	AppointmentEnd   string       `json:"appointment_end"`
	References       string       `json:"references,omitempty"`
	Notes            string       `json:"notes,omitempty"`
}

// LoadInput is the editable part of a load.
type LoadInput struct {
	CustomerID    int64          `json:"customer_id"`
	Status        tms.LoadStatus `json:"status,omitempty"` // draft or booked on create
	References    tms.References `json:"references"`
	Commodity     string         `json:"commodity"`
	WeightLb      int            `json:"weight_lb"`
	Pieces        int            `json:"pieces"`
	EquipmentType string         `json:"equipment_type"`
	TempMinF      *int           `json:"temp_min_f,omitempty"`
	TempMaxF      *int           `json:"temp_max_f,omitempty"`
	Hazmat        *tms.Hazmat    `json:"hazmat,omitempty"`
	Charges       []tms.Charge   `json:"charges"`
	PlannedMiles  *float64       `json:"planned_miles,omitempty"` // set to override the computed miles
	Stops         []StopInput    `json:"stops"`
	Notes         string         `json:"notes"`
	Version       int            `json:"version,omitempty"`
}

// localLayouts are the wall-clock forms accepted for appointment times.
var localLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"}

// ParseAppointment reads an appointment time: RFC 3339 keeps its offset, a local form is taken
// in loc (the facility's zone). Daylight-saving gaps resolve as time.Date does.
func ParseAppointment(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("must be a time like 2026-12-07T08:00 (facility time) or RFC 3339")
}

// apply copies the input onto l, resolving stops against their facilities.
func (in LoadInput) apply(ctx context.Context, facilities func(context.Context, int64) (tms.Facility, error), l *tms.Load) error {
	l.CustomerID, l.References, l.Commodity = in.CustomerID, in.References, in.Commodity
	l.WeightLb, l.Pieces, l.EquipmentType = in.WeightLb, in.Pieces, in.EquipmentType
	l.TempMinF, l.TempMaxF, l.Hazmat, l.Charges, l.Notes = in.TempMinF, in.TempMaxF, in.Hazmat, in.Charges, in.Notes
	l.MilesManual = in.PlannedMiles != nil
	if l.MilesManual {
		l.PlannedMiles = *in.PlannedMiles
	}
	stops, err := in.stops(ctx, facilities, l.Stops)
	if err != nil {
		return err
	}
	l.Stops = stops
	return nil
}

// stops builds the stop list, keeping the recorded status and times of stops that already exist.
func (in LoadInput) stops(ctx context.Context, facilities func(context.Context, int64) (tms.Facility, error), existing []tms.Stop) ([]tms.Stop, error) {
	v := tms.Validation{}
	out := make([]tms.Stop, 0, len(in.Stops))
	for i, s := range in.Stops {
		field := fmt.Sprintf("stops[%d]", i)
		stop := tms.Stop{ID: s.ID, Kind: s.Kind, FacilityID: s.FacilityID, References: s.References, Notes: s.Notes}
		for _, old := range existing {
			if old.ID == s.ID && s.ID != 0 {
				stop.Status, stop.ArrivedAt, stop.DepartedAt = old.Status, old.ArrivedAt, old.DepartedAt
			}
		}
		f, err := facilities(ctx, s.FacilityID)
		if tms.ErrorCode(err) == tms.CodeNotFound {
			v.Check(false, field+".facility_id", "is not a known facility")
			continue
		} else if err != nil {
			return nil, err
		}
		var perr error
		if stop.AppointmentStart, perr = ParseAppointment(s.AppointmentStart, f.Location()); perr != nil {
			v.Check(false, field+".appointment_start", perr.Error())
		}
		stop.AppointmentEnd = stop.AppointmentStart
		if s.AppointmentEnd != "" {
			if stop.AppointmentEnd, perr = ParseAppointment(s.AppointmentEnd, f.Location()); perr != nil {
				v.Check(false, field+".appointment_end", perr.Error())
			}
		}
		out = append(out, stop)
	}
	return out, v.Err()
}
