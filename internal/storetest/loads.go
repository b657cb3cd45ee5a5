package storetest

import (
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
)

func testLoads(t *testing.T, newStore NewStore) {
	s := newStore(t)
	ctx := ctxAs(0)
	f := NewFixtures(t, s)
	l := f.Load(f.MondayMorning)
	must(t, s.CreateLoad(ctx, &l))
	if l.Number != "L-000001" || l.TotalCents != 143050 || l.Stops[0].ID == 0 || l.Status != tms.StatusBooked {
		t.Fatalf("created load = %s total %d stop id %d status %s", l.Number, l.TotalCents, l.Stops[0].ID, l.Status)
	}
	second := f.Load(f.MondayMorning.Add(72 * time.Hour))
	second.References.PO = "PO-99"
	must(t, s.CreateLoad(ctx, &second))
	if second.Number != "L-000002" {
		t.Errorf("second number = %s, want L-000002", second.Number)
	}
	got, err := s.Load(ctx, l.ID)
	must(t, err)
	if len(got.Stops) != 2 || !got.Stops[0].AppointmentStart.Equal(f.MondayMorning) || got.Stops[1].Kind != tms.StopDelivery {
		t.Errorf("stops = %+v", got.Stops)
	}
	bad := f.Load(f.MondayMorning)
	bad.Stops = bad.Stops[:1]
	wantCode(t, s.CreateLoad(ctx, &bad), tms.CodeInvalid)

	testLoadFilters(t, s, f, l, second)
	testLoadUpdate(t, s, f, l, second)
	testLoadCreatedWithEvents(t, s, f)
}

func testLoadFilters(t *testing.T, s tms.Store, f Fixtures, first, second tms.Load) {
	ctx := ctxAs(0)
	cases := []struct {
		name   string
		filter tms.LoadFilter
		want   []string
	}{
		{"all", tms.LoadFilter{}, []string{first.Number, second.Number}},
		{"status", tms.LoadFilter{Statuses: []tms.LoadStatus{tms.StatusBooked}}, []string{first.Number, second.Number}},
		{"no status match", tms.LoadFilter{Statuses: []tms.LoadStatus{tms.StatusPaid}}, nil},
		{"customer", tms.LoadFilter{CustomerID: f.Customer.ID}, []string{first.Number, second.Number}},
		{"text po", tms.LoadFilter{Text: "po-99"}, []string{second.Number}},
		{"text number", tms.LoadFilter{Text: "000001"}, []string{first.Number}},
		{"date range", tms.LoadFilter{From: f.MondayMorning.Add(48 * time.Hour), To: f.MondayMorning.Add(96 * time.Hour)}, []string{second.Number}},
		{"sorted desc", tms.LoadFilter{Page: tms.PageRequest{Sort: "-window_start"}}, []string{second.Number, first.Number}},
		{"several statuses", tms.LoadFilter{Statuses: []tms.LoadStatus{tms.StatusPaid, tms.StatusBooked}}, []string{first.Number, second.Number}},
		{"text bol any case", tms.LoadFilter{Text: "bol-1"}, []string{first.Number, second.Number}},
		{"text no match", tms.LoadFilter{Text: "PO-7799"}, nil},
		{"pickup range", tms.LoadFilter{PickupFrom: f.MondayMorning.Add(time.Hour), PickupTo: f.MondayMorning.Add(73 * time.Hour)}, []string{second.Number}},
		{"pickup to excludes its bound", tms.LoadFilter{PickupTo: f.MondayMorning}, nil},
		{"delivery range", tms.LoadFilter{DeliveryFrom: f.MondayMorning, DeliveryTo: f.MondayMorning.Add(9 * time.Hour)}, []string{first.Number}},
		{"delivery from", tms.LoadFilter{DeliveryFrom: f.MondayMorning.Add(9 * time.Hour)}, []string{second.Number}},
		{"customer sort desc", tms.LoadFilter{Page: tms.PageRequest{Sort: "-customer"}}, []string{second.Number, first.Number}},
		{"delivery sort desc", tms.LoadFilter{Page: tms.PageRequest{Sort: "-window_end"}}, []string{second.Number, first.Number}},
	}
	for _, tc := range cases {
		page, err := s.ListLoads(ctx, tc.filter)
		must(t, err)
		var got []string
		for _, l := range page.Items {
			got = append(got, l.Number)
			if len(l.Stops) != 2 {
				t.Errorf("%s: load %s listed with %d stops, want 2", tc.name, l.Number, len(l.Stops))
			}
		}
		if len(got) != len(tc.want) || page.Total != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
			t.Errorf("%s: got %v (total %d), want %v", tc.name, got, page.Total, tc.want)
		}
	}
	for _, p := range pagesOfTwo {
		page, err := s.ListLoads(ctx, tms.LoadFilter{Page: p.page})
		must(t, err)
		if page.Total != 2 || len(page.Items) != p.items {
			t.Errorf("%s: total %d, %d items; want total 2, %d items", p.name, page.Total, len(page.Items), p.items)
		}
	}
	for _, sort := range tms.LoadSorts {
		if _, err := s.ListLoads(ctx, tms.LoadFilter{Page: tms.PageRequest{Sort: "-" + sort}}); err != nil {
			t.Errorf("sort by %s: %v", sort, err)
		}
	}
	_, err := s.ListLoads(ctx, tms.LoadFilter{Page: tms.PageRequest{Sort: "secret"}})
	wantCode(t, err, tms.CodeInvalid)
}

