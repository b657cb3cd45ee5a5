package tracking

import (
	"context"
	"math"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Track replay limits: the default range when none is given, the longest range, the most
// line points sent, and how fast the simplification tolerance grows with the range.
const (
	DefaultTrackRange  = 24 * time.Hour
	MaxTrackRange      = 92 * 24 * time.Hour
	MaxTrackPoints     = 2000
	tolerancePerHour   = 2.0 // meters of tolerance per hour of range
	minToleranceMeters = 5.0
	maxTrackLoads      = tms.MaxPageSize
)

// FeatureCollection is a GeoJSON (RFC 7946) feature collection. Properties is a foreign
// member carrying the trip's summary.
type FeatureCollection struct {
	Type       string          `json:"type"`
	Features   []Feature       `json:"features"`
	Properties TrackProperties `json:"properties"`
}

// Feature is a GeoJSON feature: the truck's line (TrackProperties) or a stop (StopProperties).
type Feature struct {
	Type       string   `json:"type"`
	Geometry   Geometry `json:"geometry"`
	Properties any      `json:"properties"`
}

// Geometry is a GeoJSON Point ([lon, lat]) or LineString ([[lon, lat], ...]).
type Geometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// TrackProperties summarise a truck's track: DistanceMiles sums the great-circle legs between
// all fixes of the range; the line is simplified (Douglas-Peucker) to at most MaxTrackPoints
// points with a tolerance that grows with the range.
type TrackProperties struct {
	Feature         string    `json:"feature"` // "track"
	TruckID         int64     `json:"truck_id"`
	From            time.Time `json:"from"`
	To              time.Time `json:"to"`
	Fixes           int       `json:"fixes"`
	Points          int       `json:"points"`
	ToleranceMeters float64   `json:"tolerance_meters"`
	DistanceMiles   float64   `json:"distance_miles"`
}

// StopProperties describe a stop of a load the truck carried in the range.
type StopProperties struct {
	Feature          string         `json:"feature"` // "stop"
	LoadID           int64          `json:"load_id"`
	LoadNumber       string         `json:"load_number"`
	StopID           int64          `json:"stop_id"`
	Seq              int            `json:"seq"`
	Kind             tms.StopKind   `json:"kind"`
	Status           tms.StopStatus `json:"status"`
	FacilityID       int64          `json:"facility_id"`
	FacilityName     string         `json:"facility_name"`
	AppointmentStart time.Time      `json:"appointment_start"`
	AppointmentEnd   time.Time      `json:"appointment_end"`
	ArrivedAt        *time.Time     `json:"arrived_at,omitempty"`
	DepartedAt       *time.Time     `json:"departed_at,omitempty"`
}

// carriedStatuses are the statuses of loads a truck has carried or is carrying.
var carriedStatuses = []tms.LoadStatus{tms.StatusDispatched, tms.StatusInTransit, tms.StatusDelivered,
	tms.StatusInvoiced, tms.StatusPaid, tms.StatusOnHold}

// Track returns the truck's fixes in [from, to) as a GeoJSON line with the stops of the loads
// it carried then. A zero to means now and a zero from DefaultTrackRange before to. Errors:
// CodeNotFound for an unknown truck, CodeInvalid for a range that is empty or longer than
// MaxTrackRange.
func (s *Service) Track(ctx context.Context, truckID int64, from, to time.Time) (FeatureCollection, error) {
	from, to, err := trackRange(from, to, s.now())
	if err != nil {
		return FeatureCollection{}, err
	}
	if _, err := s.store.Truck(ctx, truckID); err != nil {
		return FeatureCollection{}, err
	}
	fixes, err := s.store.Track(ctx, truckID, from, to)
	if err != nil {
		return FeatureCollection{}, err
	}
	fc := FeatureCollection{Type: "FeatureCollection", Features: []Feature{}}
	fc.Properties = TrackProperties{Feature: "track", TruckID: truckID, From: from, To: to, Fixes: len(fixes)}
	if f, ok := trackFeature(&fc.Properties, fixes, to.Sub(from)); ok {
		fc.Features = append(fc.Features, f)
	}
	stops, err := s.stopFeatures(ctx, truckID, from, to)
	fc.Features = append(fc.Features, stops...)
	return fc, err
}

func trackRange(from, to, now time.Time) (time.Time, time.Time, error) {
	if to.IsZero() {
		to = now
	}
	if from.IsZero() {
		from = to.Add(-DefaultTrackRange)
	}
	if !from.Before(to) || to.Sub(from) > MaxTrackRange {
		return from, to, tms.Errorf(tms.CodeInvalid, "from must be before to, at most %d days apart", int(MaxTrackRange.Hours()/24))
	}
	return from.UTC(), to.UTC(), nil
}

// trackFeature fills the summary and returns the line (a Point for a single fix; nothing
// without fixes).
func trackFeature(p *TrackProperties, fixes []tms.Position, span time.Duration) (Feature, bool) {
	pts := make([]tms.Point, len(fixes))
	for i, f := range fixes {
		pts[i] = f.Point()
	}
	p.DistanceMiles = round2(tms.MetersToMiles(pathMeters(pts)))
	switch len(pts) {
	case 0:
		return Feature{}, false
	case 1:
		p.Points = 1
		return Feature{Type: "Feature", Geometry: Geometry{"Point", lonLat(pts[0])}, Properties: *p}, true
	}
	line, tol := simplifyTo(pts, MaxTrackPoints, max(minToleranceMeters, tolerancePerHour*span.Hours()))
	p.Points, p.ToleranceMeters = len(line), round2(tol)
	coords := make([][2]float64, len(line))
	for i, pt := range line {
		coords[i] = lonLat(pt)
	}
	return Feature{Type: "Feature", Geometry: Geometry{"LineString", coords}, Properties: *p}, true
}

// stopFeatures returns a Point for every stop of the loads the truck carried in the range.
func (s *Service) stopFeatures(ctx context.Context, truckID int64, from, to time.Time) ([]Feature, error) {
	page, err := s.store.ListLoads(ctx, tms.LoadFilter{TruckID: truckID, Statuses: carriedStatuses, From: from, To: to,
		Page: tms.PageRequest{Limit: maxTrackLoads}})
	if err != nil {
		return nil, err
	}
	var out []Feature
	for _, l := range page.Items {
		for _, st := range l.Stops {
			fac, err := s.facility(ctx, st.FacilityID)
			if err != nil {
				return nil, err
			}
			out = append(out, Feature{Type: "Feature", Geometry: Geometry{"Point", lonLat(fac.Point())}, Properties: StopProperties{
				Feature: "stop", LoadID: l.ID, LoadNumber: l.Number, StopID: st.ID, Seq: st.Seq, Kind: st.Kind, Status: st.Status,
				FacilityID: fac.ID, FacilityName: fac.Name, AppointmentStart: st.AppointmentStart, AppointmentEnd: st.AppointmentEnd,
				ArrivedAt: st.ArrivedAt, DepartedAt: st.DepartedAt}})
		}
	}
	return out, nil
}

func lonLat(p tms.Point) [2]float64 { return [2]float64{p.Lon, p.Lat} }

// pathMeters sums the great-circle legs between consecutive points.
func pathMeters(pts []tms.Point) float64 {
	var m float64
	for i := 1; i < len(pts); i++ {
		m += tms.DistanceMeters(pts[i-1], pts[i])
	}
	return m
}

// simplifyTo simplifies pts with tolerance meters, doubling the tolerance until at most
// maxPoints remain; it returns the line and the tolerance used.
func simplifyTo(pts []tms.Point, maxPoints int, tolerance float64) ([]tms.Point, float64) {
	line := simplify(pts, tolerance)
	for len(line) > maxPoints {
		tolerance *= 2
		line = simplify(pts, tolerance)
	}
	return line, tolerance
}

// simplify is Douglas-Peucker with a tolerance in meters, on an equirectangular projection
// around the points' mean latitude (good to well under 1 % over a trucking region; a track
// across the antimeridian is out of scope). The first and last points are always kept.
func simplify(pts []tms.Point, tolerance float64) []tms.Point {
	if len(pts) < 3 {
		return pts
	}
	xy := project(pts)
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	stack := [][2]int{{0, len(pts) - 1}}
	for len(stack) > 0 {
		a, b := stack[len(stack)-1][0], stack[len(stack)-1][1]
		stack = stack[:len(stack)-1]
		if i, d := farthest(xy, a, b); d > tolerance {
			keep[i] = true
			stack = append(stack, [2]int{a, i}, [2]int{i, b})
		}
	}
	out := make([]tms.Point, 0, len(pts))
	for i, k := range keep {
		if k {
			out = append(out, pts[i])
		}
	}
	return out
}

const earthRadiusMeters = 6371008.8

// project maps points to meters east and north.
func project(pts []tms.Point) [][2]float64 {
	var lat0 float64
	for _, p := range pts {
		lat0 += p.Lat / float64(len(pts))
	}
	k := earthRadiusMeters * math.Pi / 180
	c := math.Cos(lat0 * math.Pi / 180)
	xy := make([][2]float64, len(pts))
	for i, p := range pts {
		xy[i] = [2]float64{p.Lon * k * c, p.Lat * k}
	}
	return xy
}

// farthest returns the point strictly between a and b farthest from the segment a-b, and its
// distance (-1 when there is none).
func farthest(xy [][2]float64, a, b int) (int, float64) {
	best, dist := -1, -1.0
	for i := a + 1; i < b; i++ {
		if d := segmentDistance(xy[i], xy[a], xy[b]); d > dist {
			best, dist = i, d
		}
	}
	return best, dist
}

// segmentDistance is the distance from p to the segment a-b.
func segmentDistance(p, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2))
	}
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}
