package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// LoadFilterParams are the query parameters LoadFilter reads (the API documents them).
var LoadFilterParams = []string{"status", "customer_id", "driver_id", "truck_id", "from", "to",
	"pickup_from", "pickup_to", "delivery_from", "delivery_to", "q"}

// LoadFilter reads a load list's filters from a query; the API's load list and the UI's Loads
// page share it. status may repeat or be comma-separated; dates are 2026-12-07 or RFC 3339.
// A date-only pickup_to or delivery_to includes its whole day (a person means "through").
func LoadFilter(q url.Values) (tms.LoadFilter, error) {
	v := tms.Validation{}
	f := tms.LoadFilter{Text: strings.TrimSpace(q.Get("q"))}
	for _, list := range q["status"] {
		for _, s := range strings.Split(list, ",") {
			if s != "" {
				v.Check(tms.LoadStatus(s).Valid(), "status", "unknown status "+s)
				f.Statuses = append(f.Statuses, tms.LoadStatus(s))
			}
		}
	}
	f.CustomerID = int64(QueryInt(q.Get("customer_id"), v, "customer_id"))
	f.DriverID = int64(QueryInt(q.Get("driver_id"), v, "driver_id"))
	f.TruckID = int64(QueryInt(q.Get("truck_id"), v, "truck_id"))
	f.From = QueryTime(q.Get("from"), v, "from")
	f.To = QueryTime(q.Get("to"), v, "to")
	f.PickupFrom = QueryTime(q.Get("pickup_from"), v, "pickup_from")
	f.PickupTo = throughDay(q.Get("pickup_to"), v, "pickup_to")
	f.DeliveryFrom = QueryTime(q.Get("delivery_from"), v, "delivery_from")
	f.DeliveryTo = throughDay(q.Get("delivery_to"), v, "delivery_to")
	return f, v.Err()
}

// throughDay reads an upper bound: a date means the end of that day (UTC), a time itself.
func throughDay(s string, v tms.Validation, field string) time.Time {
	t := QueryTime(s, v, field)
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return t.AddDate(0, 0, 1)
	}
	return t
}

// QueryInt reads a whole number, 0 or more, from a query parameter ("" is 0); a bad value is
// recorded in v under field.
func QueryInt(s string, v tms.Validation, field string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	v.Check(err == nil && n >= 0, field, "must be a whole number, 0 or more")
	return n
}

// QueryTime reads a date (2026-12-07, midnight UTC) or an RFC 3339 time ("" is the zero time);
// a bad value is recorded in v under field.
func QueryTime(s string, v tms.Validation, field string) time.Time {
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	t, err := time.Parse(time.DateOnly, s)
	v.Check(err == nil, field, "must be a date (2026-12-07) or an RFC 3339 time")
	return t
}
