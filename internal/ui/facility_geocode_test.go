package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// TestFacilityGeocodePages: on both engines, the facility form's lookup answers with the ZIP
// centroid, its precision and zone (and the HX-Trigger event the map takes them from); an
// address without ZIP or city is a 422 saying so; a viewer may not look up; saving Denver
// coordinates with Asia/Tokyo is refused with the reason; and a stop of the load form gets a
// new facility from a name and an address line, keeping the rest of the form.
func TestFacilityGeocodePages(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			srv := apitest.Start(t, apitest.DefaultConfig(t), store)
			admin, pw := apitest.CreateUser(t, store, "admin@example.com", tms.RoleAdmin)
			p := newPage(t, srv)
			p.login(admin.Email, pw)
			contains(t, p.get("/facilities/new").Want(http.StatusOK), `hx-post="/facilities/lookup"`, `id="lookup-result"`)

			r := p.post("/facilities/lookup", url.Values{"address.line1": {"3100 Westinghouse Blvd"}, "address.city": {"Charlotte"},
				"address.state": {"NC"}, "address.zip": {"28208"}}).Want(http.StatusOK)
			contains(t, r, "approximate, ZIP centroid", "America/New_York")
			if ev := r.Header.Get("HX-Trigger"); !strings.Contains(ev, `"geocoded"`) || !strings.Contains(ev, `"time_zone":"America/New_York"`) {
				t.Errorf("HX-Trigger = %q", ev)
			}
			contains(t, p.post("/facilities/lookup", url.Values{"address.line1": {"1 Main St"}}).Want(http.StatusUnprocessableEntity), "no ZIP")

			tokyo := url.Values{"name": {"Denver DC"}, "lat": {"39.7392"}, "lon": {"-104.9903"}, "time_zone": {"Asia/Tokyo"}, "active": {"on"}}
			contains(t, p.post("/facilities/new", tokyo).Want(http.StatusUnprocessableEntity), `id="f-time_zone-error"`, "lies in America/Denver")

			form := url.Values{"customer_id": {""}, "stops_count": {"2"}, "charges_count": {"0"}, "commodity": {"Paper"},
				"stops[0].kind": {"pickup"}, "stops[0].new_facility_name": {"Westinghouse DC"},
				"stops[0].new_facility_address": {"3100 Westinghouse Blvd, Charlotte, NC 28208"},
				"stops[1].kind":                 {"delivery"}, "op": {"new-facility-0"}}
			r = p.post("/loads/new", form).Want(http.StatusOK)
			contains(t, r, "Created Westinghouse DC", "approximate, ZIP centroid", `value="Paper"`, ">Westinghouse DC")
			page, _ := store.ListFacilities(t.Context(), tms.MasterFilter{Text: "Westinghouse"})
			if len(page.Items) != 1 || page.Items[0].TimeZone != "America/New_York" {
				t.Fatalf("facilities = %+v", page.Items)
			}
			form.Set("stops[1].new_facility_address", "Nowhere")
			form.Set("op", "new-facility-1")
			contains(t, p.post("/loads/new", form).Want(http.StatusUnprocessableEntity), `id="s1-new_facility_address-error"`, "Needs a ZIP or a city and state")

			viewer, vpw := apitest.CreateUser(t, store, "viewer@example.com", tms.RoleViewer)
			v := newPage(t, srv)
			v.login(viewer.Email, vpw)
			v.get("/facilities")
			v.post("/facilities/lookup", url.Values{"address.zip": {"28208"}}).Want(http.StatusForbidden)
		})
	}
}
