package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// NewServer returns an http.Server with timeouts that protect it from slow clients while
// leaving room for uploads and server-sent event streams (which clear their write deadline).
func NewServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn),
	}
}

type stoppingKey struct{}

// Stopping is closed when the server begins to stop: long-lived handlers (event streams)
// end then, so that the other requests can drain. It is nil (never ready) outside Serve.
func Stopping(ctx context.Context) <-chan struct{} {
	ch, _ := ctx.Value(stoppingKey{}).(chan struct{})
	return ch
}

// Serve runs servers on their listeners until ctx is cancelled (SIGTERM). Then it stops
// accepting, tells streams to end (Stopping), answers the requests in flight with
// "Connection: close" so keep-alive clients do not reuse a closing connection, waits up to
// grace for them, and returns nil on a clean stop.
func Serve(ctx context.Context, grace time.Duration, servers map[net.Listener]*http.Server) error {
	stopping := make(chan struct{})
	base := context.WithValue(context.Background(), stoppingKey{}, stopping)
	errs := make(chan error, len(servers))
	for ln, srv := range servers {
		srv.BaseContext = func(net.Listener) context.Context { return base }
		go func() {
			if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				errs <- fmt.Errorf("serve %s: %w", ln.Addr(), err)
			}
		}()
	}
	select {
	case err := <-errs:
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down", "grace", grace)
	close(stopping)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	var err error
	for _, srv := range servers {
		srv.SetKeepAlivesEnabled(false)
		err = errors.Join(err, srv.Shutdown(sctx))
	}
	return err
}
