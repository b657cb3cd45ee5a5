package api

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// writeLoadsJSON answers with a page of load views as web.WriteJSON would, byte for byte,
// without encoding/json's reflection (a fifth of the load list's CPU).
func writeLoadsJSON(w http.ResponseWriter, status int, page tms.Page[loadView]) error {
	j := newJSONWriter()
	defer jsonWriters.Put(j)
	j.loadPage(page)
	return j.write(w, status, page)
}

// writeLoadJSON answers with one load view as web.WriteJSON would, byte for byte.
func writeLoadJSON(w http.ResponseWriter, status int, v loadView) error {
	j := newJSONWriter()
	defer jsonWriters.Put(j)
	j.loadView(&v)
	return j.write(w, status, v)
}

// jsonWriters keeps the writers' buffers between answers, as encoding/json keeps its own.
var jsonWriters = sync.Pool{New: func() any { return &jsonWriter{} }}

func newJSONWriter() *jsonWriter {
	j := jsonWriters.Get().(*jsonWriter)
	j.b, j.bad = j.b[:0], false
	return j
}

// jsonWriter appends the load views as encoding/json writes them: the same members in the
// same order, omitempty, null for nil slices, the same HTML-safe string escaping. A value it
// leaves to encoding/json (a time RFC 3339 cannot write, a float json writes with an exponent
// or refuses) sets bad, and the whole answer is then encoded by encoding/json, which answers
// or fails as before. TestLoadJSONMatchesEncodingJSON and FuzzLoadJSON hold it to that.
type jsonWriter struct {
	b   []byte
	bad bool
}

// write sends what was appended, or v through encoding/json when something was left to it.
func (j *jsonWriter) write(w http.ResponseWriter, status int, v any) error {
	if j.bad {
		return web.WriteJSON(w, status, v)
	}
	return web.WriteJSONBytes(w, status, append(j.b, '\n')) // json.Encoder ends each value with a newline
}

func (j *jsonWriter) loadPage(p tms.Page[loadView]) {
	j.b = append(j.b, '{')
	j.key("items")
	array(j, p.Items, j.loadView)
	j.intField("total", int64(p.Total))
	j.intField("limit", int64(p.Limit))
	j.intField("offset", int64(p.Offset))
	j.b = append(j.b, '}')
}

// loadView writes the members of tms.Load (its Stops hidden by the view's) and the view's own.
func (j *jsonWriter) loadView(v *loadView) {
	l := &v.Load
	j.b = append(j.b, '{')
	j.meta(l.Meta)
	j.strField("number", l.Number)
	j.intField("customer_id", l.CustomerID)
	j.strField("status", string(l.Status))
	j.strOmitEmpty("hold_from", string(l.HoldFrom))
	j.references(l.References)
	j.strField("commodity", l.Commodity)
	j.intField("weight_lb", int64(l.WeightLb))
	j.intField("pieces", int64(l.Pieces))
	j.strField("equipment_type", l.EquipmentType)
	optInt(j, "temp_min_f", l.TempMinF)
	optInt(j, "temp_max_f", l.TempMaxF)
	j.hazmat(l.Hazmat)
	j.charges(l.Charges)
	j.intField("total_cents", int64(l.TotalCents))
	j.key("planned_miles")
	j.float(l.PlannedMiles)
	j.boolField("miles_manual", l.MilesManual)
	optInt(j, "driver_id", l.DriverID)
	optInt(j, "co_driver_id", l.CoDriverID)
	optInt(j, "truck_id", l.TruckID)
	optInt(j, "trailer_id", l.TrailerID)
	j.strField("notes", l.Notes)
	j.stopViews(v.Stops)
	j.key("allowed_transitions")
	array(j, v.AllowedTransitions, func(s *tms.LoadStatus) { j.str(string(*s)) })
	j.b = append(j.b, '}')
}

func (j *jsonWriter) meta(m tms.Meta) {
	j.intField("id", m.ID)
	j.timeField("created_at", m.CreatedAt)
	j.timeField("updated_at", m.UpdatedAt)
	j.intField("version", int64(m.Version))
}

func (j *jsonWriter) references(r tms.References) {
	j.key("references")
	j.b = append(j.b, '{')
	j.strOmitEmpty("bol", r.BOL)
	j.strOmitEmpty("po", r.PO)
	j.strOmitEmpty("pickup", r.Pickup)
	j.strOmitEmpty("customer_load", r.CustomerLoad)
	j.b = append(j.b, '}')
}

func (j *jsonWriter) hazmat(h *tms.Hazmat) {
	if h == nil {
		return
	}
	j.key("hazmat")
	j.b = append(j.b, '{')
	j.strField("un_number", h.UNNumber)
	j.strField("class", h.Class)
	j.strOmitEmpty("packing_group", h.PackingGroup)
	j.b = append(j.b, '}')
}

