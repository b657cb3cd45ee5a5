package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/tms"
)

// job is scheduled work of a serving instance: run when started, then every interval until
// the App closes. run returns how many records it removed.
type job struct {
	name  string
	every time.Duration
	run   func(ctx context.Context) (int64, error)
}

func (a *App) jobs() []job {
	return append(append(append(a.ediJobs(), a.mailJobs()...), a.webhookJobs()...), []job{
		{"position_retention", time.Hour, func(ctx context.Context) (int64, error) {
			return a.Tracking.PurgeHistory(ctx, a.Config.RetentionDays)
		}},
		{"pending_upload_purge", documents.PurgeEvery, func(ctx context.Context) (int64, error) {
			n, err := a.Documents.PurgePending(ctx, a.Documents.PendingCutoff())
			return int64(n), err
		}},
		{"idempotency_key_purge", time.Hour, func(ctx context.Context) (int64, error) {
			n, err := a.Store.PurgeIdempotencyKeys(ctx, time.Now().Add(-IdempotencyKeyTTL))
			return int64(n), err
		}},
	}...)
}

// IdempotencyKeyTTL is how long a create's Idempotency-Key replays its first response; a
// client retries within minutes, so a day is generous.
const IdempotencyKeyTTL = 24 * time.Hour

// StartBackground starts the scheduled jobs that only `tms serve` runs, never a CLI command
// that opens the App for a moment: position retention (POSITION_RETENTION_DAYS), the purge
// of direct uploads never confirmed (documents.PendingMaxAge) and of Idempotency-Keys older
// than IdempotencyKeyTTL, each at once and then hourly, and the EDI outbox fillers (ediJobs) every minute, and the mail outbox and ETA-late notifications (mailJobs), and the webhook outbox and position events (webhookJobs). Every instance runs them; all are safe to run side by side. Each pass counts in
// tms_background_job_runs_total{job,result}. Close stops the jobs, cutting a pass in
// progress short, and waits for them. Call it once.
func (a *App) StartBackground() {
	runs := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "tms_background_job_runs_total", Help: "Passes of the scheduled jobs by job and result (ok, error).",
	}, []string{"job", "result"})
	a.Metrics.Registry.MustRegister(runs)
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, j := range a.jobs() {
		wg.Go(func() { j.schedule(ctx, runs) })
	}
	a.closers = append(a.closers, func() error { stop(); wg.Wait(); return nil })
}

// schedule runs j now and then every j.every until ctx ends, as the actor its audit rows name.
func (j job) schedule(ctx context.Context, runs *prometheus.CounterVec) {
	ctx = tms.WithActor(ctx, tms.Actor{Email: "background " + j.name})
	t := time.NewTicker(j.every)
	defer t.Stop()
	for {
		n, err := j.run(ctx)
		switch {
		case ctx.Err() != nil: // a pass cut short by shutdown is not an error
		case err != nil:
			slog.Error(j.name, "err", err)
			runs.WithLabelValues(j.name, "error").Inc()
		default:
			if n > 0 {
				slog.Info(j.name, "removed", n)
			}
			runs.WithLabelValues(j.name, "ok").Inc()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
