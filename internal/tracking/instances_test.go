package tracking_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/osmand"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// Two instances on one PostgreSQL and one Redis: fixes of one truck sent alternately to both
// make one arrival, and a stream client on A sees a position ingested on B.
func TestTwoInstances(t *testing.T) {
	redisURL := testenv.Require(t, "TMS_TEST_REDIS_URL")
	if redisURL == "" || testenv.Require(t, "TMS_TEST_POSTGRES_URL") == "" {
		t.Skip("needs TMS_TEST_POSTGRES_URL and TMS_TEST_REDIS_URL")
	}
	store := testenv.Postgres(t)
	cfg := apitest.DefaultConfig(t)
	cfg.DatabaseURL, cfg.RedisURL = os.Getenv("TMS_TEST_POSTGRES_URL"), redisURL
	a, b := apitest.Start(t, cfg, store), apitest.Start(t, cfg, store)
	trace := readTrace(t)
	sc := newScene(t, store, trace, "1")

	u, pw := apitest.CreateUser(t, store, "watcher@example.com", tms.RoleDispatcher)
	lines := openStream(t, a.NewClient(t).Login(u.Email, pw), a.URL)

	ca, cb := a.NewClient(t), b.NewClient(t)
	d := sc.dwells[0]
	for i := d.first - 3; i <= d.last; i++ { // approach and dwell, alternately on A and B
		c := map[bool]*apitest.Client{true: ca, false: cb}[i%2 == 0]
		c.Do("GET", osmandQuery(sc.device.UniqueID, trace[i]), nil).Want(http.StatusOK)
	}
	for _, s := range []*apitest.Server{a, b} {
		must(t, s.App.Tracking.WaitIdle(context.Background()))
	}
	var arrivals int
	for _, e := range gpsStopEvents(t, store, sc.load.ID) {
		if e.Type == tms.EventStopArrived {
			arrivals++
		}
	}
	if arrivals != 1 {
		t.Errorf("arrivals = %d, want exactly 1", arrivals)
	}

	mark := osmand.TracePoint{Point: tms.Point{Lat: 35.5, Lon: -97.5}, Time: time.Now().UTC().Truncate(time.Second)}
	cb.Do("GET", osmandQuery(sc.device.UniqueID, mark), nil).Want(http.StatusOK)
	waitFor(t, lines, `"lat":35.5`)
}

// openStream connects to /api/v1/stream and returns its lines.
func openStream(t *testing.T, c *apitest.Client, base string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/stream", nil)
	must(t, err)
	resp, err := c.HTTP.Do(req)
	must(t, err)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("stream: status %d, content type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := make(chan string, 1024)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	return lines
}

func waitFor(t *testing.T, lines <-chan string, want string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	var seen []string
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("stream ended before %s; saw %v", want, seen)
			}
			if strings.Contains(l, want) {
				return
			}
			seen = append(seen, l)
		case <-timeout:
			t.Fatalf("no stream line with %s within 10 s; saw %s", want, fmt.Sprint(seen))
		}
	}
}
