package billing

import (
	"fmt"

	"github.com/anditms/tms/internal/tms"
)

// FuelSurcharge is the fuel surcharge line of a load under schedule s at a diesel price:
// formula and step schedules per loaded mile, percent schedules on the linehaul.
func FuelSurcharge(s tms.FuelSchedule, price tms.DieselPrice, loadedMilesTenths int64, linehaul tms.Cents) tms.Charge {
	c := tms.Charge{Kind: kindFuelSurcharge, FuelIndex: &tms.FuelIndex{Week: price.Week, PriceMills: price.PriceMills}}
	index := fmt.Sprintf("Fuel surcharge, diesel %s (week of %s)", millsText(price.PriceMills), price.Week)
	if s.Method == tms.FuelPercent {
		c.AmountCents = tms.PercentCents(linehaul, s.PercentBP)
		c.Description = fmt.Sprintf("%s: %s of linehaul %s", index, percentText(s.PercentBP), linehaul)
		return c
	}
	rate := FuelRatePerMile(s, price.PriceMills)
	c.AmountCents = tms.PerMileCents(loadedMilesTenths, rate)
	c.Description = fmt.Sprintf("%s: %s/mi x %s mi", index, millsText(rate), tenthsText(loadedMilesTenths))
	return c
}

// FuelRatePerMile is the surcharge in mills per loaded mile of a formula or step schedule at
// a diesel price in mills per gallon; 0 for a percent schedule.
func FuelRatePerMile(s tms.FuelSchedule, priceMills int64) int64 {
	switch s.Method {
	case tms.FuelFormula:
		return formulaRate(s.PegMills, s.MPGTenths, priceMills)
	case tms.FuelStepTable:
		return stepRate(s.Steps, priceMills)
	}
	return 0
}

// formulaRate is max(0, (price - peg) / mpg) in mills per mile, rounded half up to the mill.
func formulaRate(pegMills, mpgTenths, priceMills int64) int64 {
	if mpgTenths <= 0 { // Validate refuses it; a zero divisor must not panic a rating run
		return 0
	}
	return max(0, tms.MulDivRound(priceMills-pegMills, tms.TenthsPerMile, mpgTenths))
}

// stepRate is the rate of the last band starting at or below the price (steps ascend); below
// the first band there is no surcharge.
func stepRate(steps []tms.FuelStep, priceMills int64) int64 {
	var rate int64
	for _, st := range steps {
		if st.FromMills > priceMills {
			break
		}
		rate = st.MillsPerMile
	}
	return rate
}
