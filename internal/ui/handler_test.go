package ui

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/tms"
)

func TestBoundary(t *testing.T) {
	u := newTestUI(t)
	cases := []struct {
		name       string
		err        error
		htmx       bool
		wantStatus int
		want       string
		hidden     string
	}{
		{"driver error", errors.New("pq: relation users does not exist"), false, 500, "Something went wrong on our side", "pq:"},
		{"driver error, htmx", errors.New("pq: relation users does not exist"), true, 500, `<div class="notice notice-error" role="alert">`, "<html"},
		{"not found", tms.NotFound("load", 7), false, 404, "Load 7 not found.", ""},
		{"rate limited", &tms.Error{Code: tms.CodeRateLimited, Message: "slow down", Detail: map[string]any{"retry_after_seconds": 9}}, false, 429, "Slow down.", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := u.sessions.LoadAndSave(u.boundary(func(http.ResponseWriter, *http.Request) error { return tc.err }))
			req := httptest.NewRequest(http.MethodGet, "/x", nil)
			if tc.htmx {
				req.Header.Set("HX-Request", "true")
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			body := rec.Body.String()
			if rec.Code != tc.wantStatus || !strings.Contains(body, tc.want) || tc.hidden != "" && strings.Contains(body, tc.hidden) {
				t.Errorf("status %d, body:\n%s\nwant %d with %q and without %q", rec.Code, body, tc.wantStatus, tc.want, tc.hidden)
			}
		})
	}
}
