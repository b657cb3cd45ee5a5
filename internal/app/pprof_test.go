package app_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/testenv"
)

// TestPprofOnlyOnMetricsPort: the profiles answer on METRICS_PORT's handler and never on the
// public port, with METRICS_PORT set (production) or not (dev, where /metrics is public).
func TestPprofOnlyOnMetricsPort(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		for _, metricsPort := range []int{0, 9090} {
			t.Run(f.Name, func(t *testing.T) {
				cfg := apitest.DefaultConfig(t)
				cfg.MetricsPort = metricsPort
				srv := apitest.Start(t, cfg, f.Open(t))
				for _, path := range []string{"/debug/pprof/", "/debug/pprof/heap", "/debug/pprof/profile?seconds=1", "/debug/pprof/cmdline"} {
					if status := getStatus(t, srv.URL+path); status != http.StatusNotFound {
						t.Errorf("METRICS_PORT=%d: public GET %s = %d, want 404", metricsPort, path, status)
					}
				}
				private := httptest.NewServer(srv.App.MetricsHandler())
				defer private.Close()
				for _, path := range []string{"/debug/pprof/", "/debug/pprof/heap?debug=1", "/debug/pprof/goroutine?debug=1", "/metrics"} {
					if status := getStatus(t, private.URL+path); status != http.StatusOK {
						t.Errorf("metrics port GET %s = %d, want 200", path, status)
					}
				}
			})
		}
	}
}

func getStatus(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
