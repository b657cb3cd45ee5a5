package tms

import "slices"

// LinehaulMethod is how the linehaul of a load is rated.
type LinehaulMethod string

// Linehaul methods. Rate units: flat in cents, per mile in mills per loaded mile, per
// hundredweight (100 lb) in cents.
const (
	LinehaulFlat    LinehaulMethod = "flat"
	LinehaulPerMile LinehaulMethod = "per_mile"
	LinehaulPerCWT  LinehaulMethod = "per_cwt"
)

// RateDefault is a customer's standard rate, optionally for one lane (origin and destination
// state); the most specific match is applied when a load is created.
type RateDefault struct {
	Meta
	CustomerID   int64          `json:"customer_id"`
	OriginState  string         `json:"origin_state"` // "" matches any
	DestState    string         `json:"dest_state"`   // "" matches any
	Method       LinehaulMethod `json:"method"`
	Rate         int64          `json:"rate"`
	StopOffCents Cents          `json:"stop_off_cents"` // per stop beyond the first pickup and last delivery
	Active       bool           `json:"active"`
}

// Validate checks a rate default.
func (r *RateDefault) Validate() error {
	v := Validation{}
	v.Check(r.CustomerID > 0, "customer_id", "is required")
	v.Check(r.OriginState == "" || usState.MatchString(r.OriginState), "origin_state", "must be a two-letter state or empty")
	v.Check(r.DestState == "" || usState.MatchString(r.DestState), "dest_state", "must be a two-letter state or empty")
	v.Check(slices.Contains([]LinehaulMethod{LinehaulFlat, LinehaulPerMile, LinehaulPerCWT}, r.Method), "method", "must be flat, per_mile or per_cwt")
	v.Check(r.Rate >= 0 && r.Rate < 100_000_000, "rate", "must be 0 to 1,000,000.00")
	v.Check(r.StopOffCents >= 0 && r.StopOffCents < 10_000_000, "stop_off_cents", "must be 0 to 100,000.00")
	return v.Err()
}

// Accessorial units.
const (
	UnitHour   = "hour"
	UnitDay    = "day"
	UnitFlat   = "flat"
	UnitAtCost = "at_cost"
	UnitStop   = "stop"
)

// Accessorial is an extra service in the carrier's catalog: what the customer is charged and
// what the driver earns for it.
type Accessorial struct {
	Meta
	Code             string `json:"code"` // one of ChargeKinds
	Name             string `json:"name"`
	Unit             string `json:"unit"`
	RateCents        Cents  `json:"rate_cents"`        // per unit; at cost: 0
	FreeMinutes      int    `json:"free_minutes"`      // detention: free time before billing starts
	IncrementMinutes int    `json:"increment_minutes"` // detention: billed in completed increments
	DriverPayCents   Cents  `json:"driver_pay_cents"`  // per unit, paid on settlements
	RequiresReceipt  bool   `json:"requires_receipt"`
}

// Validate checks a catalog entry.
func (a *Accessorial) Validate() error {
	v := Validation{}
	v.Check(slices.Contains(ChargeKinds, a.Code), "code", "must be a charge kind")
	v.Check(a.Name != "", "name", "is required")
	v.Check(slices.Contains([]string{UnitHour, UnitDay, UnitFlat, UnitAtCost, UnitStop}, a.Unit), "unit", "must be hour, day, flat, at_cost or stop")
	v.Check(a.RateCents >= 0 && a.DriverPayCents >= 0, "rate_cents", "must not be negative")
	v.Check(a.FreeMinutes >= 0 && a.FreeMinutes <= 24*60, "free_minutes", "must be 0 to 1,440")
	v.Check(a.IncrementMinutes >= 0 && a.IncrementMinutes <= 24*60, "increment_minutes", "must be 0 to 1,440")
	return v.Err()
}
