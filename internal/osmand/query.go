package osmand

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// queryDecoder collects the parameters of one query-form report.
type queryDecoder struct {
	loc      *time.Location
	r        Report
	lat, lon *float64
	location *tms.Point
}

// DecodeQuery decodes the query form of the protocol. A repeated parameter counts with its
// last value, as in Traccar, except cell and wifi whose values are all kept, joined by ";".
// An empty value counts as absent. loc is the zone of "yyyy-MM-dd HH:mm:ss" timestamps (nil
// means UTC).
func DecodeQuery(v url.Values, loc *time.Location) (Report, error) {
	if loc == nil {
		loc = time.UTC
	}
	d := queryDecoder{loc: loc, r: Report{Form: FormQuery}}
	var buf [16]string // a report's keys, without a heap allocation in the usual case
	keys := buf[:0]
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys { // errors do not depend on map order
		if err := d.param(k, v[k]); err != nil {
			return Report{}, err
		}
	}
	return d.finish()
}

// param applies one parameter with all its values.
func (d *queryDecoder) param(key string, vals []string) error {
	if len(vals) == 0 {
		return nil
	}
	if key == "cell" || key == "wifi" {
		if vals = slices.DeleteFunc(slices.Clone(vals), func(s string) bool { return s == "" }); len(vals) > 0 {
			d.r.setAttribute(key, strings.Join(vals, ";"))
		}
		return nil
	}
	value := vals[len(vals)-1]
	if value == "" {
		return nil
	}
	if set, ok := numericParams[key]; ok {
		f, err := parseNumber(key, value)
		if err != nil {
			return err
		}
		set(d, f)
		return nil
	}
	return d.text(key, value)
}

// numericParams are the protocol's number-valued parameters and where each goes.
var numericParams = map[string]func(d *queryDecoder, f float64){
	"lat":      func(d *queryDecoder, f float64) { d.lat = &f },
	"lon":      func(d *queryDecoder, f float64) { d.lon = &f },
	"speed":    (*queryDecoder).setSpeed,
	"bearing":  func(d *queryDecoder, f float64) { d.r.Heading = nonNegative(f) },
	"heading":  func(d *queryDecoder, f float64) { d.r.Heading = nonNegative(f) },
	"altitude": func(d *queryDecoder, f float64) { d.r.Altitude = &f },
	"accuracy": func(d *queryDecoder, f float64) { d.r.Accuracy = &f },
	"hdop":     func(d *queryDecoder, f float64) { d.r.HDOP = &f },
	"batt":     func(d *queryDecoder, f float64) { d.r.Battery = nonNegative(f) },
}

// setSpeed keeps the raw value and converts it as knots, the protocol's unit.
func (d *queryDecoder) setSpeed(f float64) {
	d.r.RawSpeed = nonNegative(f)
	if d.r.RawSpeed != nil {
		mph := Knots.ToMPH(f)
		d.r.SpeedMPH = &mph
	}
}

// text applies a parameter that is not a plain number.
func (d *queryDecoder) text(key, value string) error {
	switch key {
	case "id", "deviceid":
		if d.r.DeviceID == "" || key == "id" {
			d.r.DeviceID = strings.TrimSpace(value)
		}
	case "timestamp":
		t, err := parseTimestamp(key, value, d.loc)
		d.r.Time = t
		return err
	case "location":
		return d.setLocation(value)
	case "charge":
		b, err := strconv.ParseBool(value)
		if err != nil {
			return invalid(key, "%s is not true or false", quote(value))
		}
		d.r.Charging = &b
	case "driverUniqueId":
		d.r.DriverUniqueID = value
		return checkID(key, value)
	default:
		d.r.setAttribute(key, attributeValue(value))
	}
	return nil
}

// setLocation reads location=lat,lon.
func (d *queryDecoder) setLocation(value string) error {
	latS, lonS, ok := strings.Cut(value, ",")
	if !ok {
		return invalid("location", "%s is not lat,lon", quote(value))
	}
	lat, err := parseNumber("location", latS)
	if err != nil {
		return err
	}
	lon, err := parseNumber("location", lonS)
	if err != nil {
		return err
	}
	d.location = &tms.Point{Lat: lat, Lon: lon}
	return nil
}

// finish checks what spans parameters: the device id and the position.
func (d *queryDecoder) finish() (Report, error) {
	if d.r.DeviceID == "" {
		return Report{}, invalid("id", "a device id (id or deviceid) is required")
	}
	if err := checkID("id", d.r.DeviceID); err != nil {
		return Report{}, err
	}
	p, latParam, lonParam, err := d.position()
	if err != nil {
		return Report{}, err
	}
	if p == nil {
		return d.r, nil
	}
	if err := checkLatLon(latParam, lonParam, p.Lat, p.Lon); err != nil {
		return Report{}, err
	}
	d.r.Point, d.r.HasFix = *p, true
	return d.r, nil
}

// position picks lat/lon, else location=, and names the parameters it came from.
func (d *queryDecoder) position() (p *tms.Point, latParam, lonParam string, err error) {
	switch {
	case d.lat != nil && d.lon != nil:
		return &tms.Point{Lat: *d.lat, Lon: *d.lon}, "lat", "lon", nil
	case d.lat != nil:
		return nil, "", "", invalid("lon", "lat is given without lon")
	case d.lon != nil:
		return nil, "", "", invalid("lat", "lon is given without lat")
	}
	return d.location, "location", "location", nil
}

// setAttribute stores one free-form attribute, its text made storable.
func (r *Report) setAttribute(key string, value any) {
	if key = cleanText(key); key == "" {
		return
	}
	if s, ok := value.(string); ok {
		value = cleanText(s)
	}
	if r.Attributes == nil {
		r.Attributes = make(map[string]any)
	}
	r.Attributes[key] = value
}
