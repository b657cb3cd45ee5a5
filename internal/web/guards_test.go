package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/web"
)

func TestRedactPathHidesDeviceSecrets(t *testing.T) {
	for in, want := range map[string]string{"/osmand/s3cr3t": "/osmand/[redacted]", "/osmand": "/osmand", "/api/v1/loads": "/api/v1/loads"} {
		if got := web.RedactPath(in); got != want {
			t.Errorf("RedactPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadyNamesTheCheckWithoutItsDetail(t *testing.T) {
	h := &web.Health{Timeout: time.Second, Checks: []web.Check{{Name: "database", Probe: func(context.Context) error {
		return errors.New("password authentication failed for user tms_app at db.internal:5432/tms")
	}}}}
	w := httptest.NewRecorder()
	if err := h.Ready(w, httptest.NewRequest("GET", "/health/ready", nil)); err != nil {
		t.Fatal(err)
	}
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), `"database":"fail"`) || strings.Contains(w.Body.String(), "tms_app") {
		t.Errorf("ready = %d %s, want 503 naming database without the detail", w.Code, w.Body)
	}
}
