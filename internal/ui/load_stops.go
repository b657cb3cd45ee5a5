package ui

import (
	"net/http"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// officeStop records an arrival or departure by hand from the load page (a dispatcher
// correcting what GPS missed), at the current time.
func (u *UI) officeStop(arriving bool) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		return u.loadAction(w, r, "stop", func(id int64, _ Form) (string, error) {
			return u.recordStop(r, id, arriving)
		})
	}
}

// recordStop marks the path's stop of load id arrived or departed now, as the signed-in user.
func (u *UI) recordStop(r *http.Request, id int64, arriving bool) (string, error) {
	stop, err := pathID(r, "stop")
	if err != nil {
		return "", err
	}
	l, _, err := u.dispatch.RecordStop(r.Context(), id, stop, dispatch.StopEvent{Arriving: arriving, Source: tms.SourceUser})
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
