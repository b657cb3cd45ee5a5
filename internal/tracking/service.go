// Package tracking is live GPS tracking: OsmAnd/Traccar and batch ingest with group commit,
// geofence arrivals and departures, the realtime event stream, ETAs, track replay and the
// retention of position history. It is written once against the tms interfaces.
package tracking

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// Config tunes the service.
type Config struct {
	// Location reads "yyyy-MM-dd HH:mm:ss" timestamps (Traccar: server local time); nil = UTC.
	Location *time.Location
	// AverageSpeedMPH turns remaining distance into an ETA when the router knows no duration.
	AverageSpeedMPH float64
	// NoGeofence does not start the geofence worker (benchmarks measure its cost this way;
	// tests use it as an instance that crashed before judging): fixes stay marked unjudged
	// for another instance or the next start.
	NoGeofence bool
	// MaxFixAhead is how far past the server's clock a fix time may be; later fixes are
	// refused (default tms.DefaultMaxFixAhead).
	MaxFixAhead time.Duration
	// MaxFixAge: a truck whose newest fix is older is not offered as nearby (default 24 h).
	MaxFixAge time.Duration
	// NoGPSAfter: a moving load whose truck has not reported for longer is at risk (default 3 h).
	NoGPSAfter time.Duration
	// Now is the clock (nil = time.Now).
	Now func() time.Time
}

// Service ingests positions and turns them into stop events and realtime updates.
type Service struct {
	cfg         Config
	store       tms.Store
	dispatch    *dispatch.Service
	broker      Broker
	router      tms.Router
	metrics     *metrics
	devices     *ttlCache[string, tms.Device]
	devicesByID *ttlCache[int64, tms.Device] // the geofence worker's: which truck a device rides in
	facilities  *ttlCache[int64, tms.Facility]
	queue       chan *pending
	kick        chan struct{} // wakes the geofence worker after a commit
	stop        chan struct{} // stops the geofence worker
	now         func() time.Time
	wg          sync.WaitGroup
	closeOnce   sync.Once
}

// New starts the service's committer and geofence worker (see judge.go); Close stops them.
func New(cfg Config, store tms.Store, d *dispatch.Service, broker Broker, reg prometheus.Registerer) *Service {
	if cfg.AverageSpeedMPH <= 0 {
		cfg.AverageSpeedMPH = 50
	}
	if cfg.MaxFixAhead <= 0 {
		cfg.MaxFixAhead = tms.DefaultMaxFixAhead
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxFixAge <= 0 {
		cfg.MaxFixAge = 24 * time.Hour
	}
	if cfg.NoGPSAfter <= 0 {
		cfg.NoGPSAfter = 3 * time.Hour
	}
	s := &Service{
		cfg: cfg, store: store, dispatch: d, broker: broker, router: d.Router, metrics: newMetrics(reg),
		devices: newCache[string, tms.Device](5 * time.Second), devicesByID: newCache[int64, tms.Device](5 * time.Second), facilities: newCache[int64, tms.Facility](30 * time.Second),
		queue: make(chan *pending, 4096), kick: make(chan struct{}, 1), stop: make(chan struct{}), now: cfg.Now,
	}
	s.wg.Add(1)
	go s.commitLoop()
	if !cfg.NoGeofence {
		s.wg.Add(1)
		go s.judgeLoop()
	}
	return s
}

// Close stops accepting positions, commits what is queued and waits for the workers; what
// the geofence has not judged yet waits in the database for the next worker.
func (s *Service) Close() error {
	s.closeOnce.Do(func() {
		close(s.queue)
		close(s.stop)
	})
	s.wg.Wait()
	return nil
}

// Broker is where committed positions are published.
func (s *Service) Broker() Broker { return s.broker }

// publish hands committed positions to the broker; a broker failure is logged, not returned:
// the positions are stored and the realtime view catches up with the next fix.
func (s *Service) publish(ps []tms.Position) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.broker.Publish(ctx, Event{Type: EventPositions, Positions: ps}); err != nil {
		slog.Warn("publish positions", "err", err)
	}
}

type metrics struct {
	received *prometheus.CounterVec
	refused  *prometheus.CounterVec
	stored   prometheus.Counter
	batch    prometheus.Histogram
	stops    *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		received: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tms_positions_received_total",
			Help: "Position reports received, by wire form."}, []string{"form"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tms_positions_refused_total",
			Help: "Position reports refused, by reason."}, []string{"reason"}),
		stored: prometheus.NewCounter(prometheus.CounterOpts{Name: "tms_positions_stored_total",
			Help: "Positions committed (duplicates excluded)."}),
		batch: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "tms_positions_commit_batch_size",
			Help: "Positions per group commit.", Buckets: prometheus.ExponentialBuckets(1, 2, 11)}),
		stops: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tms_geofence_stop_events_total",
			Help: "Stop arrivals and departures recorded by geofence."}, []string{"event"}),
	}
	if reg != nil {
		reg.MustRegister(m.received, m.refused, m.stored, m.batch, m.stops)
	}
	return m
}
