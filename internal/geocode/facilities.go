package geocode

import (
	"context"

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
