package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/anditms/tms/internal/seed"
	"github.com/anditms/tms/internal/simulate"
)

// demoReportEvery is how often (wall clock) each demo truck reports, as a phone would.
const demoReportEvery = 5 * time.Second

// StartDemoDriver moves the demo trucks while `tms serve` runs, when Config.Demo.Drive is on
// and the demo data is loaded: the trucks of dispatched and in-transit demo loads drive their
// stops Demo.Speedup times faster than real time, dwelling at each dock, and report through
// serverURL's own OsmAnd ingest like a phone, so arrivals, departures, ETAs, late risk and
// detention come from the same tracking as in production. Fix times are the wall clock.
// Only demo trackers (seed.DevicePrefix) report. Close stops it.
func (a *App) StartDemoDriver(ctx context.Context, serverURL string) error {
	if !a.Config.Demo.Drive {
		return nil
	}
	if loaded, err := seed.Loaded(ctx, a.Store); err != nil || !loaded {
		return err
	}
	cfg := simulate.Config{Server: serverURL, Speedup: a.Config.Demo.Speedup,
		Interval: time.Duration(float64(demoReportEvery) * a.Config.Demo.Speedup)}
	fleet := simulate.StoreFleet{Store: a.Store, DevicePrefix: seed.DevicePrefix}
	ctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() {
		rep, err := simulate.DriveLoads(ctx, cfg, fleet)
		if err != nil || rep.Failed > 0 {
			slog.Warn("demo driver", "err", err, "reports", rep.Requests, "failed", rep.Failed, "first_error", rep.FirstError)
		}
	})
	slog.Info("demo driver: the demo trucks drive their loads (TMS_DEMO_DRIVE=off stops it)", "speedup", cfg.Speedup)
	a.closers = append(a.closers, func() error { stop(); wg.Wait(); return nil })
	return nil
}

// demoData lets the UI show and remove the demo data set.
type demoData struct{ a *App }

func (d demoData) Loaded(ctx context.Context) (bool, error) { return seed.Loaded(ctx, d.a.Store) }

func (d demoData) Remove(ctx context.Context) error {
	_, err := seed.Remove(ctx, d.a.Store, d.a.Documents.Blobs)
	return err
}
