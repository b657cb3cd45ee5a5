// Package app assembles Andi TMS from a Config: it opens the store (SQLite or PostgreSQL),
// Redis when configured, and builds the HTTP handler; `tms serve` also starts its scheduled
// jobs (StartBackground). cmd/tms and the end-to-end tests use it.
package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/http/pprof"
	"net/url"
	"time"

	"github.com/alexedwards/scs/goredisstore"
	"github.com/alexedwards/scs/v2"
	goredis "github.com/redis/go-redis/v9"

	"github.com/anditms/tms/internal/api"
	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/config"
	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/edi"
	"github.com/anditms/tms/internal/eia"
	"github.com/anditms/tms/internal/mail"
	"github.com/anditms/tms/internal/osrm"
	"github.com/anditms/tms/internal/postgres"
	"github.com/anditms/tms/internal/redis"
	"github.com/anditms/tms/internal/share"
	"github.com/anditms/tms/internal/sqlite"
	"github.com/anditms/tms/internal/sqlstore"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
	"github.com/anditms/tms/internal/ui"
	"github.com/anditms/tms/internal/web"
	"github.com/anditms/tms/internal/webhooks"
)

// App is one running instance's dependencies.
type App struct {
	Config   config.Config
	Store    tms.Store
	Redis    *goredis.Client // nil in embedded mode
	Sessions *scs.SessionManager
	Limiter  auth.Limiter
	Metrics  *web.Metrics
	Router   tms.Router
	Dispatch *dispatch.Service
	Tracking *tracking.Service
	// Documents keeps BOLs, PODs and the rest on local disk or S3.
	Documents *documents.Service
	// Billing rates loads, invoices customers and settles drivers.
	Billing *billing.Service
	// EDI exchanges X12 with trading partners.
	EDI *edi.Service
	// Mail sends the email outbox.
	Mail *mail.Worker
	// Share makes and answers the customer tracking links.
	Share *share.Service
	// Webhooks manages subscriptions and queues position events; WebhookWorker posts the outbox.
	Webhooks      *webhooks.Service
	WebhookWorker *webhooks.Worker
	closers       []func() error
}

// OpenStore opens the configured database without migrating it.
func OpenStore(ctx context.Context, cfg config.Config) (tms.Store, *sqlstore.Migrator, error) {
	var (
		s   tms.Store
		m   *sqlstore.Migrator
		err error
	)
	if cfg.Embedded() {
		var lite *sqlite.Store
		if lite, err = sqlite.Open(ctx, cfg.SQLitePath()); err == nil {
			s = lite
			m, err = lite.Migrator()
		}
	} else {
		var pg *postgres.Store
		if pg, err = postgres.Open(ctx, cfg.DatabaseURL); err == nil {
			s = pg
			m, err = pg.Migrator()
		}
	}
	if err != nil {
		if s != nil {
			s.Close()
		}
		return nil, nil, err
	}
	return s, m, nil
}

// Open connects everything the configuration names and applies pending migrations. It
// starts no scheduled job: `tms serve` calls StartBackground, the other commands do not.
func Open(ctx context.Context, cfg config.Config) (*App, error) {
	s, m, err := OpenStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if _, err := m.Up(ctx); err != nil {
		s.Close()
		return nil, err
	}
	a, err := FromStore(ctx, cfg, s)
	if err != nil {
		s.Close()
		return nil, err
	}
	a.closers = append([]func() error{s.Close}, a.closers...)
	return a, nil
}

