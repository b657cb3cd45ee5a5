package api_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/geocode"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// TestGeocodeAndFacilityZone: on both engines, a dispatcher looks an address up (ZIP centroid,
// its precision and zone), a bad address is a 400 naming the field, a viewer may not look up,
// and a facility whose zone contradicts its position is refused with the reason and not stored.
func TestGeocodeAndFacilityZone(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			srv := apitest.Start(t, apitest.DefaultConfig(t), store)
			dispatcher := login(t, srv, "dispatcher@example.com", tms.RoleDispatcher, 0)
			viewer := login(t, srv, "viewer@example.com", tms.RoleViewer, 0)

			lookup := "/api/v1/geocode?address=" + url.QueryEscape("3100 Westinghouse Blvd, Charlotte, NC 28208")
			var got geocode.Result
			dispatcher.Do("GET", lookup, nil).Want(200).JSON(&got)
			if got.Precision != geocode.PrecisionZIP || got.TimeZone != "America/New_York" || got.PrecisionText != "approximate, ZIP centroid" {
				t.Errorf("lookup = %+v", got)
			}
			p := dispatcher.Do("GET", "/api/v1/geocode?address="+url.QueryEscape("1 Main St"), nil).Want(400).Problem()
			if errs, _ := p["errors"].(map[string]any); errs["address"] == nil {
				t.Errorf("bad address problem = %v, want errors.address", p)
			}
			viewer.Do("GET", lookup, nil).Want(403)

			tokyo := tms.Facility{Name: "Denver DC", Lat: 39.7392, Lon: -104.9903, TimeZone: "Asia/Tokyo"}
			p = dispatcher.Do("POST", "/api/v1/facilities", tokyo).Want(400).Problem()
			if errs, _ := p["errors"].(map[string]any); errs["time_zone"] == nil {
				t.Errorf("Denver in Asia/Tokyo problem = %v, want errors.time_zone", p)
			}
			if page, _ := store.ListFacilities(context.Background(), tms.MasterFilter{}); len(page.Items) != 0 {
				t.Errorf("the refused facility was stored: %+v", page.Items)
			}
			tokyo.TimeZone = "America/Denver"
			dispatcher.Do("POST", "/api/v1/facilities", tokyo).Want(201)
		})
	}
}
