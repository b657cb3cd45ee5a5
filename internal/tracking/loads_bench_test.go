package tracking_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// benchPickup is where the trucks on loads report from: their loads' pickup.
var benchPickup = tms.Point{Lat: 32.5, Lon: -96.5}

// BenchmarkIngestHandlerOnLoads is BenchmarkIngestHandler with every truck on a dispatched
// load whose pickup is where its fixes come from (within ~50 m), so every fix is judged
// against a geofence, as in the "geofence" case of scripts/bench-ingest.sh.
func BenchmarkIngestHandlerOnLoads(b *testing.B) {
	for _, f := range testenv.Factories(b) {
		b.Run(f.Name, func(b *testing.B) {
			store := f.Open(b)
			seedBenchLoads(b, store, seedBenchDevices(b, store))
			app := apitest.Start(b, apitest.DefaultConfig(b), store).App
			h := app.Handler()
			sendFixesAt(b, app.Tracking.WaitIdle, pickupFix, func(path string) error {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequestWithContext(context.Background(), "GET", path, nil))
				if w.Code != http.StatusOK {
					return fmt.Errorf("status %d: %s", w.Code, w.Body)
				}
				return nil
			})
		})
	}
}

// seedBenchLoads puts every bench truck on a load dispatched a day ago (before every bench
// fix: earlier fixes are not judged against it), picking up at benchPickup.
func seedBenchLoads(b *testing.B, store tms.Store, trucks []int64) {
	ctx := context.Background()
	cust := tms.Customer{Name: "Bench Foods", Active: true}
	must(b, store.CreateCustomer(ctx, &cust))
	pickup := tms.Facility{Name: "Bench pickup", Lat: benchPickup.Lat, Lon: benchPickup.Lon, GeofenceMeters: 500, TimeZone: "America/Chicago", Active: true}
	drop := tms.Facility{Name: "Bench delivery", Lat: 33.5, Lon: -97.5, GeofenceMeters: 500, TimeZone: "America/Chicago", Active: true}
	must(b, store.CreateFacility(ctx, &pickup))
	must(b, store.CreateFacility(ctx, &drop))
	at := time.Now().Add(-20 * time.Hour)
	for _, truck := range trucks {
		l := tms.Load{CustomerID: cust.ID, Stops: []tms.Stop{
			{Kind: tms.StopPickup, FacilityID: pickup.ID, AppointmentStart: at, AppointmentEnd: at.Add(time.Hour)},
			{Kind: tms.StopDelivery, FacilityID: drop.ID, AppointmentStart: at.Add(5 * time.Hour), AppointmentEnd: at.Add(6 * time.Hour)},
		}}
		must(b, store.CreateLoad(ctx, &l))
		_, err := store.UpdateLoad(ctx, l.ID, func(tx tms.LoadTx, l *tms.Load) error {
			tx.AddEvent(tms.LoadEvent{Type: tms.EventStatus, FromStatus: l.Status, ToStatus: tms.StatusDispatched, At: at.Add(-4 * time.Hour)})
			l.TruckID, l.Status = &truck, tms.StatusDispatched
			return nil
		})
		must(b, err)
	}
}

// pickupFix is the OsmAnd request path of the n-th benchmark fix at benchPickup.
func pickupFix(n, baseMS int64) string {
	jitter := float64(n%9-4) * 0.0001
	return fmt.Sprintf("/osmand?id=bench-%03d&lat=%f&lon=%f&timestamp=%d&speed=3",
		n%benchDevices, benchPickup.Lat+jitter, benchPickup.Lon-jitter, baseMS+n)
}
