package config

import "strconv"

// Demo is what a fresh installation shows: the demo data set and its trucks on the move.
type Demo struct {
	// Data (TMS_DEMO, default on) loads the demo data set on the first embedded start; off
	// starts empty. Production never loads it by itself (tms seed --demo does).
	Data bool
	// Drive (TMS_DEMO_DRIVE) moves the demo trucks while tms serve runs and demo data exists:
	// on by default on an embedded installation outside ENV=prod, off elsewhere unless set on.
	Drive bool
	// Speedup (TMS_DEMO_SPEEDUP, default 30) is how much faster than real time they drive.
	Speedup float64
}

func loadDemo(getenv func(string) string, c *Config) error {
	var err error
	if c.Demo.Data, err = onOff(getenv, "TMS_DEMO", true); err != nil {
		return err
	}
	if c.Demo.Drive, err = onOff(getenv, "TMS_DEMO_DRIVE", c.Embedded() && c.Env != EnvProd); err != nil {
		return err
	}
	c.Demo.Speedup = 30
	if v := getenv("TMS_DEMO_SPEEDUP"); v != "" {
		if c.Demo.Speedup, err = strconv.ParseFloat(v, 64); err != nil || c.Demo.Speedup < 1 || c.Demo.Speedup > 10_000 {
			return &Error{"TMS_DEMO_SPEEDUP", "must be a number from 1 to 10000"}
		}
	}
	return nil
}

// onOff reads a switch: on or off (also true/false, 1/0), def when unset.
func onOff(getenv func(string) string, name string, def bool) (bool, error) {
	switch getenv(name) {
	case "":
		return def, nil
	case "on", "true", "1":
		return true, nil
	case "off", "false", "0":
		return false, nil
	}
	return false, &Error{name, "must be on or off"}
}
