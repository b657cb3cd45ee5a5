package ui

import (
	"context"
	"fmt"

	"github.com/anditms/tms/internal/csvio"
	"github.com/anditms/tms/internal/geocode"
	"github.com/anditms/tms/internal/tms"
)

// timeZones are the zones a facility form offers: North America's, by IANA name.
var timeZones = []string{"America/New_York", "America/Detroit", "America/Indiana/Indianapolis", "America/Kentucky/Louisville",
	"America/Chicago", "America/Denver", "America/Boise", "America/Phoenix", "America/Los_Angeles", "America/Anchorage",
	"Pacific/Honolulu", "America/Puerto_Rico", "America/Toronto", "America/Winnipeg", "America/Edmonton", "America/Vancouver",
	"America/Mexico_City", "America/Monterrey", "America/Tijuana"}

func (u *UI) facilityKind() *masterKind[tms.Facility] {
	s := u.store
	facilities := geocode.Facilities{Store: s} // checks the zone against the position
	return &masterKind[tms.Facility]{
		path: "/facilities", title: "Facilities", singular: "facility", csv: csvio.Facilities,
		statuses: []string{"active", "inactive"},
		columns:  []string{"Name", "Address", "Time zone", "Geofence", "Status"},
		cells: perRow(func(f *tms.Facility) []string {
			return []string{f.Name, f.Address.Line1 + ", " + place(f.Address), f.TimeZone, fmt.Sprintf("%d m", f.GeofenceMeters), activeText(f.Active)}
		}),
		fields: func(context.Context) ([]fieldSpec[tms.Facility], error) { return facilityFields, nil },
		name:   func(f *tms.Facility) string { return f.Name },
		blank: func() tms.Facility {
			return tms.Facility{Active: true, GeofenceMeters: tms.DefaultGeofenceMeters, TimeZone: "America/Chicago"}
		},
		meta:   func(f *tms.Facility) *tms.Meta { return &f.Meta },
		create: facilities.Create, get: s.Facility, list: s.ListFacilities, update: facilities.Update,
		extra: u.pinMap,
	}
}

var facilityFields = []fieldSpec[tms.Facility]{
	textField("name", "Name", func(f *tms.Facility) *string { return &f.Name }).req(),
	textField("address.line1", "Street address", func(f *tms.Facility) *string { return &f.Address.Line1 }),
	textField("address.city", "City", func(f *tms.Facility) *string { return &f.Address.City }),
	textField("address.state", "State", func(f *tms.Facility) *string { return &f.Address.State }),
	textField("address.zip", "ZIP", func(f *tms.Facility) *string { return &f.Address.Zip }),
	floatField("lat", "Latitude", func(f *tms.Facility) *float64 { return &f.Lat }).req().hint("Click the map to set the position"),
	floatField("lon", "Longitude", func(f *tms.Facility) *float64 { return &f.Lon }).req(),
	choiceField("time_zone", "Time zone", timeZones, func(f *tms.Facility) *string { return &f.TimeZone }).req().
		hint("Appointments here are typed and shown in this zone"),
	intField("geofence_meters", "Geofence radius (m)", func(f *tms.Facility) *int { return &f.GeofenceMeters }).
		hint("Arrival is recorded inside this circle: 50 to 5,000 m"),
	textField("dock_hours", "Dock hours", func(f *tms.Facility) *string { return &f.DockHours }),
	checkField("appointment_required", "Appointment required", func(f *tms.Facility) *bool { return &f.AppointmentRequired }),
	textField("notes", "Notes", func(f *tms.Facility) *string { return &f.Notes }).as("textarea"),
	checkField("active", "Active", func(f *tms.Facility) *bool { return &f.Active }),
}

// pinMap is what map.js needs for the facility pin picker: the tiles and the inputs it
// writes. The form works without it: latitude and longitude are plain inputs.
type pinMap struct {
	JSON string
}

func (u *UI) pinMap(context.Context, *tms.Facility) (any, error) {
	j, _ := toJSON(map[string]string{"tiles": u.tileURL, "lat": "f-lat", "lon": "f-lon", "radius": "f-geofence_meters", "zone": "f-time_zone"})
	return pinMap{JSON: j}, nil
}
