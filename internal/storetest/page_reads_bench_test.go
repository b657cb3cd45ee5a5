package storetest_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"

	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// BenchmarkDemoDataCheck compares the two ways of asking, on every page, whether the demo
// data is loaded among 40 customers, one of them the demo's first: the text search it was (read and decode the matching
// customers, compare names) and the EXISTS on the indexed name it is. Run with
// `go test -run '^$' -bench BenchmarkDemoDataCheck -benchtime 2000x ./internal/storetest/`.
func BenchmarkDemoDataCheck(b *testing.B) {
	const name = "Lone Star Provisions"
	for _, f := range testenv.Factories(b) {
		b.Run(f.Name, func(b *testing.B) {
			s := f.Open(b)
			ctx := tms.WithActor(context.Background(), tms.Actor{Email: "bench", Role: tms.RoleAdmin})
			for i := range 40 {
				c := tms.Customer{Name: fmt.Sprintf("Shipper %d", i), Active: true, PaymentTermsDays: 30, RequiredDocuments: []string{"pod"}}
				if i == 0 {
					c.Name = name
				}
				if err := s.CreateCustomer(ctx, &c); err != nil {
					b.Fatal(err)
				}
			}
			b.Run("text-search", func(b *testing.B) {
				perOpCPU(b, func() error {
					_, err := s.ListCustomers(ctx, tms.MasterFilter{Text: name})
					return err
				})
			})
			b.Run("exists", func(b *testing.B) {
				perOpCPU(b, func() error {
					_, err := s.CustomerNamed(ctx, name)
					return err
				})
			})
		})
	}
}

// perOpCPU runs op b.N times and reports the process CPU per operation.
func perOpCPU(b *testing.B, op func() error) {
	cpu := func() int64 {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			b.Fatal(err)
		}
		return ru.Utime.Nano() + ru.Stime.Nano()
	}
	start := cpu()
	for b.Loop() {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpu()-start)/float64(b.N), "cpu-ns/op")
}