// FromStore assembles an App around an open, migrated store; closing the App leaves the
// store open (tests share one store between several instances).
func FromStore(ctx context.Context, cfg config.Config, s tms.Store) (*App, error) {
	a := &App{Config: cfg, Store: s, Metrics: web.NewMetrics(), Router: newRouter(cfg)}
	docs, err := newDocuments(ctx, cfg, s)
	if err != nil {
		return nil, err
	}
	a.Documents = docs
	a.Billing = &billing.Service{Store: s, Docs: docs, Router: a.Router, Diesel: newDieselFetcher(cfg)}
	a.Dispatch = &dispatch.Service{Store: s, Router: a.Router, Gates: []dispatch.Gate{docs.BillingGate, billing.StatusGate}, Rate: a.Billing.RateLoad,
		CreditWarning: a.Billing.CreditWarning}
	a.EDI = &edi.Service{Store: s}
	if a.Mail, err = a.newMailWorker(); err != nil {
		return nil, err
	}
	a.Webhooks, a.WebhookWorker = a.newWebhooks()
	if err := a.openShared(ctx); err != nil {
		a.Close()
		return nil, err
	}
	a.startTracking()
	a.Share = &share.Service{Store: s, ETAs: a.Tracking, Blobs: docs.Blobs, Limiter: a.Limiter}
	a.watchPools(s)
	return a, nil
}

// openShared sets up what several instances must share: Redis when configured, else in-process.
func (a *App) openShared(ctx context.Context) error {
	var store scs.Store = a.Store.Sessions()
	a.Limiter = auth.NewMemoryLimiter(time.Now)
	if a.Config.RedisURL != "" {
		c, err := redis.Open(ctx, a.Config.RedisURL, a.Config.RedisCAFile)
		if err != nil {
			return err
		}
		a.Redis = c
		a.closers = append(a.closers, c.Close)
		store = goredisstore.NewWithPrefix(c, "tms:session:")
		// not tms:limit:, where the fixed-window counters of older versions may still live
		a.Limiter = redis.NewLimiter(c, "tms:login-backoff:", time.Now)
	}
	a.Sessions = web.NewSessions(store, a.Config.SecureCookies())
	return nil
}

// startTracking starts GPS ingest with the in-process broker, or Redis pub/sub when configured.
func (a *App) startTracking() {
	var broker tracking.Broker = tracking.NewMemory()
	if a.Redis != nil {
		broker = redis.NewBroker(a.Redis, "tms:events")
	}
	cfg := tracking.Config{AverageSpeedMPH: a.Config.AverageSpeedMPH, MaxFixAhead: a.Config.Tracking.MaxFixAhead,
		MaxFixAge: a.Config.Tracking.MaxFixAge, NoGPSAfter: a.Config.Tracking.NoGPSAfter}
	a.Tracking = tracking.New(cfg, a.Store, a.Dispatch, broker, a.Metrics.Registry)
	a.closers = append(a.closers, a.Tracking.Close)
}

func (a *App) watchPools(s tms.Store) {
	if p, ok := s.(interface{ Reader() *sql.DB }); ok {
		a.Metrics.WatchDB(p.Reader(), "tms")
	}
}

// Close releases every connection, newest first.
func (a *App) Close() error {
	var err error
	for i := len(a.closers) - 1; i >= 0; i-- {
		err = errors.Join(err, a.closers[i]())
	}
	return err
}

// Checks are the dependencies /health/ready probes.
func (a *App) Checks() []web.Check {
	checks := []web.Check{{Name: "database", Probe: a.Store.Ping}, {Name: "storage", Probe: a.Documents.Blobs.Ping}}
	if a.Redis != nil {
		checks = append(checks, web.Check{Name: "redis", Probe: func(ctx context.Context) error { return a.Redis.Ping(ctx).Err() }})
	}
	return checks
}

