package tracking_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/testenv"
)

// BenchmarkIngestHandler sends distinct OsmAnd fixes straight into the whole HTTP handler
// of the application (every middleware, no network, no client), 64 at a time: the server's
// CPU cost per position, the geofence's judging of every fix included, and the place to take
// a CPU profile of the ingest from (-cpuprofile).
func BenchmarkIngestHandler(b *testing.B) {
	for _, f := range testenv.Factories(b) {
		b.Run(f.Name, func(b *testing.B) {
			store := f.Open(b)
			seedBenchDevices(b, store)
			app := apitest.Start(b, apitest.DefaultConfig(b), store).App
			h := app.Handler()
			sendFixes(b, app.Tracking.WaitIdle, func(path string) error {
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

// sendFixes calls send with b.N distinct OsmAnd request paths from 64 goroutines (32 per
// CPU on two), waits until idle says every fix is judged, and reports positions/s and the
// test process's CPU per position (cpu-ns/op: server, geofence worker and client, the
// figure that holds on a shared machine; a PostgreSQL server's own CPU is not in it).
func sendFixes(b *testing.B, idle func(context.Context) error, send func(path string) error) {
	sendFixesAt(b, idle, benchFix, send)
}

// sendFixesAt is sendFixes with the n-th request path made by fix.
func sendFixesAt(b *testing.B, idle func(context.Context) error, fix func(n, baseMS int64) string, send func(path string) error) {
	var seq atomic.Int64
	base := time.Now().Add(-20 * time.Hour).UnixMilli()
	b.SetParallelism(32)
	cpu := processCPU()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := send(fix(seq.Add(1), base)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	must(b, idle(context.Background()))
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "positions/s")
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
}

// processCPU is the CPU time this process used so far, user and system, in nanoseconds.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// benchFix is the OsmAnd request path of the n-th benchmark fix: a distinct fix time (base
// plus n milliseconds), so no fix is a duplicate.
func benchFix(n, baseMS int64) string {
	return fmt.Sprintf("/osmand?id=bench-%03d&lat=%f&lon=%f&timestamp=%d&speed=30",
		n%benchDevices, 32+float64(n%1000)/1000, -96-float64(n%977)/1000, baseMS+n)
}
