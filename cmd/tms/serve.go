package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"

	"github.com/anditms/tms/internal/api"
	"github.com/anditms/tms/internal/app"
	"github.com/anditms/tms/internal/geocode"
	"github.com/anditms/tms/internal/web"
)

func runServe(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "serve", "serve")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := app.Open(ctx, env.cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", ":"+strconv.Itoa(env.cfg.Port))
	if err != nil {
		return err
	}
	if err := a.FirstRun(ctx, env.stdout, fmt.Sprintf("http://localhost:%d", env.cfg.Port)); err != nil {
		ln.Close()
		return err
	}
	a.StartBackground() // scheduled jobs run only here, never in the other commands
	go geocode.Warm()   // the first address lookup then answers at once
	if err := a.StartDemoDriver(ctx, fmt.Sprintf("http://127.0.0.1:%d", env.cfg.Port)); err != nil {
		ln.Close()
		return err
	}
	slog.Info("serving", "addr", ln.Addr().String(), "config", env.cfg.String(), "version", version)
	servers := map[net.Listener]*http.Server{ln: web.NewServer(a.Handler())}
	if env.cfg.TrackingPort != 0 {
		tl, err := net.Listen("tcp", ":"+strconv.Itoa(env.cfg.TrackingPort))
		if err != nil {
			ln.Close()
			return err
		}
		servers[tl] = web.NewServer(web.Deadlines{Default: env.cfg.RequestTimeout}.Wrap(api.Trackers{Tracking: a.Tracking}.PortHandler(a.Metrics)))
	}
	if env.cfg.MetricsPort != 0 {
		ml, err := net.Listen("tcp", ":"+strconv.Itoa(env.cfg.MetricsPort))
		if err != nil {
			ln.Close()
			return err
		}
		servers[ml] = web.NewServer(a.MetricsHandler())
	}
	return web.Serve(ctx, env.cfg.ShutdownTimeout, servers)
}
