package ui

import "github.com/anditms/tms/internal/tms"

// Missed lists the stops the geofence marked missed (passed without an arrival), for the
// board's warning; the evidence is on the load page's timeline.
func (v loadView) Missed() []stopView {
	var out []stopView
	for _, s := range v.Stops {
		if s.Status == tms.StopMissed {
			out = append(out, s)
		}
	}
	return out
}
