package search_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/anditms/tms/internal/search"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

var (
	dispatcher = tms.Actor{UserID: 1, Role: tms.RoleDispatcher}
	viewer     = tms.Actor{UserID: 2, Role: tms.RoleViewer}
	driver     = tms.Actor{UserID: 3, Role: tms.RoleDriver, DriverID: 1}
	ctx        = tms.WithActor(context.Background(), dispatcher)
)

// seed stores the fixtures, PerKind+2 loads with PO "PO-4711-n" and one invoiced load.
func seed(t *testing.T, s tms.Store) storetest.Fixtures {
	f := storetest.NewFixtures(t, s)
	for i := range search.PerKind + 2 {
		l := f.Load(f.MondayMorning.Add(time.Duration(i) * time.Hour))
		l.References.PO = fmt.Sprintf("PO-4711-%d", i)
		if err := s.CreateLoad(ctx, &l); err != nil {
			t.Fatal(err)
		}
	}
	l := f.Load(f.MondayMorning)
	l.Status, l.References.BOL = tms.StatusDelivered, "BOL-ZED"
	if err := s.CreateLoad(ctx, &l); err != nil {
		t.Fatal(err)
	}
	inv := tms.Invoice{CustomerID: f.Customer.ID, IssueDate: tms.DateOf(f.MondayMorning), TermsDays: 30, LoadIDs: []int64{l.ID},
		Lines: []tms.InvoiceLine{{LoadID: l.ID, Kind: "linehaul", Description: "linehaul", AmountCents: 1000}}}
	if err := s.CreateInvoice(ctx, &inv, nil); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestSearchFindsEveryKindInAnyCase(t *testing.T) {
	for _, fac := range testenv.Factories(t) {
		t.Run(fac.Name, func(t *testing.T) {
			s := fac.Open(t)
			f := seed(t, s)
			svc := search.Service{Store: s}
			cases := []struct {
				text                                        string
				loads, customers, drivers, trucks, invoices int
			}{
				{"po-4711", search.PerKind + 2, 0, 0, 0, 0}, // a reference, lower case: bounded page, full total
				{"bol-zed", 1, 0, 0, 0, 0},
				{"L-000001", 1, 0, 0, 0, 0}, // the load number
				{"ACME", 0, 1, 0, 0, 0},
				{"cme foo", 0, 1, 0, 0, 0}, // inside the name
				{"dana", 0, 0, 1, 0, 0},
				{"t-10", 0, 0, 0, 1, 0},
				{"inv-0000", 0, 0, 0, 0, 1},
				{"nothing-like-this", 0, 0, 0, 0, 0},
			}
			for _, tc := range cases {
				r, err := svc.Search(ctx, viewer, tc.text)
				if err != nil {
					t.Fatal(err)
				}
				got := [5]int{r.Loads.Total, r.Customers.Total, r.Drivers.Total, r.Trucks.Total, r.Invoices.Total}
				if want := [5]int{tc.loads, tc.customers, tc.drivers, tc.trucks, tc.invoices}; got != want {
					t.Errorf("%q: totals (loads, customers, drivers, trucks, invoices) = %v, want %v", tc.text, got, want)
				}
				if len(r.Loads.Items) > search.PerKind {
					t.Errorf("%q: %d loads returned, want at most %d", tc.text, len(r.Loads.Items), search.PerKind)
				}
				if r.Empty() != (got == [5]int{}) {
					t.Errorf("%q: Empty() = %v with totals %v", tc.text, r.Empty(), got)
				}
			}
			if r, _ := svc.Search(ctx, viewer, "po-4711"); r.Loads.Items[0].References.PO != "PO-4711-11" {
				t.Errorf("first load found = %s, want the latest pickup (PO-4711-11)", r.Loads.Items[0].References.PO)
			}
			if r, _ := svc.Search(ctx, viewer, " a "); !r.Empty() || r.Text != "a" {
				t.Errorf("one character searched: %+v, want nothing", r)
			}
			if r, _ := svc.Search(ctx, driver, f.Customer.Name); !r.Empty() {
				t.Errorf("a driver's search found %+v, want nothing (office records)", r)
			}
		})
	}
}
