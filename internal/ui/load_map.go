package ui

import (
	"context"
	"net/url"
	"strconv"
	"time"
)

// trackLead is how long before the first appointment the breadcrumb starts (the run to the
// pickup); trackTail how long after the last departure it ends.
const (
	trackLead  = 12 * time.Hour
	trackTail  = time.Hour
	trackRange = 90 * 24 * time.Hour // within the track API's limit
)

// loadMap is what map.js draws on a load page: the stops with their geofences and, when
// tracking runs, the truck's position and its breadcrumb (the track GeoJSON of the API,
// extended live from the event stream).
type loadMap struct {
	Tiles    string    `json:"tiles"`
	Stops    []mapStop `json:"stops"`
	TruckID  int64     `json:"truck_id,omitempty"`
	Unit     string    `json:"truck_unit,omitempty"`
	TrackURL string    `json:"track_url,omitempty"`
	Fix      *mapFix   `json:"fix,omitempty"`
}

type mapStop struct {
	Lat    float64 `json:"lat"`
	Lon    float64 `json:"lon"`
	Seq    int     `json:"seq"`
	Kind   string  `json:"kind"`
	Name   string  `json:"name"`
	Radius int     `json:"radius_m"`
	Status string  `json:"status"`
}

type mapFix struct {
	Lat     float64   `json:"lat"`
	Lon     float64   `json:"lon"`
	FixTime time.Time `json:"fix_time"`
}

func (u *UI) loadMap(ctx context.Context, v loadView) (loadMap, error) {
	m := loadMap{Tiles: u.tileURL, Stops: make([]mapStop, len(v.Stops))}
	for i, s := range v.Stops {
		m.Stops[i] = mapStop{Lat: s.Facility.Lat, Lon: s.Facility.Lon, Seq: s.Seq, Kind: string(s.Kind),
			Name: s.Facility.Name, Radius: s.Facility.GeofenceMeters, Status: string(s.Status)}
	}
	if u.tracking == nil || v.Truck == nil {
		return m, nil
	}
	m.TruckID, m.Unit, m.TrackURL = v.Truck.ID, v.Truck.UnitNumber, trackURL(v, time.Now())
	fixes, err := u.store.TruckPositions(ctx, []int64{v.Truck.ID})
	for _, p := range fixes {
		if m.Fix == nil || p.FixTime.After(m.Fix.FixTime) {
			m.Fix = &mapFix{Lat: p.Lat, Lon: p.Lon, FixTime: p.FixTime}
		}
	}
	return m, err
}

// trackURL asks the API for the truck's track while it carried the load: from before the
// first appointment to after the last departure (or now).
func trackURL(v loadView, now time.Time) string {
	first, _ := v.Window()
	from, to := first.Add(-trackLead), now
	if last := v.Last(); last.DepartedAt != nil && last.DepartedAt.Add(trackTail).Before(now) {
		to = last.DepartedAt.Add(trackTail)
	}
	if to.Sub(from) > trackRange || !from.Before(to) {
		from = to.Add(-trackRange)
	}
	q := url.Values{"from": {from.UTC().Format(time.RFC3339)}, "to": {to.UTC().Format(time.RFC3339)}}
	return "/api/v1/trucks/" + strconv.FormatInt(v.Truck.ID, 10) + "/track?" + q.Encode()
}
