package osrm

import (
	"context"
	"errors"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/anditms/tms/internal/tms"
)

var (
	dallas   = tms.Point{Lat: 32.7767, Lon: -96.797}
	okc      = tms.Point{Lat: 35.4676, Lon: -97.5164}
	kc       = tms.Point{Lat: 39.0997, Lon: -94.5786}
	houston  = tms.Point{Lat: 29.7604, Lon: -95.3698}
	honolulu = tms.Point{Lat: 21.3069, Lon: -157.8583}
)

// fakeOSRM serves one recorded fixture with a status and remembers the request it got.
type fakeOSRM struct {
	*httptest.Server
	mu       sync.Mutex
	gotPath  string
	gotQuery string
}

func newFakeOSRM(t *testing.T, status int, fixture string) *fakeOSRM {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", fixture))
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeOSRM{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.gotPath, f.gotQuery = r.URL.Path, r.URL.RawQuery
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.WriteHeader(status)
		w.Write(body)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeOSRM) request() (path, query string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gotPath, f.gotQuery
}

func TestRoute(t *testing.T) {
	tests := []struct {
		name, prefix string
		points       []tms.Point
		wantPath     string
	}{
		{"three stops, lon first", "", []tms.Point{dallas, okc, kc},
			"/route/v1/driving/-96.797,32.7767;-97.5164,35.4676;-94.5786,39.0997"},
		{"base URL with a path prefix and slash", "/osrm/", []tms.Point{dallas, okc, kc},
			"/osrm/route/v1/driving/-96.797,32.7767;-97.5164,35.4676;-94.5786,39.0997"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeOSRM(t, http.StatusOK, "route_ok.json")
			got, err := New(srv.URL+tt.prefix, srv.Client()).Route(context.Background(), tt.points)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if want := (tms.Route{Meters: 893700.4, Seconds: 31297.3}); got != want {
				t.Errorf("got %+v, want %+v", got, want)
			}
			path, query := srv.request()
			if path != tt.wantPath || query != "overview=false" {
				t.Errorf("got request %s?%s, want %s?overview=false", path, query, tt.wantPath)
			}
		})
	}
}

func TestTable(t *testing.T) {
	srv := newFakeOSRM(t, http.StatusOK, "table_ok.json")
	got, err := New(srv.URL, nil).Table(context.Background(), []tms.Point{dallas, okc, houston}, []tms.Point{okc, honolulu})
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	inf := math.Inf(1)
	want := [][]tms.Route{
		{{Meters: 332512.6, Seconds: 11704.2}, {Meters: inf, Seconds: inf}},
		{{Meters: 0, Seconds: 0}, {Meters: inf, Seconds: inf}},
		{{Meters: 703004.9, Seconds: 25306.7}, {Meters: inf, Seconds: inf}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("table mismatch (-want +got):\n%s", diff)
	}
	path, query := srv.request()
	wantPath := "/table/v1/driving/-96.797,32.7767;-97.5164,35.4676;-95.3698,29.7604;-97.5164,35.4676;-157.8583,21.3069"
	wantQuery := "sources=0;1;2&destinations=3;4&annotations=distance,duration"
	if path != wantPath || query != wantQuery {
		t.Errorf("got request %s?%s, want %s?%s", path, query, wantPath, wantQuery)
	}
}

// TestErrors runs every failure through both services where it applies.
func TestErrors(t *testing.T) {
	tests := []struct {
		name     string
		table    bool
		status   int
		fixture  string
		wantCode tms.Code
		wantAPI  string // OSRM code carried by *APIError, "" for none
	}{
		{"NoRoute", false, http.StatusBadRequest, "route_noroute.json", tms.CodeInvalid, "NoRoute"},
		{"NoRoute with 200", false, http.StatusOK, "route_noroute.json", tms.CodeInvalid, "NoRoute"},
		{"NoSegment", false, http.StatusBadRequest, "route_nosegment.json", tms.CodeInvalid, "NoSegment"},
		{"InvalidQuery is ours", false, http.StatusBadRequest, "route_invalidquery.json", tms.CodeInternal, "InvalidQuery"},
		{"500 HTML", false, http.StatusInternalServerError, "server_error.html", tms.CodeInternal, ""},
		{"502 with an Ok body", true, http.StatusBadGateway, "route_empty.json", tms.CodeInternal, ""},
		{"malformed JSON", false, http.StatusOK, "route_malformed.json", tms.CodeInternal, ""},
		{"HTML with 200", false, http.StatusOK, "server_error.html", tms.CodeInternal, ""},
		{"no routes", false, http.StatusOK, "route_empty.json", tms.CodeInternal, ""},
		{"NoTable", true, http.StatusBadRequest, "table_notable.json", tms.CodeInvalid, "NoTable"},
		{"TooBig", true, http.StatusBadRequest, "table_toobig.json", tms.CodeInvalid, "TooBig"},
		{"table without distances", true, http.StatusOK, "table_durations_only.json", tms.CodeInternal, ""},
		{"table of the wrong shape", true, http.StatusOK, "table_wrong_shape.json", tms.CodeInternal, ""},
		{"table malformed JSON", true, http.StatusOK, "route_malformed.json", tms.CodeInternal, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeOSRM(t, tt.status, tt.fixture)
			c := New(srv.URL, srv.Client())
			var err error
			if tt.table {
				_, err = c.Table(context.Background(), []tms.Point{dallas}, []tms.Point{okc})
			} else {
				_, err = c.Route(context.Background(), []tms.Point{dallas, okc})
			}
			if err == nil {
				t.Fatal("got no error, want one")
			}
			if code := tms.ErrorCode(err); code != tt.wantCode {
				t.Errorf("got code %q (%v), want %q", code, err, tt.wantCode)
			}
			var apiErr *APIError
			gotAPI := ""
			if errors.As(err, &apiErr) {
				gotAPI = apiErr.Code
				if apiErr.Status != tt.status || apiErr.Message == "" {
					t.Errorf("got %+v, want HTTP %d and OSRM's message", apiErr, tt.status)
				}
			}
			if gotAPI != tt.wantAPI {
				t.Errorf("got OSRM code %q, want %q (%v)", gotAPI, tt.wantAPI, err)
			}
		})
	}
}

