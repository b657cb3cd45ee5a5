package api

import (
	"net/http"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/geocode"
	"github.com/anditms/tms/internal/web"
)

// geocodeRoutes: whoever may create facilities may look addresses up for them.
func (a *API) geocodeRoutes() []Route {
	return []Route{
		{"GET /api/v1/geocode", authz.Dispatch, a.geocode, Doc{Summary: "Locate a US address typed on one line (address=3100 Westinghouse Blvd, Charlotte, NC 28208): " +
			"its ZIP centroid, else its city's centre, with the precision and the time zone there", Tag: "facilities", Out: geocode.Result{}, Query: []string{"address"}}},
	}
}

func (a *API) geocode(w http.ResponseWriter, r *http.Request) error {
	addr, err := geocode.ParseAddress(r.URL.Query().Get("address"))
	if err != nil {
		return err
	}
	res, err := geocode.Locate(r.Context(), a.geocoder(), addr)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, res)
}

func (a *API) geocoder() geocode.Geocoder {
	if a.Geocoder == nil {
		return geocode.Offline{}
	}
	return a.Geocoder
}