// pagesOfTwo are pages of a list of two rows, each with the rows it holds: whether the store
// counts or sees the total from the page, every one reports a total of 2.
var pagesOfTwo = []struct {
	name  string
	page  tms.PageRequest
	items int
}{
	{"full first page", tms.PageRequest{Limit: 1}, 1},
	{"full last page", tms.PageRequest{Limit: 1, Offset: 1}, 1},
	{"first page, not full", tms.PageRequest{Limit: 5}, 2},
	{"later page, not full", tms.PageRequest{Limit: 5, Offset: 1}, 1},
	{"past the end", tms.PageRequest{Limit: 5, Offset: 5}, 0},
}

func testLoadUpdate(t *testing.T, s tms.Store, f Fixtures, first, second tms.Load) {
	ctx := ctxAs(0)
	updated, err := s.UpdateLoad(ctx, first.ID, func(tx tms.LoadTx, l *tms.Load) error {
		d, err := tx.Driver(ctx, f.Driver.ID)
		if err != nil || d.Name != f.Driver.Name {
			t.Errorf("tx.Driver = %+v, %v", d, err)
		}
		if _, err := tx.Truck(ctx, 424242); tms.ErrorCode(err) != tms.CodeNotFound {
			t.Errorf("tx.Truck(missing) = %v, want not_found", err)
		}
		l.DriverID, l.TruckID, l.TrailerID = &f.Driver.ID, &f.Truck.ID, &f.Trailer.ID
		must(t, l.Transition(tms.StatusDispatched))
		tx.AddEvent(tms.LoadEvent{Type: tms.EventStatus, FromStatus: tms.StatusBooked, ToStatus: tms.StatusDispatched, Note: "go"})
		// Insert a middle stop and drop nothing: the delivery keeps its id.
		mid := tms.Stop{Kind: tms.StopPickup, FacilityID: f.Shipper.ID, AppointmentStart: l.Stops[0].AppointmentStart.Add(3 * time.Hour), AppointmentEnd: l.Stops[0].AppointmentStart.Add(4 * time.Hour)}
		l.Stops = []tms.Stop{l.Stops[0], mid, l.Stops[1]}
		return nil
	})
	must(t, err)
	if updated.Version != 2 || updated.Status != tms.StatusDispatched || len(updated.Stops) != 3 || updated.Stops[2].ID != first.Stops[1].ID || updated.Stops[1].ID == 0 {
		t.Fatalf("updated = version %d status %s stops %+v", updated.Version, updated.Status, updated.Stops)
	}
	conflicts, err := conflictsFor(s, first.ID, f)
	must(t, err)
	if len(conflicts) != 0 {
		t.Errorf("conflicts of the load with itself = %v, want none", conflicts)
	}
	_, err = s.UpdateLoad(ctx, second.ID, func(tx tms.LoadTx, l *tms.Load) error {
		got, err := tx.ConflictingLoads(ctx, tms.ConflictQuery{ExcludeLoadID: l.ID, DriverIDs: []int64{f.Driver.ID},
			From: f.MondayMorning.Add(time.Hour), To: f.MondayMorning.Add(2 * time.Hour)})
		if err != nil || len(got) != 1 || got[0].Number != first.Number {
			t.Errorf("conflicts in window = %+v, %v; want %s", got, err, first.Number)
		}
		return tms.Errorf(tms.CodeConflict, "rolled back")
	})
	wantCode(t, err, tms.CodeConflict)

	// Removing a stop deletes it.
	removed, err := s.UpdateLoad(ctx, first.ID, func(_ tms.LoadTx, l *tms.Load) error {
		l.Stops = []tms.Stop{l.Stops[0], l.Stops[2]}
		return nil
	})
	must(t, err)
	if reread, _ := s.Load(ctx, first.ID); len(reread.Stops) != 2 || len(removed.Stops) != 2 {
		t.Errorf("after removing a stop: %d stops, want 2", len(reread.Stops))
	}
	_, err = s.UpdateLoad(ctx, first.ID, func(_ tms.LoadTx, l *tms.Load) error {
		l.Stops[0].ID = second.Stops[0].ID
		return nil
	})
	wantCode(t, err, tms.CodeInvalid)

	call := tms.LoadEvent{LoadID: first.ID, Type: tms.EventCheckCall, Location: "I-45 mile 200", Note: "on time"}
	must(t, s.AddLoadEvent(ctx, &call))
	wantCode(t, s.AddLoadEvent(ctx, &tms.LoadEvent{LoadID: 999999, Type: tms.EventCheckCall}), tms.CodeNotFound)
	events, err := s.LoadEvents(ctx, first.ID)
	must(t, err)
	if len(events) != 3 || events[2].Location != "I-45 mile 200" || events[2].Source != tms.SourceUser {
		t.Errorf("check call event = %+v", events[len(events)-1])
	}
	if len(events) != 3 || events[0].Type != tms.EventCreated || events[1].Note != "go" || events[1].ActorEmail != "tester@example.com" {
		t.Errorf("events = %+v, want created then the status change by the tester", events)
	}
	page, _ := s.ListLoads(ctx, tms.LoadFilter{DriverID: f.Driver.ID})
	if page.Total != 1 {
		t.Errorf("loads of driver: %d, want 1", page.Total)
	}
}

