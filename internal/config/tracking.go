package config

import "time"

// Tracking tunes the GPS rules that depend on clocks and ages.
type Tracking struct {
	// MaxFixAhead refuses fixes whose time is further ahead of the server's clock (a device
	// with a wrong clock would otherwise become the truck's latest position and blind its geofence).
	MaxFixAhead time.Duration
	// MaxFixAge: trucks whose newest fix is older are not offered as nearby.
	MaxFixAge time.Duration
	// NoGPSAfter: a moving load whose truck has not reported for longer is at risk.
	NoGPSAfter time.Duration
}

func loadTracking(getenv func(string) string, c *Config) error {
	var err error
	if c.Tracking.MaxFixAhead, err = positiveDuration(getenv, "TRACKING_MAX_FIX_AHEAD", 5*time.Minute); err != nil {
		return err
	}
	if c.Tracking.MaxFixAge, err = positiveDuration(getenv, "TRACKING_MAX_FIX_AGE", 24*time.Hour); err != nil {
		return err
	}
	c.Tracking.NoGPSAfter, err = positiveDuration(getenv, "TRACKING_NO_GPS_AFTER", 3*time.Hour)
	return err
}

// positiveDuration reads a Go duration ("5m", "24h"); empty is def.
func positiveDuration(getenv func(string) string, name string, def time.Duration) (time.Duration, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, &Error{name, "must be a positive duration such as 5m or 24h"}
	}
	return d, nil
}
