package tms

import (
	"context"
	"math"
)

// Point is a WGS84 position in decimal degrees.
type Point struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Valid reports whether p is on the globe and not the 0,0 "null island" of a GPS without a fix.
func (p Point) Valid() bool {
	return p.Lat >= -90 && p.Lat <= 90 && p.Lon >= -180 && p.Lon <= 180 && !(p.Lat == 0 && p.Lon == 0) &&
		!math.IsNaN(p.Lat) && !math.IsNaN(p.Lon)
}

const (
	earthRadiusMeters = 6371008.8
	metersPerMile     = 1609.344
	// CircuityFactor turns great-circle distance into an estimate of road distance.
	CircuityFactor = 1.2
)

// DistanceMeters is the great-circle (haversine) distance between a and b.
func DistanceMeters(a, b Point) float64 {
	lat1, lat2 := a.Lat*math.Pi/180, b.Lat*math.Pi/180
	dLat, dLon := lat2-lat1, (b.Lon-a.Lon)*math.Pi/180
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1)*math.Cos(lat2)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusMeters * math.Asin(math.Min(1, math.Sqrt(h)))
}

// MetersToMiles converts meters to statute miles.
func MetersToMiles(m float64) float64 { return m / metersPerMile }

// MilesToMeters converts statute miles to meters.
func MilesToMeters(mi float64) float64 { return mi * metersPerMile }

// Route is a routing answer: road distance and, when the router knows it, driving time.
type Route struct {
	Meters  float64
	Seconds float64 // 0 when unknown
}

// Router estimates the road route through a sequence of points (at least two).
// Implementations return CodeInvalid for fewer than two points and wrap transport failures.
type Router interface {
	Route(ctx context.Context, points []Point) (Route, error)
}

// GreatCircleRouter estimates road distance as great-circle distance times CircuityFactor.
// It never fails and knows no durations.
type GreatCircleRouter struct{}

// Route sums the legs between consecutive points.
func (GreatCircleRouter) Route(_ context.Context, points []Point) (Route, error) {
	if len(points) < 2 {
		return Route{}, Errorf(CodeInvalid, "a route needs at least two points")
	}
	var m float64
	for i := 1; i < len(points); i++ {
		m += DistanceMeters(points[i-1], points[i])
	}
	return Route{Meters: m * CircuityFactor}, nil
}
