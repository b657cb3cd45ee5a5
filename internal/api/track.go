package api

import (
	"net/http"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// loadETA serves a load's ETA at its next stop (drivers: their own loads).
func (a *API) loadETA(w http.ResponseWriter, r *http.Request) error {
	l, err := a.visibleLoad(r)
	if err != nil {
		return err
	}
	e, err := a.Tracking.LoadETA(r.Context(), l)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, e)
}

// inTransitETAs serves the ETA and late risk of every in-transit load.
func (a *API) inTransitETAs(w http.ResponseWriter, r *http.Request) error {
	es, err := a.Tracking.InTransitETAs(r.Context())
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, es)
}

// truckTrack serves a truck's track over ?from=&to= as GeoJSON.
func (a *API) truckTrack(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v := tms.Validation{}
	q := r.URL.Query()
	from, to := web.QueryTime(q.Get("from"), v, "from"), web.QueryTime(q.Get("to"), v, "to")
	if err := v.Err(); err != nil {
		return err
	}
	fc, err := a.Tracking.Track(r.Context(), id, from, to)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, fc)
}
