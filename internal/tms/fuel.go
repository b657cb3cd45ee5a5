package tms

import (
	"fmt"
	"slices"
	"time"
)

// DieselPrice is the weekly U.S. on-highway diesel price (EIA series EMD_EPD2D_PTE_NUS_DPG)
// for the week starting Week (EIA dates its weeks by their Monday), in mills per gallon.
type DieselPrice struct {
	Week       Date   `json:"week"`
	PriceMills int64  `json:"price_mills"`
	Source     string `json:"source"` // manual, csv or eia
}

// Validate checks a price.
func (p *DieselPrice) Validate() error {
	v := Validation{}
	v.Check(!p.Week.IsZero(), "week", "is required")
	v.Check(p.PriceMills > 0 && p.PriceMills < 20_000, "price_mills", "must be between $0.001 and $20.000 a gallon")
	if p.Source == "" {
		p.Source = "manual"
	}
	v.Check(slices.Contains([]string{"manual", "csv", "eia"}, p.Source), "source", "must be manual, csv or eia")
	return v.Err()
}

// FuelMethod is how a fuel surcharge schedule turns the diesel price into money.
type FuelMethod string

// Fuel surcharge methods.
const (
	FuelFormula   FuelMethod = "formula" // max(0, (index - peg) / mpg) per loaded mile
	FuelStepTable FuelMethod = "step"    // the band the index falls in gives mills per mile
	FuelPercent   FuelMethod = "percent" // basis points of the linehaul
)

// FuelStep is one band of a step table: from FromMills (inclusive) up to the next band's
// FromMills (exclusive), the surcharge is MillsPerMile.
type FuelStep struct {
	FromMills    int64 `json:"from_mills"`
	MillsPerMile int64 `json:"mills_per_mile"`
}

// FuelSchedule is a fuel surcharge agreement. Customers point at one; the carrier default is
// the schedule named in the carrier settings.
type FuelSchedule struct {
	Meta
	Name      string     `json:"name"`
	Method    FuelMethod `json:"method"`
	PegMills  int64      `json:"peg_mills"`  // formula: the base price the surcharge starts above
	MPGTenths int64      `json:"mpg_tenths"` // formula: truck fuel economy, 6.5 mpg = 65
	Steps     []FuelStep `json:"steps"`      // step: bands in ascending FromMills
	PercentBP int64      `json:"percent_bp"` // percent: of linehaul, 25 % = 2500
	// EffectiveLagDays is the effective-day rule: the price dated Monday applies from Monday
	// plus this many days (1 = from Tuesday) until the next price takes over.
	EffectiveLagDays int  `json:"effective_lag_days"`
	Active           bool `json:"active"`
}

// Validate checks a schedule.
func (s *FuelSchedule) Validate() error {
	v := Validation{}
	v.Check(s.Name != "" && len(s.Name) <= 100, "name", "is required (at most 100 characters)")
	v.Check(s.EffectiveLagDays >= 0 && s.EffectiveLagDays <= 14, "effective_lag_days", "must be 0 to 14")
	if s.Steps == nil {
		s.Steps = []FuelStep{}
	}
	switch s.Method {
	case FuelFormula:
		v.Check(s.PegMills > 0, "peg_mills", "must be positive")
		v.Check(s.MPGTenths >= 10 && s.MPGTenths <= 200, "mpg_tenths", "must be 1.0 to 20.0 mpg")
	case FuelStepTable:
		v.Check(len(s.Steps) > 0, "steps", "need at least one band")
		for i, st := range s.Steps {
			v.Check(st.MillsPerMile >= 0, fmt.Sprintf("steps[%d].mills_per_mile", i), "must not be negative")
			v.Check(i == 0 || st.FromMills > s.Steps[i-1].FromMills, fmt.Sprintf("steps[%d].from_mills", i), "must be above the previous band's")
		}
	case FuelPercent:
		v.Check(s.PercentBP > 0 && s.PercentBP <= 10_000, "percent_bp", "must be 0.01 % to 100 %")
	default:
		v.Check(false, "method", "must be formula, step or percent")
	}
	return v.Err()
}

// IndexDay is the day whose price applies to a load picked up at pickup: the price of a week
// becomes effective EffectiveLagDays after its date.
func (s *FuelSchedule) IndexDay(pickup time.Time) Date {
	return DateOf(pickup.AddDate(0, 0, -s.EffectiveLagDays))
}

// FuelIndex is the diesel price a fuel surcharge line was computed from.
type FuelIndex struct {
	Week       Date  `json:"week"`
	PriceMills int64 `json:"price_mills"`
}
