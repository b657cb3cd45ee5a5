package geocode

import (
	"context"
	"errors"

	"github.com/anditms/tms/internal/tms"
)

// Facilities creates and changes facilities, refusing a time zone that contradicts the
// position (CheckZone). The API, the UI and CSV import write facilities through it.
type Facilities struct {
	Store tms.FacilityStore
}

// Create stores a new facility.
func (s Facilities) Create(ctx context.Context, f *tms.Facility) error {
	if err := checked(f); err != nil {
		return err
	}
	return s.Store.CreateFacility(ctx, f)
}

// Update changes a facility through fn.
func (s Facilities) Update(ctx context.Context, id int64, fn func(*tms.Facility) error) (tms.Facility, error) {
	return s.Store.UpdateFacility(ctx, id, func(f *tms.Facility) error {
		if err := fn(f); err != nil {
			return err
		}
		return checked(f)
	})
}

// checked validates f and then its zone against its position.
func checked(f *tms.Facility) error {
	if err := f.Validate(); err != nil {
		return err
	}
	return CheckZone(*f)
}

// CreateFromAddress creates an active facility from a name and an address typed on one line,
// placed where g locates the address, in the time zone found there. The Result says how
// precise that position is: the facility's page lets people move the pin to the dock.
func (s Facilities) CreateFromAddress(ctx context.Context, g Geocoder, name, line string) (tms.Facility, Result, error) {
	a, err := ParseAddress(line)
	if err != nil {
		return tms.Facility{}, Result{}, err
	}
	r, err := Locate(ctx, g, a)
	if err != nil {
		return tms.Facility{}, Result{}, asAddressError(err)
	}
	f := tms.Facility{Name: name, Address: a, Lat: r.Lat, Lon: r.Lon, TimeZone: r.TimeZone, Active: true,
		Notes: "Position " + r.PrecisionText + " from the address."}
	if err := s.Create(ctx, &f); err != nil {
		return tms.Facility{}, Result{}, err
	}
	return f, r, nil
}

// asAddressError turns a failed lookup into a refusal of the address field: the address was
// typed on one line, so a missing ZIP or an unknown place is that line's fault.
func asAddressError(err error) error {
	var e *tms.Error
	if !errors.As(err, &e) || (e.Code != tms.CodeInvalid && e.Code != tms.CodeNotFound) {
		return err
	}
	return &tms.Error{Code: tms.CodeInvalid, Message: e.Message, Fields: map[string]string{"address": e.Message}}
}
