package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/app"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/webhooks"
)

var adminCtx = tms.WithActor(context.Background(), tms.Actor{Email: "admin@example.com", Role: tms.RoleAdmin})

// receiver is a subscriber's endpoint: it verifies each request's signature with the secret
// and answers the next of its scripted statuses (200 once they run out).
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	secret   string
	statuses []int
	got      []string // webhook-id of each request, in order
	bad      int      // requests whose signature did not verify
	delay    time.Duration
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	r := &receiver{statuses: statuses}
	r.Server = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	time.Sleep(r.delay)
	r.mu.Lock()
	defer r.mu.Unlock()
	id := req.Header.Get(webhooks.HeaderID)
	if !webhooks.Verify(r.secret, id, req.Header.Get(webhooks.HeaderTimestamp), req.Header.Get(webhooks.HeaderSignature), body) {
		r.bad++
	}
	r.got = append(r.got, id)
	status := http.StatusOK
	if len(r.statuses) > 0 {
		status, r.statuses = r.statuses[0], r.statuses[1:]
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte("answer " + http.StatusText(status)))
}

func (r *receiver) received() ([]string, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got), r.bad
}

// startWebhooks serves an App whose worker retries at once (the test does not wait out the
// schedule) and subscribes rcv, through the API as an admin, to load status changes.
func startWebhooks(t *testing.T, store tms.Store, rcv *receiver) (*app.App, tms.WebhookSubscription) {
	srv := apitest.Start(t, apitest.DefaultConfig(t), store)
	srv.App.WebhookWorker.Schedule = make([]time.Duration, len(webhooks.Schedule))
	var sub tms.WebhookSubscription
	if rcv != nil {
		admin := adminClient(t, srv)
		admin.Do("POST", "/api/v1/webhooks", webhooks.Input{URL: rcv.URL + "/in", Events: []string{tms.WebhookLoadStatus}}).Want(http.StatusCreated).JSON(&sub)
		rcv.secret = sub.Secret
	}
	return srv.App, sub
}

func adminClient(t *testing.T, srv *apitest.Server) *apitest.Client {
	email := fmt.Sprintf("admin-%d@example.com", time.Now().UnixNano())
	_, pw := apitest.CreateUser(t, srv.App.Store, email, tms.RoleAdmin)
	return srv.NewClient(t).Login(email, pw)
}

// moveLoad changes a load's status n times (dispatched, booked, dispatched...), one event each.
func moveLoad(t *testing.T, a *app.App, n int) {
	f := storetest.NewFixtures(t, a.Store)
	l := f.Load(f.MondayMorning)
	must(t, a.Store.CreateLoad(adminCtx, &l))
	for i := range n {
		to := []tms.LoadStatus{tms.StatusDispatched, tms.StatusBooked}[i%2]
		_, err := a.Store.UpdateLoad(adminCtx, l.ID, func(_ tms.LoadTx, l *tms.Load) error { l.Status = to; return nil })
		must(t, err)
	}
}

// TestReceiverGetsTheEventUntilItAnswers2xx: a receiver answering 500 twice, then 200, gets
// the event three times with the same webhook-id and a signature it verifies each time, and
// the delivery log shows 500, 500, 200.
func TestReceiverGetsTheEventUntilItAnswers2xx(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			rcv := newReceiver(t, 500, 500)
			a, sub := startWebhooks(t, f.Open(t), rcv)
			moveLoad(t, a, 1)
			for range 3 {
				_, err := a.WebhookWorker.RunOnce(adminCtx)
				must(t, err)
			}
			got, bad := rcv.received()
			if len(got) != 3 || bad != 0 || got[0] != got[1] || got[1] != got[2] {
				t.Fatalf("received ids %v, %d with a bad signature; want the same id three times, all verified", got, bad)
			}
			page, err := a.Store.ListWebhookDeliveries(adminCtx, tms.WebhookDeliveryFilter{SubscriptionID: sub.ID})
			must(t, err)
			d, log, err := a.Store.WebhookDelivery(adminCtx, page.Items[0].ID)
			must(t, err)
			codes := []int{}
			for _, at := range log {
				codes = append(codes, at.StatusCode)
			}
			if d.Status != tms.DeliveryDelivered || d.MessageID != got[0] || !slices.Equal(codes, []int{500, 500, 200}) || log[2].Response != "answer OK" {
				t.Errorf("delivery %s %s, log codes %v (%+v)", d.Status, d.MessageID, codes, log)
			}
		})
	}
}

// TestRedeliverSendsAgainWithTheSameID: an admin's redelivery of a delivered event posts it
// again now, with the same webhook-id.
func TestRedeliverSendsAgainWithTheSameID(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			rcv := newReceiver(t)
			a, sub := startWebhooks(t, f.Open(t), rcv)
			moveLoad(t, a, 1)
			_, err := a.WebhookWorker.RunOnce(adminCtx)
			must(t, err)
			page, err := a.Store.ListWebhookDeliveries(adminCtx, tms.WebhookDeliveryFilter{SubscriptionID: sub.ID})
			must(t, err)
			_, err = a.Store.RedeliverWebhook(adminCtx, page.Items[0].ID)
			must(t, err)
			_, err = a.WebhookWorker.RunOnce(adminCtx)
			must(t, err)
			if got, bad := rcv.received(); len(got) != 2 || got[0] != got[1] || bad != 0 {
				t.Fatalf("received %v (%d bad); want the event twice with one id", got, bad)
			}
		})
	}
}

