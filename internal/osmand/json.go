package osmand

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// jsonBody is what Traccar Client 9+ posts (the transistorsoft background-geolocation shape).
type jsonBody struct {
	DeviceID json.RawMessage `json:"device_id"` // a string; a number is accepted too
	Location *jsonLocation   `json:"location"`
}

type jsonLocation struct {
	Timestamp json.RawMessage            `json:"timestamp"` // ISO-8601 string or Unix number
	Coords    *jsonCoords                `json:"coords"`
	Battery   *jsonBattery               `json:"battery"`
	Event     json.RawMessage            `json:"event"`
	IsMoving  json.RawMessage            `json:"is_moving"`
	Odometer  json.RawMessage            `json:"odometer"`
	Mock      json.RawMessage            `json:"mock"`
	Activity  json.RawMessage            `json:"activity"`
	Extras    map[string]json.RawMessage `json:"extras"`
}

type jsonCoords struct {
	Latitude  *float64 `json:"latitude"`
	Longitude *float64 `json:"longitude"`
	Accuracy  *float64 `json:"accuracy"`
	Speed     *float64 `json:"speed"` // m/s, negative = unknown
	Heading   *float64 `json:"heading"`
	Altitude  *float64 `json:"altitude"`
}

type jsonBattery struct {
	Level      *float64 `json:"level"` // 0..1, -1 = unknown
	IsCharging *bool    `json:"is_charging"`
}

// DecodeJSON decodes a Traccar Client JSON body. Besides the coordinates it keeps the
// attributes Traccar keeps (event, motion, odometer, mock, activity) and every scalar of
// extras; "yyyy-MM-dd HH:mm:ss" timestamps are read as UTC.
func DecodeJSON(body []byte) (Report, error) {
	var b jsonBody
	if err := json.Unmarshal(body, &b); err != nil {
		return Report{}, jsonError(err)
	}
	r := Report{Form: FormJSON}
	id, ok := scalarString(b.DeviceID)
	if id = strings.TrimSpace(id); !ok || id == "" {
		return Report{}, invalid("device_id", "a device id (a string) is required")
	}
	if err := checkID("device_id", id); err != nil {
		return Report{}, err
	}
	r.DeviceID = id
	if b.Location == nil {
		return Report{}, invalid("location", "the location object is required")
	}
	if err := b.Location.apply(&r); err != nil {
		return Report{}, err
	}
	return r, nil
}

// jsonError names the field of a type mismatch, or reports malformed JSON.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return &tms.Error{Code: tms.CodeInvalid, Message: typeErr.Field + ": a JSON " + typeErr.Value + " does not fit here", Err: err}
	case errors.As(err, &typeErr):
		return &tms.Error{Code: tms.CodeInvalid, Message: "body: must be a JSON object", Err: err}
	}
	return &tms.Error{Code: tms.CodeInvalid, Message: "body: malformed JSON", Err: err}
}

// apply moves the location object into r.
func (l *jsonLocation) apply(r *Report) error {
	if err := l.applyTime(r); err != nil {
		return err
	}
	if err := l.Coords.apply(r); err != nil {
		return err
	}
	l.Battery.apply(r)
	l.applyAttributes(r)
	return nil
}

func (l *jsonLocation) applyTime(r *Report) error {
	if len(l.Timestamp) == 0 || string(l.Timestamp) == "null" {
		return nil
	}
	s, ok := scalarString(l.Timestamp)
	if !ok {
		return invalid("location.timestamp", "must be a string or a number")
	}
	t, err := parseTimestamp("location.timestamp", s, time.UTC)
	if err != nil {
		return err
	}
	r.Time = t
	return nil
}

func (c *jsonCoords) apply(r *Report) error {
	if c == nil {
		return nil
	}
	if c.Latitude == nil || c.Longitude == nil {
		return invalid("location.coords", "latitude and longitude are both required")
	}
	if err := checkLatLon("location.coords.latitude", "location.coords.longitude", *c.Latitude, *c.Longitude); err != nil {
		return err
	}
	if err := c.checkMagnitudes(); err != nil {
		return err
	}
	r.Point, r.HasFix = tms.Point{Lat: *c.Latitude, Lon: *c.Longitude}, true
	r.Accuracy, r.Altitude = c.Accuracy, c.Altitude
	if c.Speed != nil && *c.Speed >= 0 {
		mph := MPS.ToMPH(*c.Speed)
		r.RawSpeed, r.SpeedMPH = c.Speed, &mph
	}
	if c.Heading != nil {
		r.Heading = nonNegative(*c.Heading)
	}
	return nil
}

func (c *jsonCoords) checkMagnitudes() error {
	for _, f := range []struct {
		name string
		v    *float64
	}{{"accuracy", c.Accuracy}, {"speed", c.Speed}, {"heading", c.Heading}, {"altitude", c.Altitude}} {
		if err := checkMagnitude("location.coords."+f.name, f.v); err != nil {
			return err
		}
	}
	return nil
}

// apply takes the level (0..1) as a whole percent, ignoring the -1 of "unknown" and any other
// level outside 0..1.
func (b *jsonBattery) apply(r *Report) {
	if b == nil {
		return
	}
	if b.Level != nil && *b.Level >= 0 && *b.Level <= 1 {
		pct := math.Round(*b.Level * 100)
		r.Battery = &pct
	}
	r.Charging = b.IsCharging
}

// applyAttributes keeps Traccar's named attributes, then every scalar of extras.
func (l *jsonLocation) applyAttributes(r *Report) {
	named := []struct {
		key string
		raw json.RawMessage
	}{
		{"event", l.Event}, {"motion", l.IsMoving}, {"odometer", l.Odometer}, {"mock", l.Mock},
		{"activity", activityType(l.Activity)},
	}
	for _, n := range named {
		if v, ok := scalar(n.raw); ok {
			r.setAttribute(n.key, v)
		}
	}
	for k, raw := range l.Extras {
		if v, ok := scalar(raw); ok {
			r.setAttribute(k, v)
		}
	}
}

// activityType digs "type" out of {"type": "still", "confidence": 100}.
func activityType(raw json.RawMessage) json.RawMessage {
	var a struct {
		Type json.RawMessage `json:"type"`
	}
	if json.Unmarshal(raw, &a) != nil {
		return nil
	}
	return a.Type
}

// scalar types one JSON value as an attribute: string, bool, int64 for an integer literal,
// float64 for another number. Null, objects and arrays are not attributes.
func scalar(raw json.RawMessage) (any, bool) {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return nil, false
	}
	switch v := v.(type) {
	case string, bool:
		return v, true
	case float64:
		return attributeValue(string(raw)), true
	}
	return nil, false
}

// scalarString reads a JSON string, or a number as its literal.
func scalarString(raw json.RawMessage) (string, bool) {
	switch v, ok := scalar(raw); {
	case !ok:
		return "", false
	case isNumber(v):
		return string(raw), true
	default:
		s, ok := v.(string)
		return s, ok
	}
}

func isNumber(v any) bool {
	switch v.(type) {
	case int64, float64:
		return true
	}
	return false
}
