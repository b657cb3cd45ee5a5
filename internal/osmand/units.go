package osmand

import "github.com/anditms/tms/internal/tms"

// SpeedUnit is the unit a device sends the query-form `speed` in. The protocol says knots;
// some trackers send km/h or m/s, so the unit is configurable per device.
type SpeedUnit string

// Speed units a device may be configured with.
const (
	Knots SpeedUnit = "kn"
	KMH   SpeedUnit = "kmh"
	MPS   SpeedUnit = "mps"
	MPH   SpeedUnit = "mph"
)

const metersPerMile = 1609.344

// mphPer is how many mph one of each unit is.
var mphPer = map[SpeedUnit]float64{
	Knots: 1852 / metersPerMile, // 1.150779...
	KMH:   1000 / metersPerMile,
	MPS:   3600 / metersPerMile,
	MPH:   1,
}

// ParseSpeedUnit checks a configured unit; "" means the protocol default, knots.
func ParseSpeedUnit(s string) (SpeedUnit, error) {
	if s == "" {
		return Knots, nil
	}
	if _, ok := mphPer[SpeedUnit(s)]; !ok {
		return "", tms.Errorf(tms.CodeInvalid, "speed unit %q is not one of kn, kmh, mps, mph", s)
	}
	return SpeedUnit(s), nil
}

// ToMPH converts v in u to miles per hour. An unknown unit is taken as knots, the protocol's.
func (u SpeedUnit) ToMPH(v float64) float64 {
	f, ok := mphPer[u]
	if !ok {
		f = mphPer[Knots]
	}
	return v * f
}
