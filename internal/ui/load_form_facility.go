package ui

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/geocode"
)

// newFacilityOp reads the "new-facility-2" button of a stop row: the row's index.
func newFacilityOp(op string) (int, bool) {
	i, err := strconv.Atoi(strings.TrimPrefix(op, "new-facility-"))
	return i, err == nil && strings.HasPrefix(op, "new-facility-") && i >= 0 && i < maxRows
}

// newStopFacility creates the facility typed into stop row i of the load form and chooses it
// for the stop, leaving every other input as it was; the status to show the form with says
// whether it was refused (the messages are on the row's inputs).
func (u *UI) newStopFacility(ctx context.Context, f *Form, i int) (int, error) {
	name := func(field string) string { return rowName("stops", i, field) }
	fac, res, err := geocode.Facilities{Store: u.store}.CreateFromAddress(ctx, u.geocoder, f.Get(name("new_facility_name")), f.Get(name("new_facility_address")))
	if err != nil {
		if status, ok := f.Fail(err, "name", name("new_facility_name"), "address", name("new_facility_address"), "time_zone", name("new_facility_address")); ok {
			return status, nil
		}
		return 0, err
	}
	f.Values.Set(name("facility_id"), strconv.FormatInt(fac.ID, 10))
	f.Values.Set(name("facility_q"), fac.Name)
	f.Values.Del(name("new_facility_name"))
	f.Values.Del(name("new_facility_address"))
	f.Values.Set(name("facility_created"), "Created "+fac.Name+" at "+strconv.FormatFloat(fac.Lat, 'f', 4, 64)+", "+
		strconv.FormatFloat(fac.Lon, 'f', 4, 64)+" ("+res.PrecisionText+") in "+fac.TimeZone+"; move its pin on the facility page if you know the dock.")
	return http.StatusOK, nil
}
