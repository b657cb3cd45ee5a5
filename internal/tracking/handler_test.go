package tracking_test

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/api"
	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
	"github.com/anditms/tms/internal/web"
)

// seedDevices are the ids of the shared OsmAnd request cases, plus one inactive and one with
// a path secret.
var seedDevices = []string{"123456", "902064", "353861053849681", "861001000719969", "123456789012345", "48241179", "658765", "8737767034"}

// newService serves ingest over a fresh SQLite store holding the seed devices.
func newService(t testing.TB) (*tracking.Service, tms.Store) {
	t.Helper()
	store := testenv.SQLite(t)
	ctx := context.Background()
	truck := tms.Truck{UnitNumber: "FZ-1"}
	must(t, store.CreateTruck(ctx, &truck))
	for _, id := range seedDevices {
		must(t, store.CreateDevice(ctx, &tms.Device{UniqueID: id, TruckID: &truck.ID, Active: true}))
	}
	must(t, store.CreateDevice(ctx, &tms.Device{UniqueID: "asleep", Active: false}))
	must(t, store.CreateDevice(ctx, &tms.Device{UniqueID: "guarded", Secret: "s3cret-path", Active: true}))
	s := tracking.New(tracking.Config{}, store, &dispatch.Service{Store: store, Router: tms.GreatCircleRouter{}}, tracking.NewMemory(), nil)
	t.Cleanup(func() { s.Close() })
	return s, store
}

func serve(s *tracking.Service, req *http.Request) *httptest.ResponseRecorder {
	mux := http.NewServeMux()
	api.Trackers{Tracking: s}.Register(mux)
	mux.Handle("POST /api/v1/positions", web.Handler(api.Trackers{Tracking: s}.Batch))
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, req)
	return w
}

func sharedFile(t testing.TB, name string) []byte {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "../../testdata/osmand", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// queryCases reads query_requests.txt: expectation and request target per line.
func queryCases(t testing.TB) [][2]string {
	var out [][2]string
	sc := bufio.NewScanner(bytes.NewReader(sharedFile(t, "query_requests.txt")))
	for sc.Scan() {
		if want, target, ok := strings.Cut(strings.TrimSpace(sc.Text()), " "); ok {
			out = append(out, [2]string{want, strings.TrimPrefix(target, "/")})
		}
	}
	return out
}

// Every shared request case through the real handler: positions are stored (200), requests
// without a device or position get 400, "any" cases are accepted.
func TestOsmAndSharedCases(t *testing.T) {
	s, _ := newService(t)
	for _, c := range queryCases(t) {
		w := serve(s, httptest.NewRequest("GET", "/osmand"+c[1], nil))
		want := map[string]int{"position": 200, "any": 200, "no-position": 400}[c[0]]
		if w.Code != want {
			t.Errorf("%s %s: status %d, want %d; body %s", c[0], c[1], w.Code, want, w.Body)
		}
	}
	for _, name := range []string{"json_1.json", "json_2.json", "json_3.json", "json_4.json"} {
		req := httptest.NewRequest("POST", "/osmand", bytes.NewReader(sharedFile(t, name)))
		req.Header.Set("Content-Type", "application/json")
		if w := serve(s, req); w.Code != 200 {
			t.Errorf("%s: status %d, want 200; body %s", name, w.Code, w.Body)
		}
	}
}

func TestOsmAndRefusals(t *testing.T) {
	s, store := newService(t)
	cases := []struct {
		name, method, target, body string
		want                       int
	}{
		{"unknown device, query form", "GET", "/osmand?id=nobody&lat=1&lon=2", "", 400},
		{"unknown device, JSON form", "POST", "/osmand", `{"device_id":"nobody","location":{"timestamp":"2026-01-01T00:00:00Z","coords":{"latitude":1,"longitude":2}}}`, 404},
		{"inactive device", "GET", "/osmand?id=asleep&lat=1&lon=2", "", 400},
		{"secret missing", "GET", "/osmand?id=guarded&lat=1&lon=2", "", 400},
		{"secret wrong", "GET", "/osmand/wrong-secret?id=guarded&lat=1&lon=2", "", 400},
		{"secret right", "GET", "/osmand/s3cret-path?id=guarded&lat=1&lon=2", "", 200},
		{"null island", "GET", "/osmand?id=123456&lat=0&lon=0", "", 400},
		{"before 2000", "GET", "/osmand?id=123456&lat=1&lon=2&timestamp=900000000", "", 400},
		{"far future", "GET", "/osmand?id=123456&lat=1&lon=2&timestamp=4102444800", "", 400},
		{"too fast", "GET", "/osmand?id=123456&lat=1&lon=2&speed=500", "", 400},
		{"form body, POST", "POST", "/osmand", "id=123456&lat=3&lon=4", 200},
	}
	for _, c := range cases {
		req := httptest.NewRequest(c.method, c.target, strings.NewReader(c.body))
		if strings.HasPrefix(c.body, "{") {
			req.Header.Set("Content-Type", "application/json")
		}
		if w := serve(s, req); w.Code != c.want {
			t.Errorf("%s: status %d, want %d; body %s", c.name, w.Code, c.want, w.Body)
		}
	}
	latest, err := store.LatestPositions(context.Background())
	must(t, err)
	for _, p := range latest {
		if p.Lat == 0 || p.Lat == 1 && p.DeviceID != mustDevice(t, store, "guarded").ID {
			t.Errorf("a refused fix was stored: %+v", p)
		}
	}
}

func mustDevice(t testing.TB, s tms.Store, id string) tms.Device {
	d, err := s.DeviceByUniqueID(context.Background(), id)
	must(t, err)
	return d
}

func TestPositionsBatch(t *testing.T) {
	s, _ := newService(t)
	body := `{"positions":[
		{"device_id":"123456","time":"2026-01-02T03:04:05Z","lat":32.1,"lon":-96.1,"speed_mph":55},
		{"device_id":"123456","time":"2026-01-02T03:04:05Z","lat":32.1,"lon":-96.1},
		{"device_id":"nobody","time":"2026-01-02T03:04:05Z","lat":32.1,"lon":-96.1},
		{"device_id":"902064","time":"2026-01-02T03:04:05Z","lat":95,"lon":-96.1}]}`
	w := serve(s, httptest.NewRequest("POST", "/api/v1/positions", strings.NewReader(body)))
	want := `"stored":1,"duplicate":1,"refused":2`
	if w.Code != 200 || !strings.Contains(w.Body.String(), want) {
		t.Errorf("batch: status %d body %s, want 200 with %s", w.Code, w.Body, want)
	}
}
