package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/tms"
)

// testLoadSummaries proves LoadSummaries returns the rows of ListLoads for the same filter,
// with exactly the summary fields (tms.Load.Summary) and the stops only when asked.
func testLoadSummaries(t *testing.T, newStore NewStore) {
	s := newStore(t)
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	for _, l := range summaryLoads(f) {
		must(t, s.CreateLoad(ctx, &l))
	}
	filters := map[string]tms.LoadFilter{
		"all":              {},
		"active":           {Statuses: []tms.LoadStatus{tms.StatusBooked, tms.StatusDispatched, tms.StatusOnHold}},
		"delivered":        {Statuses: []tms.LoadStatus{tms.StatusDelivered}},
		"newest first":     {Page: tms.PageRequest{Sort: "-window_start"}},
		"by customer":      {Page: tms.PageRequest{Sort: "customer"}},
		"second page":      {Page: tms.PageRequest{Limit: 2, Offset: 1}},
		"text":             {Text: "po-hold"},
		"truck":            {TruckID: f.Truck.ID},
		"date range":       {From: f.MondayMorning.Add(30 * time.Hour), To: f.MondayMorning.Add(200 * time.Hour)},
		"no status match":  {Statuses: []tms.LoadStatus{tms.StatusPaid}},
		"text, no matches": {Text: "nothing like it"},
	}
	for name, filter := range filters {
		full, err := s.ListLoads(ctx, filter)
		must(t, err)
		if name == "all" && len(full.Items) != 4 {
			t.Fatalf("all: %d loads listed, want the 4 created", len(full.Items))
		}
		for _, withStops := range []bool{true, false} {
			got, err := s.LoadSummaries(ctx, filter, withStops)
			must(t, err)
			want := make([]tms.Load, len(full.Items))
			for i, l := range full.Items {
				want[i] = l.Summary(withStops)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (stops %t): summaries differ from the full read (-want +got):\n%s", name, withStops, diff)
			}
		}
	}
	_, err := s.LoadSummaries(ctx, tms.LoadFilter{Page: tms.PageRequest{Sort: "secret"}}, true)
	wantCode(t, err, tms.CodeInvalid)
}

// summaryLoads are loads that fill every column a summary keeps or drops: an assigned one
// with hazmat, temperatures and notes, one on hold from dispatched, a delivered one with
// times at its stops, and a plain booked one.
func summaryLoads(f Fixtures) []tms.Load {
	low, high := 34, 38
	assigned := f.Load(f.MondayMorning)
	assigned.Status, assigned.PlannedMiles, assigned.MilesManual = tms.StatusDispatched, 239.5, true
	assigned.Assignment = tms.Assignment{DriverID: &f.Driver.ID, CoDriverID: &f.Driver2.ID, TruckID: &f.Truck.ID, TrailerID: &f.Trailer.ID}
	assigned.Hazmat = &tms.Hazmat{UNNumber: "UN1203", Class: "3", PackingGroup: "II"}
	assigned.TempMinF, assigned.TempMaxF, assigned.Notes = &low, &high, "call ahead"
	assigned.Stops[0].References, assigned.Stops[0].Notes = "PU-1", "dock 4"

	held := f.Load(f.MondayMorning.Add(48 * time.Hour))
	held.Status, held.HoldFrom, held.References.PO = tms.StatusOnHold, tms.StatusDispatched, "PO-HOLD"

	delivered := f.Load(f.MondayMorning.Add(96 * time.Hour))
	delivered.Status = tms.StatusDelivered
	for i := range delivered.Stops {
		st := &delivered.Stops[i]
		arrived, departed := st.AppointmentStart.Add(10*time.Minute), st.AppointmentStart.Add(time.Hour)
		st.Status, st.ArrivedAt, st.DepartedAt = tms.StopDeparted, &arrived, &departed
	}
	return []tms.Load{assigned, held, delivered, f.Load(f.MondayMorning.Add(150 * time.Hour))}
}

// testCustomerNamed checks the exact-name lookup: no prefix, other case or padding matches.
func testCustomerNamed(t *testing.T, newStore NewStore) {
	s := newStore(t)
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	for name, want := range map[string]bool{f.Customer.Name: true, "Acme": false, "acme foods": false, f.Customer.Name + " ": false, "": false} {
		got, err := s.CustomerNamed(ctx, name)
		must(t, err)
		if got != want {
			t.Errorf("CustomerNamed(%q) = %t, want %t", name, got, want)
		}
	}
}
