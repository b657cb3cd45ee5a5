package tracking_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/anditms/tms/internal/api"
	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
)

const benchDevices = 200

// BenchmarkOsmAndIngest measures OsmAnd requests over keep-alive HTTP, each answered after
// its commit, beside a bare net/http handler in the same run; positions/s is the figure.
func BenchmarkOsmAndIngest(b *testing.B) {
	b.Run("bare", func(b *testing.B) {
		runIngest(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") }), idleAlready)
	})
	for _, f := range testenv.Factories(b) {
		for _, geo := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/geofence=%v", f.Name, geo), func(b *testing.B) {
				store := f.Open(b)
				seedBenchDevices(b, store)
				s := tracking.New(tracking.Config{NoGeofence: !geo}, store, &dispatch.Service{Store: store, Router: tms.GreatCircleRouter{}}, tracking.NewMemory(), nil)
				b.Cleanup(func() { s.Close() })
				mux := http.NewServeMux()
				api.Trackers{Tracking: s}.Register(mux)
				runIngest(b, mux, s.WaitIdle)
			})
		}
	}
}

// seedBenchDevices creates the bench devices, each in a truck of its own, and returns the trucks.
func seedBenchDevices(b *testing.B, store tms.Store) []int64 {
	ctx := context.Background()
	trucks := make([]int64, benchDevices)
	for i := range benchDevices {
		tr := tms.Truck{UnitNumber: fmt.Sprintf("B-%03d", i)}
		must(b, store.CreateTruck(ctx, &tr))
		must(b, store.CreateDevice(ctx, &tms.Device{UniqueID: fmt.Sprintf("bench-%03d", i), TruckID: &tr.ID, Active: true}))
		trucks[i] = tr.ID
	}
	return trucks
}

func idleAlready(context.Context) error { return nil }

// runIngest sends distinct fixes from 64 concurrent keep-alive clients, until idle returns.
func runIngest(b *testing.B, h http.Handler, idle func(context.Context) error) {
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}}
	sendFixes(b, idle, func(path string) error {
		resp, err := client.Get(srv.URL + path)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	})
}