// TestSubscriptionURLGuard: the API refuses a metadata address always and a private one in
// production mode, and a refused subscription stores nothing.
func TestSubscriptionURLGuard(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			cfg := apitest.DefaultConfig(t)
			cfg.Webhooks.AllowPrivateURLs = false
			srv := apitest.Start(t, cfg, f.Open(t))
			admin := adminClient(t, srv)
			for _, url := range []string{"https://169.254.169.254/latest/meta-data", "https://[fd00:ec2::254]/", "https://10.0.0.8/hook", "http://93.184.216.34/hook"} {
				admin.Do("POST", "/api/v1/webhooks", webhooks.Input{URL: url, Events: []string{tms.WebhookPosition}}).Want(http.StatusBadRequest)
			}
			page, err := srv.App.Store.ListWebhooks(adminCtx, tms.PageRequest{})
			if err != nil || page.Total != 0 {
				t.Errorf("refused subscriptions stored: %d, %v", page.Total, err)
			}
		})
	}
}

// Two instances on one PostgreSQL post the outbox side by side: every event arrives once,
// both instances deliver some, and a delivery held by an instance that died is sent too.
func TestTwoInstancesDeliverEachEventOnce(t *testing.T) {
	stores := testenv.PostgresInstances(t, 2)
	rcv := newReceiver(t)
	rcv.delay = 20 * time.Millisecond // a POST takes a while, so both workers are busy at once
	a, sub := startWebhooks(t, stores[0], rcv)
	b, _ := startWebhooks(t, stores[1], nil)
	moveLoad(t, a, 30)
	if held, err := a.Store.ClaimWebhookDeliveries(adminCtx, "dead-instance", 1, -time.Second); err != nil || len(held) != 1 {
		t.Fatalf("claim = %v, %v", held, err)
	}
	a.WebhookWorker.Batch, b.WebhookWorker.Batch = 3, 3
	drain(t, a.WebhookWorker.RunOnce, b.WebhookWorker.RunOnce)
	got, bad := rcv.received()
	seen := map[string]int{}
	for _, id := range got {
		seen[id]++
	}
	if len(got) != 30 || len(seen) != 30 || bad != 0 {
		t.Fatalf("received %d requests with %d distinct ids (%d bad signatures); want 30 events once each", len(got), len(seen), bad)
	}
	instances := map[string]int{}
	page, err := a.Store.ListWebhookDeliveries(adminCtx, tms.WebhookDeliveryFilter{SubscriptionID: sub.ID, Page: tms.PageRequest{Limit: 100}})
	must(t, err)
	for _, d := range page.Items {
		_, log, err := a.Store.WebhookDelivery(adminCtx, d.ID)
		must(t, err)
		if d.Status != tms.DeliveryDelivered || len(log) != 1 {
			t.Fatalf("delivery %d: %s with %d attempts; want delivered once", d.ID, d.Status, len(log))
		}
		instances[log[0].Instance]++
	}
	if len(instances) != 2 {
		t.Errorf("deliveries per instance %v; want both instances to deliver some", instances)
	}
}

// TestPositionEventsThrottledPerTruck: the position job reads the newest fixes and queues at
// most one event per truck per interval, however many fixes and devices the truck has.
func TestPositionEventsThrottledPerTruck(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			a, _ := startWebhooks(t, f.Open(t), nil)
			sub, err := a.Webhooks.Create(adminCtx, webhooks.Input{URL: "https://127.0.0.1:9/positions", Events: []string{tms.WebhookPosition}})
			must(t, err)
			fx := storetest.NewFixtures(t, a.Store)
			phone, tracker := tms.Device{UniqueID: "phone-1", Name: "phone", TruckID: &fx.Truck.ID, Active: true}, tms.Device{UniqueID: "tracker-1", Name: "tracker", TruckID: &fx.Truck.ID, Active: true}
			must(t, a.Store.CreateDevice(adminCtx, &phone))
			must(t, a.Store.CreateDevice(adminCtx, &tracker))
			fix := func(d tms.Device, at time.Time) tms.Position {
				return tms.Position{DeviceID: d.ID, TruckID: d.TruckID, FixTime: at, ReceivedAt: at, Lat: 32.7, Lon: -96.8}
			}
			now := time.Now().UTC().Truncate(time.Second)
			for i, want := range []int64{1, 0} { // the second pass has newer fixes inside the interval
				_, err := a.Store.SavePositions(adminCtx, []tms.Position{fix(phone, now.Add(time.Duration(i)*time.Minute)), fix(tracker, now.Add(time.Duration(i)*time.Minute+time.Second))})
				must(t, err)
				if n, err := a.Webhooks.QueuePositions(adminCtx); err != nil || n != want {
					t.Fatalf("pass %d queued %d, %v; want %d", i, n, err, want)
				}
			}
			page, err := a.Store.ListWebhookDeliveries(adminCtx, tms.WebhookDeliveryFilter{SubscriptionID: sub.ID})
			must(t, err)
			if len(page.Items) != 1 || page.Items[0].EventType != tms.WebhookPosition {
				t.Errorf("deliveries = %+v; want one position event", page.Items)
			}
		})
	}
}

// drain runs the workers' passes side by side, each until a pass does nothing.
func drain(t *testing.T, passes ...func(context.Context) (int64, error)) {
	var wg sync.WaitGroup
	for _, pass := range passes {
		wg.Go(func() {
			for {
				n, err := pass(adminCtx)
				if err != nil {
					t.Error(err)
				}
				if err != nil || n == 0 {
					return
				}
			}
		})
	}
	wg.Wait()
}
