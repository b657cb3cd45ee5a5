package ui

import (
	"net/http"
	"strings"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// officeStop records an arrival or departure by hand from the load page (a dispatcher
// filling in what GPS missed), at the time entered in the facility's zone.
func (u *UI) officeStop(arriving bool) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		return u.loadAction(w, r, "stop", func(id int64, f Form) (string, error) {
			return u.recordStop(r, id, arriving, f)
		})
	}
}

// recordStop marks the path's stop of load id arrived or departed, as the signed-in user, at
// the form's time in the facility's zone (none: now, the driver's one tap at the dock).
func (u *UI) recordStop(r *http.Request, id int64, arriving bool, f Form) (string, error) {
	stop, err := pathID(r, "stop")
	if err != nil {
		return "", err
	}
	ev := dispatch.StopEvent{Arriving: arriving, Source: tms.SourceUser, Override: f.Checked("override"), Reason: strings.TrimSpace(f.Get("reason"))}
	if f.Get("at") != "" {
		loc, err := u.stopZone(r.Context(), id, stop)
		if err != nil {
			return "", err
		}
		v := tms.Validation{}
		if ev.At = formTime(f, "at", loc, v); v.Err() != nil {
			return "", v.Err()
		}
	}
	l, _, err := u.dispatch.RecordStop(r.Context(), id, stop, ev)
	if err != nil {
		return "", err
	}
	i := l.StopIndex(stop)
	verb := "Departed"
	if arriving {
		verb = "Arrived at"
	}
	return verb + " stop " + itoa(l.Stops[i].Seq) + " of " + l.Number + ".", nil
}
