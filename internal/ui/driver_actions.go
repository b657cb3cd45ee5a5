package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// driverStop records the driver's arrival at or departure from a stop of their load.
func (u *UI) driverStop(arriving bool) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		return u.driverAction(w, r, "stop", func(l tms.Load, f Form) (string, error) {
			return u.recordStop(r, l.ID, arriving, f)
		})
	}
}

// driverUpload files a POD, BOL, lumper receipt or scale ticket photographed at the dock.
func (u *UI) driverUpload(w http.ResponseWriter, r *http.Request) error {
	return u.driverAction(w, r, "upload", func(l tms.Load, f Form) (string, error) {
		return u.upload(r, l.ID, f)
	})
}

// driverCheckCall records where the driver is, with a note.
func (u *UI) driverCheckCall(w http.ResponseWriter, r *http.Request) error {
	return u.driverAction(w, r, "checkcall", func(l tms.Load, f Form) (string, error) {
		c := dispatch.CheckCall{Location: strings.TrimSpace(f.Get("location")), Note: strings.TrimSpace(f.Get("note"))}
		lat, errLat := strconv.ParseFloat(f.Get("lat"), 64)
		lon, errLon := strconv.ParseFloat(f.Get("lon"), 64)
		if errLat == nil && errLon == nil {
			c.Point = &tms.Point{Lat: lat, Lon: lon}
		}
		_, err := u.dispatch.AddCheckCall(r.Context(), l.ID, c)
		return "Check call sent.", err
	})
}

// driverAction runs an action on one of the driver's own loads (any other is forbidden),
// then shows the driver view again: with a notice when done, with the problem when refused.
func (u *UI) driverAction(w http.ResponseWriter, r *http.Request, action string, do func(l tms.Load, f Form) (string, error)) error {
	id, f, err := pathForm(r)
	if err != nil {
		return err
	}
	l, err := u.store.Load(r.Context(), id)
	if tms.ErrorCode(err) == tms.CodeNotFound || err == nil && !dispatch.VisibleTo(tms.ActorFrom(r.Context()), l) {
		return tms.Errorf(tms.CodeForbidden, "this load is not assigned to you")
	} else if err != nil {
		return err
	}
	done, err := do(l, f)
	if err == nil {
		u.flash(r, done)
		http.Redirect(w, r, "/driver", http.StatusSeeOther)
		return nil
	}
	p, status, ok := problemOf(err, f, action)
	if !ok {
		return err
	}
	return u.renderDriver(w, r, status, p)
}
