package storetest_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// benchTrucks is the fleet size of the nearest-trucks benchmark (issue 4: 50,000 trucks).
const benchTrucks = 50_000

// BenchmarkNearestTrucks measures the nearest 10 trucks to a random point in the lower 48
// states among 50,000 trucks spread over them, each with a latest fix: PostGIS KNN on
// PostgreSQL, the R*Tree then haversine on SQLite. Run with
// `go test -run '^$' -bench BenchmarkNearestTrucks -benchtime 2000x ./internal/storetest/`
// (set TMS_TEST_POSTGRES_URL for PostgreSQL). p50/p95 are reported per query.
func BenchmarkNearestTrucks(b *testing.B) {
	for _, f := range testenv.Factories(b) {
		b.Run(f.Name, func(b *testing.B) {
			s := f.Open(b)
			seedFleet(b, s, benchTrucks)
			ctx := context.Background()
			for _, available := range []bool{false, true} {
				b.Run(fmt.Sprintf("limit-10/available=%v", available), func(b *testing.B) {
					rng := rand.New(rand.NewPCG(1, 2))
					measure(b, func(int) error {
						got, err := s.NearestTrucks(ctx, tms.NearestQuery{Point: conusPoint(rng), Limit: 10, AvailableOnly: available})
						if err == nil && len(got) != 10 {
							err = fmt.Errorf("got %d trucks, want 10", len(got))
						}
						return err
					})
				})
			}
		})
	}
}

// conusPoint is a uniform random point in a box around the lower 48 states.
func conusPoint(rng *rand.Rand) tms.Point {
	return tms.Point{Lat: 25 + rng.Float64()*24, Lon: -124 + rng.Float64()*57}
}

// seedFleet bulk-inserts n trucks, a device in each and its latest fix, in one transaction
// of multi-row inserts, then analyzes the tables.
func seedFleet(b *testing.B, s testenv.Backend, n int) {
	b.Helper()
	raw := s.(rawStore)
	tx, err := raw.Writer().Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	rng := rand.New(rand.NewPCG(3, 4))
	now := time.Now().UTC().Truncate(time.Second)
	const chunk = 1000
	for first := 1; first <= n; first += chunk {
		var trucks, devices, fixes []any
		for i := first; i < first+chunk && i <= n; i++ {
			p := conusPoint(rng)
			trucks = append(trucks, i, fmt.Sprintf("K-%05d", i), now, now)
			devices = append(devices, i, fmt.Sprintf("knn-%05d", i), i, now, now)
			fixes = append(fixes, i, i, now, now, p.Lat, p.Lon)
		}
		for _, ins := range []struct {
			sql, row string
			args     []any
		}{
			{`INSERT INTO trucks (id, unit_number, vin, plate, plate_state, make, model, year, odometer_miles, status, notes, created_at, updated_at, version) VALUES `,
				`(?, ?, '', '', '', '', '', 0, 0, 'active', '', ?, ?, 1)`, trucks},
			{`INSERT INTO devices (id, unique_id, name, truck_id, speed_unit, secret, active, created_at, updated_at, version) VALUES `,
				`(?, ?, '', ?, 'kn', '', true, ?, ?, 1)`, devices},
			{`INSERT INTO latest_positions (device_id, truck_id, fix_time, received_at, lat, lon) VALUES `, `(?, ?, ?, ?, ?, ?)`, fixes},
		} {
			rows := strings.TrimSuffix(strings.Repeat(ins.row+", ", len(ins.args)/strings.Count(ins.row, "?")), ", ")
			if _, err := tx.Exec(raw.Q(ins.sql+rows), ins.args...); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := raw.Writer().Exec("ANALYZE"); err != nil {
		b.Fatal(err)
	}
}