func (j *jsonWriter) charges(cs []tms.Charge) {
	j.key("charges")
	array(j, cs, func(c *tms.Charge) {
		j.b = append(j.b, '{')
		j.strField("kind", c.Kind)
		j.strOmitEmpty("description", c.Description)
		j.intField("amount_cents", int64(c.AmountCents))
		optInt(j, "stop_id", c.StopID)
		j.fuelIndex(c.FuelIndex)
		j.b = append(j.b, '}')
	})
}

func (j *jsonWriter) fuelIndex(f *tms.FuelIndex) {
	if f == nil {
		return
	}
	j.key("fuel_index")
	j.b = append(j.b, '{')
	j.key("week")
	if f.Week.IsZero() { // as tms.Date's MarshalJSON
		j.b = append(j.b, "null"...)
	} else {
		j.str(f.Week.String())
	}
	j.intField("price_mills", f.PriceMills)
	j.b = append(j.b, '}')
}

func (j *jsonWriter) stopViews(stops []stopView) {
	j.key("stops")
	array(j, stops, j.stopView)
}

func (j *jsonWriter) stopView(v *stopView) {
	s := &v.Stop
	j.b = append(j.b, '{')
	j.intField("id", s.ID)
	j.intField("seq", int64(s.Seq))
	j.strField("kind", string(s.Kind))
	j.intField("facility_id", s.FacilityID)
	j.timeField("appointment_start", s.AppointmentStart)
	j.timeField("appointment_end", s.AppointmentEnd)
	j.strOmitEmpty("references", s.References)
	j.strField("status", string(s.Status))
	j.optTime("arrived_at", s.ArrivedAt)
	j.optTime("departed_at", s.DepartedAt)
	j.strOmitEmpty("notes", s.Notes)
	j.strField("facility_name", v.FacilityName)
	j.strField("city", v.City)
	j.strField("state", v.State)
	j.strField("time_zone", v.TimeZone)
	j.strField("appointment_start_local", v.AppointmentStartLocal)
	j.strField("appointment_end_local", v.AppointmentEndLocal)
	j.b = append(j.b, '}')
}

// array writes items with each, or null for a nil slice as encoding/json does.
func array[T any](j *jsonWriter, items []T, each func(*T)) {
	if items == nil {
		j.b = append(j.b, "null"...)
		return
	}
	j.b = append(j.b, '[')
	for i := range items {
		j.comma('[')
		each(&items[i])
	}
	j.b = append(j.b, ']')
}

// comma separates a member or element from the one before, unless it is the first after open.
func (j *jsonWriter) comma(open byte) {
	if j.b[len(j.b)-1] != open {
		j.b = append(j.b, ',')
	}
}

// key writes a member's name (names here need no escaping).
func (j *jsonWriter) key(name string) {
	j.comma('{')
	j.b = append(j.b, '"')
	j.b = append(j.b, name...)
	j.b = append(j.b, '"', ':')
}

func (j *jsonWriter) strField(name, s string) {
	j.key(name)
	j.str(s)
}

func (j *jsonWriter) strOmitEmpty(name, s string) {
	if s != "" {
		j.strField(name, s)
	}
}

func (j *jsonWriter) intField(name string, v int64) {
	j.key(name)
	j.b = strconv.AppendInt(j.b, v, 10)
}

// optInt writes a pointer member with omitempty: nothing when nil.
func optInt[I ~int | ~int64](j *jsonWriter, name string, v *I) {
	if v != nil {
		j.intField(name, int64(*v))
	}
}

func (j *jsonWriter) boolField(name string, v bool) {
	j.key(name)
	j.b = strconv.AppendBool(j.b, v)
}

func (j *jsonWriter) timeField(name string, t time.Time) {
	j.key(name)
	j.time(t)
}

func (j *jsonWriter) optTime(name string, t *time.Time) {
	if t != nil {
		j.timeField(name, *t)
	}
}

// time writes t as time.Time's MarshalJSON does (AppendText is the same strict RFC 3339).
func (j *jsonWriter) time(t time.Time) {
	b, err := t.AppendText(append(j.b, '"'))
	if err != nil {
		j.bad = true
		return
	}
	j.b = append(b, '"')
}

// float writes f as encoding/json does in the range it writes without an exponent.
func (j *jsonWriter) float(f float64) {
	if abs := math.Abs(f); math.IsNaN(f) || abs >= 1e21 || (abs != 0 && abs < 1e-6) {
		j.bad = true
		return
	}
	j.b = strconv.AppendFloat(j.b, f, 'f', -1, 64)
}

// str writes s quoted; a string with anything encoding/json escapes (quotes, backslashes,
// control characters, <, > and &, invalid UTF-8, U+2028 and U+2029: all outside ASCII is
// checked by it) is written by encoding/json itself.
func (j *jsonWriter) str(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			j.b = append(j.b, q...)
			return
		}
	}
	j.b = append(j.b, '"')
	j.b = append(j.b, s...)
	j.b = append(j.b, '"')
}
