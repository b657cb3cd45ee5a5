package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
	"github.com/anditms/tms/internal/web"
)

// trackingRoutes lists devices, batch ingest and the tracking queries.
func (a *API) trackingRoutes() []Route {
	devices := resource[tms.Device]{"/api/v1/devices", "devices", a.createDevice, a.getDevice, a.listDevices, a.updateDevice,
		func(v *tms.Device) *tms.Meta { return &v.Meta }, authz.Dispatch}.routes()
	for i := range devices {
		devices[i].Action = authz.Dispatch
	}
	return append(devices,
		Route{"POST /api/v1/positions", authz.Dispatch, Trackers{a.Tracking}.Batch, Doc{Summary: "Store up to 1,000 positions (integrations); per-item results", Tag: "tracking",
			In: tracking.BatchRequest{}, Out: tracking.BatchResponse{}}},
		Route{"GET /api/v1/stream", authz.LoadsRead, a.stream, Doc{Summary: "Server-Sent Events: positions, stop arrivals and departures, status changes (Last-Event-ID replays missed load events)", Tag: "tracking"}},
		Route{"GET /api/v1/trucks/nearest", authz.OfficeRead, a.nearestTrucks, Doc{Summary: "Trucks nearest a point by their newest fix, each once (of several devices in a truck, the one that reported last); fixes older than TRACKING_MAX_FIX_AGE (24 h) are left out, fix_age_seconds says each fix's age", Tag: "tracking",
			Out: []nearbyTruck{}, Query: []string{"lat", "lon", "limit", "max_miles", "available"}}},
		Route{"GET /api/v1/trucks/{id}/track", authz.OfficeRead, a.truckTrack, Doc{Summary: "A truck's track over a time range as GeoJSON: the simplified line of its fixes, the stops of its loads, the trip distance", Tag: "tracking",
			Out: tracking.FeatureCollection{}, Query: []string{"from", "to"}}},
		Route{"GET /api/v1/loads/{id}/eta", authz.LoadsRead, a.loadETA, Doc{Summary: "ETA at the load's next stop from its truck's last fix, with the late risk (late: window passed without arrival or ETA past it; no_gps: silent longer than TRACKING_NO_GPS_AFTER) (drivers: their own loads)", Tag: "tracking", Out: tracking.ETA{}}},
		Route{"GET /api/v1/tracking/eta", authz.OfficeRead, a.inTransitETAs, Doc{Summary: "ETA and late risk of every in-transit load", Tag: "tracking", Out: []tracking.ETA{}}},
	)
}

// createDevice stores a device; the response is the only one that shows its secret.
func (a *API) createDevice(ctx context.Context, d *tms.Device) error {
	return a.Store.CreateDevice(ctx, d)
}

func (a *API) getDevice(ctx context.Context, id int64) (tms.Device, error) {
	d, err := a.Store.Device(ctx, id)
	return masked(d), err
}

func (a *API) listDevices(ctx context.Context, f tms.MasterFilter) (tms.Page[tms.Device], error) {
	p, err := a.Store.ListDevices(ctx, f)
	for i := range p.Items {
		p.Items[i] = masked(p.Items[i])
	}
	return p, err
}

// updateDevice keeps the secret when the client sends back the mask, and shows it only when
// it was changed.
func (a *API) updateDevice(ctx context.Context, id int64, fn func(*tms.Device) error) (tms.Device, error) {
	var old string
	d, err := a.Store.UpdateDevice(ctx, id, func(d *tms.Device) error {
		old = d.Secret
		if err := fn(d); err != nil {
			return err
		}
		if d.Secret == tms.MaskedSecret {
			d.Secret = old
		}
		return nil
	})
	if d.Secret == old {
		d = masked(d)
	}
	return d, err
}

func masked(d tms.Device) tms.Device {
	if d.Secret != "" {
		d.Secret = tms.MaskedSecret
	}
	return d
}

// nearbyTruck is a nearest-trucks answer with distance in miles and the fix's age.
type nearbyTruck struct {
	tms.NearbyTruck
	Miles         float64 `json:"miles"`
	FixAgeSeconds int64   `json:"fix_age_seconds"`
	Available     bool    `json:"available"`
}

func (a *API) nearestTrucks(w http.ResponseWriter, r *http.Request) error {
	q, err := nearestQuery(r)
	if err != nil {
		return err
	}
	found, err := a.Tracking.NearestTrucks(r.Context(), q)
	if err != nil {
		return err
	}
	out := make([]nearbyTruck, len(found))
	for i, t := range found {
		out[i] = nearbyTruck{NearbyTruck: t, Miles: round1(tms.MetersToMiles(t.Meters)),
			FixAgeSeconds: int64(time.Since(t.FixTime).Seconds()), Available: t.Load == nil}
	}
	return web.WriteJSON(w, http.StatusOK, out)
}

func nearestQuery(r *http.Request) (tms.NearestQuery, error) {
	v := tms.Validation{}
	q := r.URL.Query()
	n := tms.NearestQuery{
		Point:         tms.Point{Lat: queryFloat(q.Get("lat"), v, "lat"), Lon: queryFloat(q.Get("lon"), v, "lon")},
		Limit:         10,
		AvailableOnly: q.Get("available") == "true",
	}
	v.Check(n.Point.Valid(), "lat", "lat and lon must be a valid position")
	if s := q.Get("limit"); s != "" {
		n.Limit = web.QueryInt(s, v, "limit")
		v.Check(n.Limit >= 1 && n.Limit <= 100, "limit", "must be 1 to 100")
	}
	if s := q.Get("max_miles"); s != "" {
		mi := queryFloat(s, v, "max_miles")
		v.Check(mi > 0 && mi <= 5000, "max_miles", "must be above 0 and at most 5,000")
		n.MaxMeters = tms.MilesToMeters(mi)
	}
	return n, v.Err()
}

func queryFloat(s string, v tms.Validation, field string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	v.Check(err == nil, field, "must be a number")
	return f
}

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }
