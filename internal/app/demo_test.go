package app_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// nearby is the part of a nearest-trucks answer the first-start test reads.
type nearby struct {
	UnitNumber    string `json:"unit_number"`
	FixAgeSeconds int64  `json:"fix_age_seconds"`
}

// The first start of an embedded installation, sped up 120 times: within a minute the
// nearest trucks to Dallas list at least three demo trucks with fixes under 2 minutes old,
// and the server records an arrival from their GPS on a demo load (all through /osmand).
func TestFirstStartDemoFleetMoves(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			cfg := apitest.DefaultConfig(t)
			cfg.Demo.Speedup = 120
			srv := apitest.Start(t, cfg, f.Open(t))
			ctx := context.Background()
			var out bytes.Buffer
			must(t, srv.App.FirstRun(ctx, &out, srv.URL))
			before, err := srv.App.Store.LatestLoadEventID(ctx)
			must(t, err)
			must(t, srv.App.StartDemoDriver(ctx, srv.URL))
			_, pw := apitest.CreateUser(t, srv.App.Store, "watch@example.com", tms.RoleDispatcher)
			c := srv.NewClient(t).Login("watch@example.com", pw)

			fresh, arrivals := 0, 0
			for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline) && (fresh < 3 || arrivals == 0); time.Sleep(500 * time.Millisecond) {
				var trucks []nearby
				c.Do("GET", "/api/v1/trucks/nearest?lat=32.7767&lon=-96.797&limit=20", nil).Want(http.StatusOK).JSON(&trucks)
				fresh = countFresh(trucks)
				arrivals = gpsArrivals(t, srv.App.Store, before)
			}
			if fresh < 3 || arrivals == 0 {
				t.Errorf("after a minute: %d demo trucks with fixes under 2 min old (want >= 3), %d GPS arrivals (want >= 1)", fresh, arrivals)
			}
		})
	}
}

func countFresh(trucks []nearby) int {
	n := 0
	for _, tr := range trucks {
		if strings.HasPrefix(tr.UnitNumber, "T-") && tr.FixAgeSeconds < 120 {
			n++
		}
	}
	return n
}

// gpsArrivals counts the arrivals judged from GPS since event id after.
func gpsArrivals(t *testing.T, s tms.Store, after int64) int {
	t.Helper()
	events, err := s.LoadEventsSince(context.Background(), after, 1000)
	must(t, err)
	n := 0
	for _, e := range events {
		if e.Type == tms.EventStopArrived && e.Source == tms.SourceGPS {
			n++
		}
	}
	return n
}

// TMS_DEMO=off starts empty with the admin only; production creates no account and says how
// to create the first admin.
func TestFirstStartWithoutDemo(t *testing.T) {
	store := testenv.SQLite(t)
	cfg := apitest.DefaultConfig(t)
	cfg.Demo.Data = false
	srv := apitest.Start(t, cfg, store)
	var out bytes.Buffer
	must(t, srv.App.FirstRun(context.Background(), &out, srv.URL))
	customers, err := store.ListCustomers(context.Background(), tms.MasterFilter{})
	must(t, err)
	users, err := store.CountUsers(context.Background())
	must(t, err)
	if customers.Total != 0 || users != 1 || !strings.Contains(out.String(), "TMS_DEMO=off") {
		t.Errorf("%d customers, %d users, printed %q; want empty with the admin, naming TMS_DEMO=off", customers.Total, users, out.String())
	}

	cfg.DatabaseURL = "postgres://db.example/tms" // what production looks like to FirstRun
	prod := apitest.Start(t, cfg, testenv.SQLite(t))
	out.Reset()
	must(t, prod.App.FirstRun(context.Background(), &out, prod.URL))
	if n, _ := prod.App.Store.CountUsers(context.Background()); n != 0 || !strings.Contains(out.String(), "tms user create --email you@example.com --role admin") {
		t.Errorf("production first start: %d users, printed %q; want none and the tms user create command", n, out.String())
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
