package app_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

type loadJSON struct {
	ID                 int64            `json:"id"`
	Number             string           `json:"number"`
	Status             tms.LoadStatus   `json:"status"`
	Version            int              `json:"version"`
	TotalCents         int64            `json:"total_cents"`
	PlannedMiles       float64          `json:"planned_miles"`
	AllowedTransitions []tms.LoadStatus `json:"allowed_transitions"`
	Stops              []struct {
		ID                    int64  `json:"id"`
		Status                string `json:"status"`
		FacilityName          string `json:"facility_name"`
		AppointmentStartLocal string `json:"appointment_start_local"`
	} `json:"stops"`
}

func loadBody(f storetest.Fixtures, pickupLocal string) map[string]any {
	return map[string]any{
		"customer_id": f.Customer.ID, "commodity": "Frozen peas", "weight_lb": 38000, "equipment_type": "dry_van",
		"references": map[string]string{"po": "PO-1234", "bol": "BOL-9"},
		"charges":    []map[string]any{{"kind": "linehaul", "amount_cents": 150000}, {"kind": "fuel_surcharge", "amount_cents": 21000}},
		"stops": []map[string]any{
			{"kind": "pickup", "facility_id": f.Shipper.ID, "appointment_start": pickupLocal, "appointment_end": pickupLocal[:11] + "10:00"},
			{"kind": "delivery", "facility_id": f.Receiver.ID, "appointment_start": pickupLocal[:11] + "15:00", "appointment_end": pickupLocal[:11] + "17:00"},
		},
	}
}

func TestLoadLifecycleThroughTheAPI(t *testing.T) {
	eachBackend(t, func(t *testing.T, srv *apitest.Server) {
		store := srv.App.Store
		f := storetest.NewFixtures(t, store)
		u, pw := apitest.CreateUser(t, store, "disp@example.com", tms.RoleDispatcher)
		c := srv.NewClient(t).Login(u.Email, pw)

		var l loadJSON
		c.Do("POST", "/api/v1/loads", loadBody(f, "2026-12-07T08:00"), "Idempotency-Key", "book-1").Want(http.StatusCreated).JSON(&l)
		if l.Number == "" || len(l.Stops) != 2 || l.TotalCents != 171000 || l.Stops[0].AppointmentStartLocal != "2026-12-07T08:00:00-06:00" {
			t.Fatalf("created load = %+v", l)
		}
		var replay loadJSON
		r := c.Do("POST", "/api/v1/loads", loadBody(f, "2026-12-07T08:00"), "Idempotency-Key", "book-1").Want(http.StatusCreated).JSON(&replay)
		if replay.ID != l.ID || r.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("retry with the same key made load %d, want the replay of %d", replay.ID, l.ID)
		}

		assign := map[string]any{"driver_id": f.Driver.ID, "truck_id": f.Truck.ID, "trailer_id": f.Trailer.ID}
		c.Do("POST", fmt.Sprintf("/api/v1/loads/%d/assign", l.ID), assign).Want(http.StatusOK).JSON(&l)
		path := fmt.Sprintf("/api/v1/loads/%d", l.ID)
		c.Do("POST", fmt.Sprintf("%s/stops/%d/arrive", path, l.Stops[0].ID), nil).Want(http.StatusOK).JSON(&l)
		c.Do("POST", fmt.Sprintf("%s/stops/%d/depart", path, l.Stops[0].ID), nil).Want(http.StatusOK).JSON(&l)
		c.Do("POST", path+"/checkcalls", map[string]any{"location": "I-45 near Corsicana", "note": "rolling"}).Want(http.StatusCreated)
		// the test drives Dallas to Houston in no time: the travel check wants an override
		c.Do("POST", fmt.Sprintf("%s/stops/%d/arrive", path, l.Stops[1].ID), nil).Want(http.StatusConflict)
		late := map[string]any{"override": true, "reason": "pickup departure entered late"}
		c.Do("POST", fmt.Sprintf("%s/stops/%d/arrive", path, l.Stops[1].ID), late).Want(http.StatusOK).JSON(&l)
		c.Do("POST", fmt.Sprintf("%s/stops/%d/depart", path, l.Stops[1].ID), nil).Want(http.StatusOK).JSON(&l)
		if l.Status != tms.StatusDelivered {
			t.Fatalf("after the last departure: %s, want delivered", l.Status)
		}
		c.Upload(path+"/documents", map[string]string{"type": "pod"}, "pod.pdf", []byte("%PDF-1.7\n")).Want(http.StatusCreated) // the billing gate wants it
		p := c.Do("POST", path+"/status", map[string]any{"status": "invoiced"}).Want(http.StatusConflict).Problem()
		if !strings.Contains(p["detail"].(string), "when an invoice for it is created") {
			t.Errorf("invoiced by hand: problem %v, want the way through billing", p)
		}
		bu, bpw := apitest.CreateUser(t, store, "billing@example.com", tms.RoleBilling)
		billing := srv.NewClient(t).Login(bu.Email, bpw)
		var inv tms.Invoice
		billing.Do("POST", "/api/v1/invoices", map[string]any{"load_ids": []int64{l.ID}}).Want(http.StatusCreated).JSON(&inv)
		billing.Do("POST", fmt.Sprintf("/api/v1/invoices/%d/send", inv.ID), nil).Want(http.StatusOK)
		billing.Do("POST", fmt.Sprintf("/api/v1/invoices/%d/payments", inv.ID), map[string]any{"amount_cents": inv.TotalCents, "date": "2026-12-20", "method": "ach"}).Want(http.StatusCreated)
		p = c.Do("POST", path+"/status", map[string]any{"status": "booked"}).Want(http.StatusConflict).Problem()
		if !strings.Contains(p["detail"].(string), "paid load cannot become booked") {
			t.Errorf("invalid transition problem = %v", p)
		}
		var events []tms.LoadEvent
		c.Do("GET", path+"/events", nil).Want(http.StatusOK).JSON(&events)
		seen := map[tms.LoadStatus]bool{}
		for _, e := range events {
			seen[e.ToStatus] = true
		}
		for _, s := range []tms.LoadStatus{tms.StatusBooked, tms.StatusDispatched, tms.StatusInTransit, tms.StatusDelivered, tms.StatusInvoiced, tms.StatusPaid} {
			if !seen[s] {
				t.Errorf("timeline has no move to %s: %+v", s, events)
			}
		}
	})
}

