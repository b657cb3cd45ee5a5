package storetest_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// benchLoads is the table size of the load benchmarks (issue: 100,000 loads).
const benchLoads = 100_000

// BenchmarkLoads measures the two queries dispatchers run all day on a large table: one page
// of 50 loads by status, and one load by id with its stops. Run with
// `go test -run '^$' -bench BenchmarkLoads -benchtime 2000x ./internal/storetest/`
// (set TMS_TEST_POSTGRES_URL for PostgreSQL). p50/p95 are reported per operation.
func BenchmarkLoads(b *testing.B) {
	for _, f := range testenv.Factories(b) {
		b.Run(f.Name, func(b *testing.B) {
			s := f.Open(b)
			ids := seedLoads(b, s, benchLoads)
			ctx := context.Background()
			b.Run("list-by-status-page-50", func(b *testing.B) {
				statuses := []tms.LoadStatus{tms.StatusBooked, tms.StatusInTransit, tms.StatusDelivered}
				measure(b, func(i int) error {
					_, err := s.ListLoads(ctx, tms.LoadFilter{Statuses: statuses[i%3 : i%3+1], Page: tms.PageRequest{Limit: 50, Offset: (i % 20) * 50}})
					return err
				})
			})
			b.Run("get-by-id-with-stops", func(b *testing.B) {
				measure(b, func(i int) error {
					_, err := s.Load(ctx, ids[(i*7919)%len(ids)])
					return err
				})
			})
		})
	}
}

// measure runs op b.N times and reports the median and 95th percentile latency.
func measure(b *testing.B, op func(i int) error) {
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(durations[len(durations)*95/100].Microseconds())/1000, "p95-ms")
}

// rawStore is what the seeding needs beyond tms.Store: the write pool and placeholder rebinding.
type rawStore interface {
	Writer() *sql.DB
	Q(string) string
}

// seedLoads bulk-inserts n two-stop loads spread over statuses and a year of dates, in one
// transaction with prepared statements (creating them one by one through the API would
// measure the seeding, not the queries).
func seedLoads(b *testing.B, s testenv.Backend, n int) []int64 {
	b.Helper()
	f := storetest.NewFixtures(b, s)
	raw := s.(rawStore)
	tx, err := raw.Writer().Begin()
	if err != nil {
		b.Fatal(err)
	}
	insLoad, err := tx.Prepare(raw.Q(`INSERT INTO loads (number, customer_id, status, hold_from, ref_bol, ref_po, ref_pickup, ref_customer_load,
		commodity, weight_lb, pieces, equipment_type, hazmat, charges, total_cents, planned_miles, miles_manual, window_start, window_end,
		notes, created_at, updated_at, version) VALUES (?, ?, ?, '', ?, ?, '', '', 'Freight', 40000, 20, 'dry_van', 'null', '[]', 150000, 300, ?, ?, ?, '', ?, ?, 1) RETURNING id`))
	if err != nil {
		b.Fatal(err)
	}
	insStop, err := tx.Prepare(raw.Q(`INSERT INTO stops (load_id, seq, kind, facility_id, appointment_start, appointment_end, refs, status, notes)
		VALUES (?, ?, ?, ?, ?, ?, '', 'pending', '')`))
	if err != nil {
		b.Fatal(err)
	}
	statuses := []tms.LoadStatus{tms.StatusBooked, tms.StatusDispatched, tms.StatusInTransit, tms.StatusDelivered, tms.StatusInvoiced, tms.StatusPaid, tms.StatusCancelled}
	base := time.Date(2026, 1, 1, 14, 0, 0, 0, time.UTC)
	ids := make([]int64, 0, n)
	for i := 0; i < n; i++ {
		start := base.Add(time.Duration(i%365*24+i%10) * time.Hour)
		end := start.Add(8 * time.Hour)
		var id int64
		err := insLoad.QueryRow(fmt.Sprintf("L-%06d", i+1), f.Customer.ID, statuses[i%len(statuses)], fmt.Sprintf("BOL-%d", i),
			fmt.Sprintf("PO-%d", i), false, start, end, base, base).Scan(&id)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := insStop.Exec(id, 1, "pickup", f.Shipper.ID, start, start.Add(2*time.Hour)); err != nil {
			b.Fatal(err)
		}
		if _, err := insStop.Exec(id, 2, "delivery", f.Receiver.ID, end.Add(-2*time.Hour), end); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := raw.Writer().Exec("ANALYZE"); err != nil {
		b.Fatal(err)
	}
	return ids
}

// BenchmarkStatusChangeWebhooks measures what the webhook outbox adds to a load status change
// (one UpdateLoad): with no subscription the change reads the enabled subscriptions once; with
// one that wants load.status_changed it also writes the event and its delivery. Run with
// `go test -run '^$' -bench BenchmarkStatusChangeWebhooks -benchtime 2000x ./internal/storetest/`.
// cpu-ns/op is the process's CPU per change (the database server's, for PostgreSQL, is not in it).
func BenchmarkStatusChangeWebhooks(b *testing.B) {
	for _, f := range testenv.Factories(b) {
		b.Run(f.Name, func(b *testing.B) {
			s := f.Open(b)
			fx := storetest.NewFixtures(b, s)
			ctx := tms.WithActor(context.Background(), tms.Actor{Email: "bench@example.com", Role: tms.RoleAdmin})
			l := fx.Load(fx.MondayMorning)
			if err := s.CreateLoad(ctx, &l); err != nil {
				b.Fatal(err)
			}
			toggle := func(i int) error {
				to := []tms.LoadStatus{tms.StatusDispatched, tms.StatusBooked}[i%2]
				_, err := s.UpdateLoad(ctx, l.ID, func(_ tms.LoadTx, l *tms.Load) error { l.Status = to; return nil })
				return err
			}
			b.Run("no-subscription", func(b *testing.B) { measureCPU(b, toggle) })
			sub := tms.WebhookSubscription{URL: "https://hooks.example.com/in", Events: []string{tms.WebhookLoadStatus}, Enabled: true, Secret: "whsec_YmVuY2g="}
			if err := s.CreateWebhook(ctx, &sub); err != nil {
				b.Fatal(err)
			}
			b.Run("one-subscription", func(b *testing.B) { measureCPU(b, toggle) })
		})
	}
}

// measureCPU is measure with the process's CPU per operation.
func measureCPU(b *testing.B, op func(i int) error) {
	cpu := testenv.ProcessCPU()
	measure(b, op)
	b.ReportMetric(float64(testenv.ProcessCPU()-cpu)/float64(b.N), "cpu-ns/op")
}
