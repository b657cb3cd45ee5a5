package sqlstore_test

import (
	"context"
	"testing"

	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// TestPreparedReads: reads through kept prepared statements (SQLite) see the writes made after
// the statement was prepared, and queries past the bound of kept statements (300 distinct id
// lists) run unprepared with the same answers.
func TestPreparedReads(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			s := f.Open(t)
			ctx := tms.WithActor(context.Background(), tms.Actor{Email: "test", Role: tms.RoleAdmin})
			c := storetest.NewFixtures(t, s).Customer
			for _, name := range []string{"Before Inc", "After Inc"} {
				if _, err := s.UpdateCustomer(ctx, c.ID, func(c *tms.Customer) error { c.Name = name; return nil }); err != nil {
					t.Fatal(err)
				}
				if got, err := s.Customer(ctx, c.ID); err != nil || got.Name != name {
					t.Errorf("Customer after renaming it %q = %q, %v", name, got.Name, err)
				}
			}
			for n := 1; n <= 300; n++ {
				ids := make([]int64, n)
				for i := range ids {
					ids[i] = -int64(i) - 1 // no such customer
				}
				ids[n-1] = c.ID
				page, err := s.ListCustomers(ctx, tms.MasterFilter{IDs: ids, Page: tms.PageRequest{Limit: min(n, tms.MaxPageSize)}})
				if err != nil || len(page.Items) != 1 || page.Items[0].Name != "After Inc" {
					t.Fatalf("ListCustomers of %d ids = %+v, %v; want the one customer", n, page.Items, err)
				}
			}
		})
	}
}