func TestDispatchConflictsAndStaleVersions(t *testing.T) {
	eachBackend(t, func(t *testing.T, srv *apitest.Server) {
		store := srv.App.Store
		f := storetest.NewFixtures(t, store)
		u, pw := apitest.CreateUser(t, store, "disp@example.com", tms.RoleDispatcher)
		c := srv.NewClient(t).Login(u.Email, pw)
		var first, second loadJSON
		c.Do("POST", "/api/v1/loads", loadBody(f, "2026-12-07T08:00")).Want(http.StatusCreated).JSON(&first)
		c.Do("POST", "/api/v1/loads", loadBody(f, "2026-12-07T09:00")).Want(http.StatusCreated).JSON(&second)
		assign := map[string]any{"driver_id": f.Driver.ID, "truck_id": f.Truck.ID, "trailer_id": f.Trailer.ID}
		c.Do("POST", fmt.Sprintf("/api/v1/loads/%d/assign", first.ID), assign).Want(http.StatusOK)
		p := c.Do("POST", fmt.Sprintf("/api/v1/loads/%d/assign", second.ID), assign).Want(http.StatusConflict).Problem()
		if !strings.Contains(p["detail"].(string), first.Number) {
			t.Errorf("double booking problem %v does not name %s", p["detail"], first.Number)
		}

		expired := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		if _, err := store.UpdateDriver(ctxAdmin(), f.Driver2.ID, func(d *tms.Driver) error { d.MedicalCardExpiry = tms.DateOf(expired); return nil }); err != nil {
			t.Fatal(err)
		}
		p = c.Do("POST", fmt.Sprintf("/api/v1/loads/%d/assign", second.ID), map[string]any{"driver_id": f.Driver2.ID, "truck_id": f.Truck.ID}).
			Want(http.StatusConflict).Problem()
		if !strings.Contains(p["detail"].(string), "medical card expires 2026-12-01") {
			t.Errorf("expired medical card problem = %v", p["detail"])
		}

		path := fmt.Sprintf("/api/v1/loads/%d", second.ID)
		body := loadBody(f, "2026-12-07T09:00")
		body["commodity"], body["version"] = "Paper rolls", second.Version
		c.Do("PUT", path, body).Want(http.StatusOK)
		p = c.Do("PUT", path, body).Want(http.StatusConflict).Problem()
		if extra, _ := p["extra"].(map[string]any); extra["current_version"] != float64(second.Version+1) {
			t.Errorf("stale update problem = %v", p)
		}
		c.Do("GET", "/api/v1/loads?status=booked&q=PO-1234&sort=-window_start", nil).Want(http.StatusOK)
		c.Do("GET", "/api/v1/loads?status=lost", nil).Want(http.StatusBadRequest)
		c.Do("GET", "/api/v1/loads?status=paid&status=booked&pickup_from=2026-12-01&delivery_to=2026-12-31&sort=-customer", nil).Want(http.StatusOK)
		if p := c.Do("GET", "/api/v1/loads?pickup_to=soon", nil).Want(http.StatusBadRequest).Problem(); !strings.Contains(fmt.Sprint(p), "pickup_to") {
			t.Errorf("bad pickup_to problem = %v, want the field named", p)
		}
	})
}

