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

// Serve runs servers on their listeners until ctx is cancelled (SIGTERM), then stops accepting,
// lets in-flight requests finish for up to grace, and returns nil on a clean stop.
func Serve(ctx context.Context, grace time.Duration, servers map[net.Listener]*http.Server) error {
	errs := make(chan error, len(servers))
	for ln, srv := range servers {
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
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	var err error
	for _, srv := range servers {
		err = errors.Join(err, srv.Shutdown(sctx))
	}
	return err
}