// Handler builds the whole HTTP surface with its middleware.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	health := &web.Health{Checks: a.Checks(), Timeout: 2 * time.Second}
	mux.Handle("GET /health", web.Handler(health.Live))
	mux.Handle("GET /health/ready", web.Handler(health.Ready))
	if a.Config.MetricsPort == 0 {
		mux.Handle("GET /metrics", a.Metrics.Handler())
	}
	login := auth.Login{Users: a.Store, Limiter: a.Limiter}
	apiRoutes := &api.API{Store: a.Store, Dispatch: a.Dispatch, Sessions: a.Sessions, Login: login, Tracking: a.Tracking, Documents: a.Documents, Billing: a.Billing, EDI: a.EDI, Share: a.Share,
		Webhooks: a.Webhooks}
	apiRoutes.Register(mux)
	api.Trackers{Tracking: a.Tracking}.Register(mux)
	mux.Handle("/api/", web.Handler(func(http.ResponseWriter, *http.Request) error {
		return tms.Errorf(tms.CodeNotFound, "no such API route")
	}))
	pages, err := ui.New(ui.Deps{Store: a.Store, Sessions: a.Sessions, Login: login, Dispatch: a.Dispatch,
		Documents: a.Documents, Tracking: a.Tracking, Billing: a.Billing, TileURL: a.Config.TileURL, Demo: demoData{a}, EDI: a.EDI, Share: a.Share,
		Webhooks: a.Webhooks})
	if err != nil {
		panic(err) // templates and assets are embedded: this is a defect of the build, caught by the ui tests
	}
	pages.Register(mux)
	fail := web.PageOrProblem(pages.RenderError)
	web.OnSessionError(a.Sessions, fail)

	secureHeaders := func(h http.Handler) http.Handler {
		return web.SecureHeaders(tileOrigin(a.Config.TileURL), a.Config.SecureCookies(), h)
	}
	var h http.Handler = web.RecordRoute(mux)
	if s, ok := a.Store.(interface {
		PinDataVersion(context.Context) context.Context
	}); ok {
		h = web.PinReads(s.PinDataVersion, a.deadlines().Streams, h)
	}
	h = web.Identify{Users: a.Store, Sessions: a.Sessions, Fail: pages.RenderError}.Wrap(h)
	h = a.Sessions.LoadAndSave(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = web.LimitBody(1<<20, h, append(append(api.UploadPatterns(), "/api/v1/import/"), ui.LargeBodies()...)...) // uploads: next line; import and UI uploads: their handlers
	h = api.LimitUploads(a.Documents.Limit(), h)
	h = a.deadlines().Wrap(h)
	h = web.Recover(h)
	h = secureHeaders(h)
	h = web.Observe(a.Metrics, h)
	h = web.WithRequestID(h)

	// Trackers authenticate by device id (and optional secret), never by session: their routes skip sessions, Identify and CSRF.
	trackers := a.deadlines().Wrap(api.Trackers{Tracking: a.Tracking}.Handler(a.Metrics, secureHeaders))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if api.IsTrackerPath(r.URL.Path) {
			trackers.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// deadlines bound each request's wait on the dependencies: long for bodies that take time
// to arrive or to build, none for the event stream.
func (a *App) deadlines() web.Deadlines {
	long := append(append(api.UploadPatterns(), "/api/v1/import/", "/api/v1/exports/", "/api/v1/reports/"), ui.LargeBodies()...)
	return web.Deadlines{Default: a.Config.RequestTimeout, Long: config.LongRequestTimeout, LongPaths: long, Streams: []string{"/api/v1/stream"}}
}

// MetricsHandler serves /metrics and the pprof profiles (/debug/pprof/) on METRICS_PORT,
// apart from the public port. Without METRICS_PORT (dev) there is no pprof at all: profiles
// show the code's internals and cost CPU, so they are never on the public port.
func (a *App) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.Metrics.Handler())
	mux.HandleFunc("GET /debug/pprof/", pprof.Index) // and the named profiles: heap, goroutine, allocs, ...
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}

// newDieselFetcher returns the EIA client when an API key is configured.
func newDieselFetcher(cfg config.Config) eia.Fetcher {
	if cfg.EIAAPIKey == "" {
		return nil
	}
	return &eia.Client{APIKey: cfg.EIAAPIKey}
}

// newRouter selects OSRM when configured, else great-circle distance times circuity.
func newRouter(cfg config.Config) tms.Router {
	if cfg.OSRMURL != "" {
		return osrm.New(cfg.OSRMURL, nil)
	}
	return tms.GreatCircleRouter{}
}

func tileOrigin(tmpl string) string {
	u, err := url.Parse(tmpl)
	if err != nil || u.Host == "" {
		return ""
	}
	return fmt.Sprintf("%s://%s", u.Scheme, u.Host)
}