func TestNoRouteMessage(t *testing.T) {
	srv := newFakeOSRM(t, http.StatusBadRequest, "route_noroute.json")
	_, err := New(srv.URL, nil).Route(context.Background(), []tms.Point{dallas, honolulu})
	if got, want := tms.ErrorMessage(err), "no road route between the points: Impossible route between points"; got != want {
		t.Errorf("got message %q, want %q", got, want)
	}
}

func TestInvalidPoints(t *testing.T) {
	srv := newFakeOSRM(t, http.StatusOK, "route_ok.json")
	c := New(srv.URL, nil)
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
	}{
		{"route of no points", func() error { _, err := c.Route(ctx, nil); return err }},
		{"route of one point", func() error { _, err := c.Route(ctx, []tms.Point{dallas}); return err }},
		{"route through NaN", func() error { _, err := c.Route(ctx, []tms.Point{dallas, {Lat: math.NaN(), Lon: 1}}); return err }},
		{"route off the globe", func() error { _, err := c.Route(ctx, []tms.Point{dallas, {Lat: 91, Lon: 1}}); return err }},
		{"table without sources", func() error { _, err := c.Table(ctx, nil, []tms.Point{okc}); return err }},
		{"table without destinations", func() error { _, err := c.Table(ctx, []tms.Point{okc}, nil); return err }},
		{"table with a bad point", func() error { _, err := c.Table(ctx, []tms.Point{okc}, []tms.Point{{}}); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code := tms.ErrorCode(tt.call()); code != tms.CodeInvalid {
				t.Errorf("got code %q, want %q", code, tms.CodeInvalid)
			}
		})
	}
	if path, _ := srv.request(); path != "" {
		t.Errorf("got a request to %s, want none for invalid input", path)
	}
}

// slowOSRM answers only after the client has given up.
func slowOSRM(t *testing.T) *httptest.Server {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	return srv
}

func TestTimeouts(t *testing.T) {
	t.Run("context deadline", func(t *testing.T) {
		srv := slowOSRM(t)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := New(srv.URL, nil).Route(ctx, []tms.Point{dallas, okc})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("got %v, want it to wrap context.DeadlineExceeded", err)
		}
	})
	t.Run("client timeout", func(t *testing.T) {
		srv := slowOSRM(t)
		_, err := New(srv.URL, &http.Client{Timeout: 50 * time.Millisecond}).Table(context.Background(), []tms.Point{dallas}, []tms.Point{okc})
		var netErr net.Error
		if !errors.As(err, &netErr) || !netErr.Timeout() {
			t.Errorf("got %v, want a wrapped timeout", err)
		}
	})
	t.Run("server down", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		srv.Close()
		_, err := New(srv.URL, nil).Route(context.Background(), []tms.Point{dallas, okc})
		var netErr net.Error
		if !errors.As(err, &netErr) {
			t.Errorf("got %v (%T), want a wrapped net.Error", err, err)
		}
	})
}

// TestGreatCircleAgreement keeps the fixture honest: the recorded road distance is longer
// than the great circle and within the circuity a truck route plausibly has.
func TestGreatCircleAgreement(t *testing.T) {
	srv := newFakeOSRM(t, http.StatusOK, "route_ok.json")
	road, err := New(srv.URL, nil).Route(context.Background(), []tms.Point{dallas, okc, kc})
	if err != nil {
		t.Fatal(err)
	}
	gc, _ := tms.GreatCircleRouter{}.Route(context.Background(), []tms.Point{dallas, okc, kc})
	if ratio := road.Meters / (gc.Meters / tms.CircuityFactor); ratio < 1 || ratio > 1.5 {
		t.Errorf("got road/great-circle %.2f, want 1..1.5", ratio)
	}
	if diff := cmp.Diff(gc.Meters, road.Meters, cmpopts.EquateApprox(0.2, 0)); diff != "" {
		t.Errorf("road distance far from the great-circle estimate (-gc +road):\n%s", diff)
	}
}
