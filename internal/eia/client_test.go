package eia

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
	"github.com/google/go-cmp/cmp"
)

const testKey = "s3cr3t+key/XYZ"

// serve starts a server that answers every request with status and the fixture file, and
// records the request it got.
func serve(t *testing.T, status int, file string) (*Client, *url.URL) {
	t.Helper()
	body, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	var got url.URL
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = *r.URL
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return &Client{BaseURL: srv.URL + "/", APIKey: testKey, HTTP: srv.Client()}, &got
}

func TestWeeklyDiesel(t *testing.T) {
	c, req := serve(t, http.StatusOK, "diesel_weekly.json")
	got, err := c.WeeklyDiesel(context.Background(), date(t, "2026-01-05"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fixturePrices(t), got, priceCmp); diff != "" {
		t.Errorf("prices (-want +got):\n%s", diff)
	}
	if req.Path != "/v2/petroleum/pri/gnd/data/" {
		t.Errorf("got path %q, want /v2/petroleum/pri/gnd/data/", req.Path)
	}
	wantQuery := url.Values{
		"frequency":          {"weekly"},
		"data[0]":            {"value"},
		"facets[series][]":   {Series},
		"sort[0][column]":    {"period"},
		"sort[0][direction]": {"desc"},
		"offset":             {"0"},
		"length":             {"5000"},
		"start":              {"2026-01-05"},
		"api_key":            {testKey},
	}
	if diff := cmp.Diff(wantQuery, req.Query()); diff != "" {
		t.Errorf("query (-want +got):\n%s", diff)
	}
}

func TestWeeklyDieselSince(t *testing.T) {
	tests := []struct {
		since     string
		wantStart string
		wantWeeks int
	}{
		{since: "", wantStart: "", wantWeeks: 8},                     // all history: no start
		{since: "2026-02-09", wantStart: "2026-02-09", wantWeeks: 3}, // server sent more than asked
		{since: "2026-03-02", wantStart: "2026-03-02", wantWeeks: 0},
	}
	for _, tt := range tests {
		t.Run(tt.since, func(t *testing.T) {
			c, req := serve(t, http.StatusOK, "diesel_weekly.json")
			var since tms.Date
			if tt.since != "" {
				since = date(t, tt.since)
			}
			got, err := c.WeeklyDiesel(context.Background(), since)
			if err != nil {
				t.Fatal(err)
			}
			if start := req.Query().Get("start"); start != tt.wantStart {
				t.Errorf("got start %q, want %q", start, tt.wantStart)
			}
			if len(got) != tt.wantWeeks {
				t.Errorf("got %d weeks, want %d", len(got), tt.wantWeeks)
			}
			for _, p := range got {
				if p.Week.Time().Before(since.Time()) {
					t.Errorf("got week %s, want none before %s", p.Week, since)
				}
			}
		})
	}
}

func TestWeeklyDieselErrors(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		file       string
		wantStatus int // 0: not an *APIError
		wantErr    string
	}{
		{name: "server error", status: 500, file: "server_error.html", wantStatus: 500, wantErr: "eia: HTTP 500: \"<html>"},
		{name: "bad api key", status: 403, file: "error_api_key.json", wantStatus: 403,
			wantErr: "eia: HTTP 403: API_KEY_INVALID: An invalid api_key was supplied"},
		{name: "EIA error", status: 400, file: "error_route.json", wantStatus: 400, wantErr: "eia: HTTP 400: Invalid frequency 'weekley'"},
		{name: "EIA error with 200", status: 200, file: "error_route.json", wantErr: "error from EIA: Invalid frequency"},
		{name: "malformed JSON", status: 200, file: "server_error.html", wantErr: "eia response: malformed JSON"},
		{name: "wrong series only", status: 200, file: "mixed_series_numbers.json"}, // gasoline ignored, diesel kept
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := serve(t, tt.status, tt.file)
			_, err := c.WeeklyDiesel(context.Background(), tms.Date{})
			checkErr(t, err, tt.wantErr)
			var apiErr *APIError
			if isAPI := errors.As(err, &apiErr); isAPI != (tt.wantStatus != 0) || (isAPI && apiErr.Status != tt.wantStatus) {
				t.Errorf("got error %#v, want an *APIError with status %d (0: none)", err, tt.wantStatus)
			}
		})
	}
}

// TestWeeklyDieselRedactsKey: no error, whatever its cause, shows the API key.
func TestWeeklyDieselRedactsKey(t *testing.T) {
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":"bad key `+r.URL.Query().Get("api_key")+` in `+r.URL.String()+`"}`, http.StatusForbidden)
	}))
	defer echo.Close()
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer hang.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	tests := []struct {
		name    string
		base    string
		timeout time.Duration
		wantErr string
		wantIs  error
	}{
		{name: "key echoed in the body", base: echo.URL, wantErr: "eia: HTTP 403: bad key REDACTED"},
		{name: "timeout", base: hang.URL, timeout: 50 * time.Millisecond, wantErr: "api_key=REDACTED", wantIs: context.DeadlineExceeded},
		{name: "connection refused", base: closed.URL, wantErr: "api_key=REDACTED"},
		{name: "bad base URL", base: "http://[::1", wantErr: "eia:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			c := &Client{BaseURL: tt.base, APIKey: testKey}
			_, err := c.WeeklyDiesel(ctx, date(t, "2026-01-05"))
			checkErr(t, err, tt.wantErr)
			for _, k := range []string{testKey, url.QueryEscape(testKey), "s3cr3t"} {
				if strings.Contains(err.Error(), k) {
					t.Errorf("got error %q, want it without the API key", err)
				}
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("got error %v, want it to wrap %v", err, tt.wantIs)
			}
		})
	}
}

func TestWeeklyDieselNoKey(t *testing.T) {
	c := &Client{BaseURL: "http://127.0.0.1:1"}
	_, err := c.WeeklyDiesel(context.Background(), tms.Date{})
	checkErr(t, err, "eia: no API key")
}
