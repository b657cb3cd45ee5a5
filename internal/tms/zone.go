package tms

import (
	"sync"
	"time"
)

// zones caches loaded time zones: time.LoadLocation reads the zone file from disk on every
// call, and every stop shown in local time needs one (zones never change while running).
var zones sync.Map // name -> *time.Location

// Zone returns the IANA time zone name, UTC when it is blank, "Local" or unknown.
func Zone(name string) *time.Location {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if name == "" || name == "Local" || err != nil {
		return time.UTC
	}
	zones.Store(name, loc)
	return loc
}

// KnownZone reports whether name is an IANA time zone (not blank, not "Local").
func KnownZone(name string) bool {
	if name == "" || name == "Local" {
		return false
	}
	if _, ok := zones.Load(name); ok {
		return true
	}
	_, err := time.LoadLocation(name)
	return err == nil
}
