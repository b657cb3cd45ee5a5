package tms

// Units of the integers billing works in. Money never touches float64: a rate and a quantity
// are integers in these units and MulDivRound turns their product into cents, rounded half up
// once per line; totals are sums of lines.
const (
	MillsPerCent  = 10  // a mill is a tenth of a cent: rates per mile and diesel prices
	TenthsPerMile = 10  // distances that are billed are counted in tenths of a mile
	BasisPoints   = 100 // a percent is 100 basis points
)

// MilesTenths rounds a distance in miles to whole tenths, the unit billing multiplies by rates.
func MilesTenths(miles float64) int64 {
	if miles <= 0 {
		return 0
	}
	return int64(miles*TenthsPerMile + 0.5)
}

// PerMileCents is tenths of a mile at a rate in mills per mile, in cents rounded half up.
func PerMileCents(milesTenths, millsPerMile int64) Cents {
	return Cents(MulDivRound(milesTenths, millsPerMile, TenthsPerMile*MillsPerCent))
}

// PercentCents is basis points of an amount, in cents rounded half up.
func PercentCents(amount Cents, basisPoints int64) Cents {
	return Cents(MulDivRound(int64(amount), basisPoints, 100*BasisPoints))
}