func TestDriversSeeOnlyTheirLoads(t *testing.T) {
	eachBackend(t, func(t *testing.T, srv *apitest.Server) {
		store := srv.App.Store
		f := storetest.NewFixtures(t, store)
		disp, dpw := apitest.CreateUser(t, store, "disp@example.com", tms.RoleDispatcher)
		drv, pw := apitest.CreateUser(t, store, "dana@example.com", tms.RoleDriver)
		if _, err := store.UpdateUser(ctxAdmin(), drv.ID, func(u *tms.User) error { u.DriverID = &f.Driver.ID; return nil }); err != nil {
			t.Fatal(err)
		}
		c := srv.NewClient(t).Login(disp.Email, dpw)
		var mine, other loadJSON
		c.Do("POST", "/api/v1/loads", loadBody(f, "2026-12-07T08:00")).Want(http.StatusCreated).JSON(&mine)
		c.Do("POST", "/api/v1/loads", loadBody(f, "2026-12-09T08:00")).Want(http.StatusCreated).JSON(&other)
		c.Do("POST", fmt.Sprintf("/api/v1/loads/%d/assign", mine.ID), map[string]any{"driver_id": f.Driver.ID, "truck_id": f.Truck.ID, "trailer_id": f.Trailer.ID}).Want(http.StatusOK)

		d := srv.NewClient(t).Login(drv.Email, pw)
		var page tms.Page[loadJSON]
		d.Do("GET", "/api/v1/loads", nil).Want(http.StatusOK).JSON(&page)
		if page.Total != 1 || page.Items[0].ID != mine.ID {
			t.Errorf("driver sees %d loads, want only %s", page.Total, mine.Number)
		}
		d.Do("GET", fmt.Sprintf("/api/v1/loads/%d", other.ID), nil).Want(http.StatusForbidden)
		d.Do("POST", fmt.Sprintf("/api/v1/loads/%d/stops/%d/arrive", mine.ID, mine.Stops[0].ID), nil).Want(http.StatusOK)
		d.Do("POST", "/api/v1/loads", loadBody(f, "2026-12-07T08:00")).Want(http.StatusForbidden)
		d.Do("GET", "/api/v1/customers", nil).Want(http.StatusForbidden)
		v := srv.NewClient(t)
		viewer, vpw := apitest.CreateUser(t, store, "view@example.com", tms.RoleViewer)
		v.Login(viewer.Email, vpw).Do("GET", "/api/v1/customers", nil).Want(http.StatusOK)
		v.Do("POST", "/api/v1/customers", map[string]any{"name": "X"}).Want(http.StatusForbidden)
	})
}
