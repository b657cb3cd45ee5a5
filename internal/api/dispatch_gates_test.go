package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Dispatching without a driver is refused with the reason and changes nothing; a hazmat load
// names the driver without the endorsement.
func TestDispatchGateThroughTheAPI(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		l := e.f.Load(time.Now().Add(24 * time.Hour).Truncate(time.Hour))
		l.Hazmat = &tms.Hazmat{UNNumber: "UN1203", Class: "3"}
		if err := e.srv.App.Store.CreateLoad(context.Background(), &l); err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/loads/%d", l.ID)
		p := e.dispatcher.Do("POST", path+"/status", map[string]any{"status": "dispatched"}).Want(http.StatusConflict).Problem()
		if !strings.Contains(fmt.Sprint(p["detail"]), "cannot be dispatched without a driver and a truck") {
			t.Errorf("dispatch without a driver: problem %v", p)
		}
		var got tms.Load
		e.dispatcher.Do("GET", path, nil).Want(http.StatusOK).JSON(&got)
		if got.Status != tms.StatusBooked || got.Version != l.Version {
			t.Errorf("refused dispatch left the load %s v%d, want booked v%d", got.Status, got.Version, l.Version)
		}
		assign := map[string]any{"driver_id": e.f.Driver.ID, "truck_id": e.f.Truck.ID, "trailer_id": e.f.Trailer.ID}
		p = e.dispatcher.Do("POST", path+"/assign", assign).Want(http.StatusConflict).Problem()
		if !strings.Contains(fmt.Sprint(p["detail"]), "driver Dana Driver has no hazmat endorsement (H or X) for UN1203") {
			t.Errorf("hazmat without H: problem %v", p)
		}
	})
}

// Mark delivered asks for the delivery times: a departure before the arrival is a field
// error, times faster than a truck drives are refused unless overridden with a reason.
func TestDeliverThroughTheAPI(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		start := time.Now().Add(-10 * time.Hour).Truncate(time.Minute)
		l := e.f.Load(start)
		l.Status, l.DriverID, l.TruckID, l.TrailerID = tms.StatusInTransit, &e.f.Driver.ID, &e.f.Truck.ID, &e.f.Trailer.ID
		l.Stops[0].Status, l.Stops[0].ArrivedAt, l.Stops[0].DepartedAt = tms.StopDeparted, &start, &start
		if err := e.srv.App.Store.CreateLoad(context.Background(), &l); err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/loads/%d", l.ID)
		arrived := start.Add(5 * time.Hour)
		p := e.dispatcher.Do("POST", path+"/deliver", map[string]any{"arrived_at": arrived, "departed_at": arrived.Add(-time.Hour)}).
			Want(http.StatusBadRequest).Problem()
		if fields, _ := p["errors"].(map[string]any); fields["departed_at"] != "a departure cannot be before the arrival" {
			t.Errorf("departure before arrival: problem %v", p)
		}
		soon := start.Add(time.Hour)
		p = e.dispatcher.Do("POST", path+"/deliver", map[string]any{"arrived_at": soon, "departed_at": soon.Add(time.Hour)}).
			Want(http.StatusConflict).Problem()
		if !strings.Contains(fmt.Sprint(p["detail"]), "faster than a truck drives (70 mph)") {
			t.Errorf("225 miles in an hour: problem %v", p)
		}
		e.dispatcher.Do("POST", path+"/deliver", map[string]any{"arrived_at": soon, "departed_at": soon.Add(time.Hour), "override": true}).
			Want(http.StatusBadRequest)
		var got tms.Load
		e.dispatcher.Do("POST", path+"/deliver", map[string]any{"arrived_at": arrived, "departed_at": arrived.Add(time.Hour)}).
			Want(http.StatusOK).JSON(&got)
		if got.Status != tms.StatusDelivered || got.Stops[1].ArrivedAt == nil || !got.Stops[1].ArrivedAt.Equal(arrived) {
			t.Errorf("delivered = %s, stop %+v; want delivered with the arrival recorded", got.Status, got.Stops[1])
		}
		e.driver.Do("POST", path+"/deliver", map[string]any{"departed_at": arrived}).Want(http.StatusForbidden)
	})
}
