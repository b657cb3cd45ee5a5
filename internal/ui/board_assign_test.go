package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// The form a card fetches when it is opened is, byte for byte, the form every card held
// before (the assign-form template over the pickers the board read for its cards, labelled
// with what its own moving loads hold), on both engines: the load's driver, truck and
// trailer selected, every active driver and truck, the trailers that fit, each with the load
// it is on and until when. A delivered load has no form to fetch.
func TestFetchedAssignFormIsTheCardsForm(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			fx := storetest.NewFixtures(t, store)
			u, err := New(Deps{Store: store})
			if err != nil {
				t.Fatal(err)
			}
			ctx := tms.WithActor(context.Background(), tms.Actor{Role: tms.RoleAdmin, Email: "setup@example.com", Source: tms.SourceUser})
			start := time.Now().Add(2 * time.Hour).Truncate(time.Hour)
			held := assignFormLoad(t, store, fx, tms.StatusDispatched, "dry_van", start, &fx.Driver.ID, &fx.Truck.ID, &fx.Trailer.ID)
			assignFormLoad(t, store, fx, tms.StatusBooked, "dry_van", start, nil, nil, nil)
			assignFormLoad(t, store, fx, tms.StatusBooked, "flatbed", start, &fx.Driver2.ID, &fx.Truck.ID, &fx.Flatbed.ID)
			assignFormLoad(t, store, fx, tms.StatusInTransit, "reefer", start.Add(24*time.Hour), &fx.Driver2.ID, nil, &fx.Trailer.ID)
			delivered := assignFormLoad(t, store, fx, tms.StatusDelivered, "dry_van", start.Add(-72*time.Hour), &fx.Driver2.ID, &fx.Truck.ID, nil)

			cards, choices := boardPickers(t, u, ctx)
			if len(cards) != 4 {
				t.Fatalf("%d moving loads, want 4", len(cards))
			}
			const ret, csrf = "/dispatch?customer=1&q=L-", "tok&<en>"
			for _, v := range cards {
				want := execute(t, "assign-form", boardCard{Load: v, CSRF: csrf, Return: ret, Assign: assignControls(assignPrefix(v.ID), v, nil, choices)})
				got, err := u.assignForm(ctx, v.ID, ret, csrf)
				if err != nil {
					t.Fatalf("%s: %v", v.Number, err)
				}
				if got != want {
					t.Errorf("%s: the fetched form differs from the card's:\n got %q\nwant %q", v.Number, got, want)
				}
				for name, id := range map[string]*int64{"driver_id": v.DriverID, "truck_id": v.TruckID, "trailer_id": v.TrailerID} {
					if id != nil && !strings.Contains(got, fmt.Sprintf(`<option value="%d" selected>`, *id)) {
						t.Errorf("%s: the %s %d is not selected:\n%s", v.Number, name, *id, got)
					}
				}
				for _, note := range []string{"Dana Driver — on " + held.Number + " until", "T-101 — on ", "Sam Second — on "} {
					if !strings.Contains(got, note) {
						t.Errorf("%s: the form does not say %q:\n%s", v.Number, note, got)
					}
				}
			}
			if _, err := u.assignForm(ctx, delivered.ID, ret, csrf); tms.ErrorCode(err) != tms.CodeConflict {
				t.Errorf("the form of a delivered load: %v, want a conflict", err)
			}
			if _, err := u.assignForm(ctx, 999999, ret, csrf); tms.ErrorCode(err) != tms.CodeNotFound {
				t.Errorf("the form of no load: %v, want not found", err)
			}
		})
	}
}

// boardPickers reads the board's moving loads and the assign pickers as the board read them
// for its cards before they fetched their forms: the active drivers, trucks and trailers,
// labelled with what the board's own moving loads hold.
func boardPickers(t *testing.T, u *UI, ctx context.Context) ([]loadView, assignChoices) {
	t.Helper()
	lk := newLookup(u.store)
	a, err := readAssignables(ctx, lk)
	if err != nil {
		t.Fatal(err)
	}
	loads, err := u.loadSummaries(ctx, true, tms.LoadFilter{Statuses: boardColumns[:3]})
	if err != nil {
		t.Fatal(err)
	}
	views, err := lk.views(ctx, loads)
	if err != nil {
		t.Fatal(err)
	}
	choices, err := u.choicesOf(ctx, a, holdersOf(views))
	if err != nil {
		t.Fatal(err)
	}
	return views, choices
}

// assignFormLoad creates a load of the fixtures in status with equipment and an assignment.
func assignFormLoad(t *testing.T, store tms.Store, fx storetest.Fixtures, s tms.LoadStatus, equipment string, start time.Time, driver, truck, trailer *int64) tms.Load {
	t.Helper()
	ctx := tms.WithActor(context.Background(), tms.Actor{Role: tms.RoleAdmin, Email: "setup@example.com", Source: tms.SourceUser})
	l := fx.Load(start)
	l.Status, l.EquipmentType, l.DriverID, l.TruckID, l.TrailerID = s, equipment, driver, truck, trailer
	if err := store.CreateLoad(ctx, &l); err != nil {
		t.Fatal(err)
	}
	return l
}
