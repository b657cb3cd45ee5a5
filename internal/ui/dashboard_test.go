package ui_test

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/seed"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// The dashboard's missing-paperwork and idle-truck lists, read from the page, are what the
// store says one load and one truck at a time (the page reads them in batches).
func TestDashboardListsMatchTheStore(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			srv := apitest.Start(t, apitest.DefaultConfig(t), f.Open(t))
			s := srv.App.Store
			ctx := tms.WithActor(context.Background(), tms.Actor{Email: "test", Role: tms.RoleAdmin})
			if _, err := seed.Demo(ctx, s, srv.App.Dispatch, srv.App.Documents, srv.App.Billing, time.Now()); err != nil {
				t.Fatal(err)
			}
			requireScaleTickets(t, ctx, s) // the demo files every required POD: make something missing
			_, pw := apitest.CreateUser(t, s, "dash@example.com", tms.RoleAdmin)
			client := srv.NewClient(t).Login("dash@example.com", pw)
			// The demo's GPS history is judged in the background (it delivers loads and frees trucks):
			// read the page again until the store says the same before and after it.
			var body string
			var wantMissing, wantIdle []int64
			for range 5 {
				beforeMissing, beforeIdle := missingPaperwork(t, ctx, s), idleTrucks(t, ctx, s)
				body = string(client.Do("GET", "/", nil).Want(200).Body)
				wantMissing, wantIdle = missingPaperwork(t, ctx, s), idleTrucks(t, ctx, s)
				if slices.Equal(beforeMissing, wantMissing) && slices.Equal(beforeIdle, wantIdle) {
					break
				}
			}
			if len(wantMissing) == 0 {
				t.Fatal("no delivered load misses paperwork: the test checks nothing")
			}
			if got := linkedIDs(section(t, body, "paper-title"), "loads"); !slices.Equal(got, wantMissing) {
				t.Errorf("missing paperwork lists loads %v, want %v", got, wantMissing)
			}
			if got := linkedIDs(section(t, body, "idle-title"), "trucks"); !slices.Equal(got, wantIdle) {
				t.Errorf("idle trucks %v, want %v", got, wantIdle)
			}
		})
	}
}

// requireScaleTickets makes the customer of the first delivered load require a scale ticket.
func requireScaleTickets(t *testing.T, ctx context.Context, s tms.Store) {
	delivered := listLoads(t, ctx, s, tms.StatusDelivered)
	if len(delivered) == 0 {
		t.Fatal("the demo has no delivered load")
	}
	_, err := s.UpdateCustomer(ctx, delivered[0].CustomerID, func(c *tms.Customer) error {
		c.RequiredDocuments = append(c.RequiredDocuments, string(tms.DocScaleTicket))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// missingPaperwork are the delivered loads without every document their customer requires,
// sorted by id.
func missingPaperwork(t *testing.T, ctx context.Context, s tms.Store) []int64 {
	var out []int64
	for _, l := range listLoads(t, ctx, s, tms.StatusDelivered) {
		c, err := s.Customer(ctx, l.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		have, err := s.LoadDocumentTypes(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(c.RequiredDocuments, func(d string) bool { return !slices.Contains(have, tms.DocumentType(d)) }) {
			out = append(out, l.ID)
		}
	}
	slices.Sort(out)
	return out
}

// idleTrucks are the active trucks on no booked, dispatched, in-transit or held load, by id.
func idleTrucks(t *testing.T, ctx context.Context, s tms.Store) []int64 {
	busy := map[int64]bool{}
	for _, l := range listLoads(t, ctx, s, tms.StatusBooked, tms.StatusDispatched, tms.StatusInTransit, tms.StatusOnHold) {
		if l.TruckID != nil {
			busy[*l.TruckID] = true
		}
	}
	trucks, err := s.ListTrucks(ctx, tms.MasterFilter{Status: string(tms.EquipmentActive), Page: tms.PageRequest{Limit: tms.MaxPageSize}})
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, tr := range trucks.Items {
		if !busy[tr.ID] {
			out = append(out, tr.ID)
		}
	}
	slices.Sort(out)
	return out
}

func listLoads(t *testing.T, ctx context.Context, s tms.Store, statuses ...tms.LoadStatus) []tms.Load {
	page, err := s.ListLoads(ctx, tms.LoadFilter{Statuses: statuses, Page: tms.PageRequest{Limit: tms.MaxPageSize}})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

// section is the dashboard card labelled by the heading with id title.
func section(t *testing.T, body, title string) string {
	_, rest, ok := strings.Cut(body, `aria-labelledby="`+title+`"`)
	if !ok {
		t.Fatalf("no section %s on the dashboard", title)
	}
	card, _, _ := strings.Cut(rest, "</section>")
	return card
}

// linkedIDs are the ids of the /kind/{id} links in html, sorted.
func linkedIDs(html, kind string) []int64 {
	var out []int64
	for _, m := range regexp.MustCompile(`href="/`+kind+`/(\d+)"`).FindAllStringSubmatch(html, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}
