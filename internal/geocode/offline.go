package geocode

import (
	"bytes"
	"compress/gzip"
	"context"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/anditms/tms/internal/tms"
)

//go:embed data/zips.csv.gz
var zipsCSV []byte

// Offline geocodes US addresses from the embedded ZIP table: by the ZIP first, else by city
// and state. It reads the table once, on first use.
type Offline struct{}

// point is a position in the table.
type point struct{ lat, lon float64 }

// table is the embedded data, indexed.
type table struct {
	zips   map[string]point
	cities map[string]point // placeKey(city, state) -> mean of its ZIP centroids
}

var loadTable = sync.OnceValues(func() (*table, error) { return readTable(zipsCSV) })

// Geocode implements Geocoder.
func (Offline) Geocode(_ context.Context, a tms.Address) (Result, error) {
	t, err := loadTable()
	if err != nil {
		return Result{}, err
	}
	zip, city, state := zip5(a.Zip), strings.TrimSpace(a.City), strings.TrimSpace(a.State)
	if zip == "" && (city == "" || state == "") {
		return Result{}, &tms.Error{Code: tms.CodeInvalid, Message: "the address has no ZIP and no city and state to locate it by",
			Fields: map[string]string{"address.zip": "is needed to look the address up (or the city and state)"}}
	}
	if p, ok := t.zips[zip]; ok {
		return Result{Lat: p.lat, Lon: p.lon, Precision: PrecisionZIP}, nil
	}
	if p, ok := t.cities[placeKey(city, state)]; ok {
		return Result{Lat: p.lat, Lon: p.lon, Precision: PrecisionCity}, nil
	}
	return Result{}, tms.Errorf(tms.CodeNotFound, "no US ZIP %q or city %q, %q is known to the offline geocoder", a.Zip, city, state)
}

// zip5 is the 5-digit ZIP of "28208" or "28208-1234"; "" otherwise.
func zip5(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 5 && s[5] == '-' {
		s = s[:5]
	}
	if len(s) != 5 || strings.Trim(s, "0123456789") != "" {
		return ""
	}
	return s
}

// placeKey matches a city however it is capitalised, spaced or abbreviated
// ("St. Louis" = "SAINT LOUIS", as USPS writes it).
func placeKey(city, state string) string {
	words := strings.Fields(strings.ToUpper(strings.ReplaceAll(city, ".", " ")))
	for i, w := range words {
		if long, ok := abbreviations[w]; ok {
			words[i] = long
		}
	}
	return strings.ToUpper(strings.TrimSpace(state)) + "|" + strings.Join(words, " ")
}

// abbreviations are the short words of city names.
var abbreviations = map[string]string{"ST": "SAINT", "STE": "SAINTE", "FT": "FORT", "MT": "MOUNT"}

// readTable parses the gzip'd CSV "zip,lat,lon,state,city".
func readTable(gz []byte) (*table, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("geocode: ZIP table: %w", err)
	}
	r := csv.NewReader(zr)
	r.FieldsPerRecord = 5
	if _, err := r.Read(); err != nil { // the header
		return nil, fmt.Errorf("geocode: ZIP table: %w", err)
	}
	t := &table{zips: map[string]point{}, cities: map[string]point{}}
	sums := map[string]struct {
		point
		n int
	}{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("geocode: ZIP table: %w", err)
		}
		p, err := parsePoint(rec[1], rec[2])
		if err != nil {
			return nil, fmt.Errorf("geocode: ZIP table, ZIP %s: %w", rec[0], err)
		}
		t.zips[rec[0]] = p
		if rec[4] != "" {
			k := placeKey(rec[4], rec[3])
			s := sums[k]
			s.lat, s.lon, s.n = s.lat+p.lat, s.lon+p.lon, s.n+1
			sums[k] = s
		}
	}
	for k, s := range sums {
		t.cities[k] = point{s.lat / float64(s.n), s.lon / float64(s.n)}
	}
	return t, nil
}

func parsePoint(lat, lon string) (point, error) {
	la, err := strconv.ParseFloat(lat, 64)
	if err != nil {
		return point{}, err
	}
	lo, err := strconv.ParseFloat(lon, 64)
	return point{la, lo}, err
}