func conflictsFor(s tms.Store, loadID int64, f Fixtures) ([]tms.LoadRef, error) {
	var out []tms.LoadRef
	_, err := s.UpdateLoad(ctxAs(0), loadID, func(tx tms.LoadTx, l *tms.Load) error {
		from, to := l.Window()
		var err error
		out, err = tx.ConflictingLoads(ctxAs(0), tms.ConflictQuery{ExcludeLoadID: l.ID, DriverIDs: []int64{f.Driver.ID}, TruckID: f.Truck.ID, From: from, To: to})
		return err
	})
	return out, err
}

// testLoadCreatedWithEvents books a load with a warning event: it is stored after the
// created event, in the same transaction.
func testLoadCreatedWithEvents(t *testing.T, s tms.Store, f Fixtures) {
	ctx := ctxAs(0)
	warned := f.Load(f.MondayMorning.Add(24 * time.Hour))
	warning := tms.LoadEvent{Type: tms.EventCreditWarning, Note: "over the limit"}
	must(t, s.CreateLoad(ctx, &warned, warning))
	events, err := s.LoadEvents(ctx, warned.ID)
	must(t, err)
	if len(events) != 2 || events[0].Type != tms.EventCreated || events[1].Type != tms.EventCreditWarning || events[1].Note != "over the limit" {
		t.Errorf("events of a load booked with a warning = %+v, want created then credit_warning", events)
	}
}
