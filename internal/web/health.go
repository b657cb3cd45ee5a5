package web

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// Check is one dependency probed by /health/ready.
type Check struct {
	Name  string
	Probe func(ctx context.Context) error
}

// Health serves GET /health (liveness for the ALB: no dependency is touched) and
// GET /health/ready (every configured dependency, in parallel, each with a short timeout).
type Health struct {
	Checks  []Check
	Timeout time.Duration
}

// Live answers 200 while the process serves HTTP.
func (h *Health) Live(w http.ResponseWriter, _ *http.Request) error {
	return WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// Ready probes every check and answers 503 naming the ones that fail; why a check failed (a
// host name, a database user) goes to the log only.
func (h *Health) Ready(w http.ResponseWriter, r *http.Request) error {
	results := h.probe(r.Context())
	status, code := "ok", http.StatusOK
	for _, res := range results {
		if res != "ok" {
			status, code = "fail", http.StatusServiceUnavailable
		}
	}
	return WriteJSON(w, code, map[string]any{"status": status, "checks": results})
}

func (h *Health) probe(ctx context.Context) map[string]string {
	results := make(map[string]string, len(h.Checks))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, c := range h.Checks {
		wg.Go(func() {
			cctx, cancel := context.WithTimeout(ctx, h.Timeout)
			defer cancel()
			res := "ok"
			if err := c.Probe(cctx); err != nil {
				res = "fail"
				slog.ErrorContext(ctx, "readiness check failed", "check", c.Name, "err", err)
			}
			mu.Lock()
			results[c.Name] = res
			mu.Unlock()
		})
	}
	wg.Wait()
	return results
}
