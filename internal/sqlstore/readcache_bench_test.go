package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// BenchmarkConcurrentLoadUpdates measures what the data version costs writers: 8 writers
// updating 64 loads at once, with the version triggers (as shipped) and with them switched
// off, on every backend (on PostgreSQL every versioned commit queues for the counter's row):
//
//	go test -run '^$' -bench BenchmarkConcurrentLoadUpdates -benchtime 2000x ./internal/sqlstore/
func BenchmarkConcurrentLoadUpdates(b *testing.B) {
	for _, f := range testenv.Factories(b) {
		for _, versioned := range []bool{true, false} {
			b.Run(fmt.Sprintf("%s/versioned=%v", f.Name, versioned), func(b *testing.B) {
				s := f.Open(b)
				if !versioned {
					dropVersionTriggers(b, f.Name, s.(interface{ Writer() *sql.DB }).Writer())
				}
				fx := storetest.NewFixtures(b, s)
				ids := make([]int64, 64)
				for i := range ids {
					l := fx.Load(fx.MondayMorning)
					if err := s.CreateLoad(context.Background(), &l); err != nil {
						b.Fatal(err)
					}
					ids[i] = l.ID
				}
				var n atomic.Int64
				b.SetParallelism(4) // 8 writers on 2 cores
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						i := n.Add(1)
						if _, err := s.UpdateLoad(context.Background(), ids[i%int64(len(ids))], func(_ tms.LoadTx, l *tms.Load) error {
							l.Notes = fmt.Sprint("update ", i)
							return nil
						}); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		}
	}
}

// dropVersionTriggers switches the data version triggers off (the benchmark's baseline).
func dropVersionTriggers(b *testing.B, engine string, db *sql.DB) {
	b.Helper()
	list := map[string]string{
		"sqlite":   `SELECT 'DROP TRIGGER ' || name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_data_version'`,
		"postgres": `SELECT 'DROP TRIGGER ' || tgname || ' ON ' || tgrelid::regclass FROM pg_trigger WHERE tgname LIKE '%_data_version'`,
	}[engine]
	rows, err := db.Query(list)
	if err != nil {
		b.Fatal(err)
	}
	var drops []string
	for rows.Next() {
		var q string
		if err := rows.Scan(&q); err != nil {
			b.Fatal(err)
		}
		drops = append(drops, q)
	}
	rows.Close()
	if len(drops) == 0 {
		b.Fatal("no data version triggers found")
	}
	for _, q := range drops {
		if _, err := db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
}
