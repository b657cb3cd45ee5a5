// Package geocode turns a facility's postal address into coordinates and its coordinates into
// a time zone. Geocoder is pluggable; Offline, the default, needs no network: a US ZIP table
// (Census ZCTA centroids) is embedded in the binary, so its precision is a ZIP's centroid,
// which can be kilometres from the dock: callers show Result.Precision and let people move
// the pin.
package geocode

import (
	"context"

	"github.com/anditms/tms/internal/tms"
)

// Geocoder finds the coordinates of a postal address.
type Geocoder interface {
	// Geocode returns where a lies; tms CodeInvalid with the field at fault when the
	// address has nothing to locate it by, CodeNotFound when nothing matches.
	Geocode(ctx context.Context, a tms.Address) (Result, error)
}

// Precision says what point a Result stands for.
type Precision string

// Precisions, from the finest.
const (
	PrecisionZIP  Precision = "zip"  // the centroid of the ZIP's area
	PrecisionCity Precision = "city" // the mean of the city's ZIP centroids
)

// Describe is the precision for people: the position is never the street address itself.
func (p Precision) Describe() string {
	if p == PrecisionZIP {
		return "approximate, ZIP centroid"
	}
	return "approximate, city centre"
}

// Result is a geocoded position with the time zone found there.
type Result struct {
	Lat       float64   `json:"lat"`
	Lon       float64   `json:"lon"`
	Precision Precision `json:"precision"`
	// PrecisionText is Precision for people ("approximate, ZIP centroid").
	PrecisionText string `json:"precision_text"`
	// TimeZone is the IANA zone at the position ("" off every land zone).
	TimeZone string `json:"time_zone"`
}

// Warm reads the embedded ZIP table and the time zone tiles now (about a second of CPU)
// rather than in the first lookup's request.
func Warm() {
	_, _ = loadTable() // an error here is the first lookup's error too
	ZoneAt(0, 0)
}

// Locate geocodes a with g and adds the time zone at the position.
func Locate(ctx context.Context, g Geocoder, a tms.Address) (Result, error) {
	r, err := g.Geocode(ctx, a)
	if err != nil {
		return Result{}, err
	}
	r.PrecisionText = r.Precision.Describe()
	r.TimeZone = ZoneAt(r.Lat, r.Lon)
	return r, nil
}
