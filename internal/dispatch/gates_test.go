package dispatch_test

import (
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

func TestDispatchNeedsDriverTruckAndTrailer(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		l, _ := e.svc.CreateLoad(ctx, e.input(e.f.MondayMorning))
		_, err := e.svc.SetStatus(ctx, l.ID, tms.StatusDispatched, "", 0)
		if tms.ErrorCode(err) != tms.CodeConflict || !strings.Contains(err.Error(), "without a driver and a truck") ||
			len(err.(*tms.Error).Detail["missing"].([]string)) != 2 {
			t.Errorf("dispatch with nobody = %v, want a conflict naming the missing driver", err)
		}
		if got, _ := e.svc.Store.Load(ctx, l.ID); got.Status != tms.StatusBooked || got.Version != l.Version {
			t.Errorf("refused dispatch changed the load: %s v%d", got.Status, got.Version)
		}
		a := dispatch.AssignInput{Assignment: tms.Assignment{DriverID: &e.f.Driver.ID, TruckID: &e.f.Truck.ID}}
		_, err = e.svc.Assign(ctx, l.ID, a)
		if tms.ErrorCode(err) != tms.CodeConflict || !strings.Contains(err.Error(), "needs a dry van trailer") {
			t.Errorf("dry van without a trailer = %v, want a conflict", err)
		}
		a.Override, a.Reason = true, "shipper's trailer at the dock"
		if got, err := e.svc.Assign(ctx, l.ID, a); err != nil || got.Status != tms.StatusDispatched {
			t.Fatalf("override = %v", err)
		}
		events, _ := e.svc.Store.LoadEvents(ctx, l.ID)
		if !hasNote(events, "override: shipper's trailer at the dock (load "+l.Number+" needs a dry van trailer)") {
			t.Errorf("override not on the timeline: %+v", events)
		}

		in := e.input(e.f.MondayMorning.Add(48 * time.Hour))
		in.EquipmentType = "power_only"
		power, _ := e.svc.CreateLoad(ctx, in)
		if _, err := e.svc.Assign(ctx, power.ID, dispatch.AssignInput{Assignment: a.Assignment}); err != nil {
			t.Errorf("power only without a trailer = %v, want dispatched", err)
		}
	})
}

func TestHazmatNeedsEndorsement(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		in := e.input(e.f.MondayMorning)
		in.Hazmat = &tms.Hazmat{UNNumber: "UN1203", Class: "3", PackingGroup: "II"}
		l, err := e.svc.CreateLoad(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		a := dispatch.AssignInput{Assignment: tms.Assignment{DriverID: &e.f.Driver.ID, TruckID: &e.f.Truck.ID, TrailerID: &e.f.Trailer.ID}}
		_, err = e.svc.Assign(ctx, l.ID, a)
		if tms.ErrorCode(err) != tms.CodeConflict || !strings.Contains(err.Error(), "driver Dana Driver has no hazmat endorsement (H or X) for UN1203") {
			t.Errorf("hazmat without H = %v, want a conflict naming the driver", err)
		}
		if _, err := e.svc.Store.UpdateDriver(ctx, e.f.Driver.ID, func(d *tms.Driver) error {
			d.CDLEndorsements = []string{"n", "x"}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Assign(ctx, l.ID, a); err != nil {
			t.Errorf("hazmat with X = %v, want dispatched", err)
		}
	})
}

func TestConflictNamesUnitsAndLocalTime(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		first, _ := e.svc.CreateLoad(ctx, e.input(e.f.MondayMorning))
		second, _ := e.svc.CreateLoad(ctx, e.input(e.f.MondayMorning.Add(time.Hour)))
		a := dispatch.AssignInput{Assignment: tms.Assignment{DriverID: &e.f.Driver.ID, TruckID: &e.f.Truck.ID, TrailerID: &e.f.Trailer.ID}}
		if _, err := e.svc.Assign(ctx, first.ID, a); err != nil {
			t.Fatal(err)
		}
		a.DriverID = &e.f.Driver2.ID
		_, err := e.svc.Assign(ctx, second.ID, a)
		_, end := first.Window()
		want := "truck T-101 and trailer V-201 are on load " + first.Number + " (dispatched) until " +
			end.In(tms.Zone("America/Chicago")).Format("Jan 2 15:04 MST")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("conflict = %v, want %q", err, want)
		}
	})
}

// onTheRoad stores a dispatched load picked up in Dallas 10 hours ago (no dispatch event: any
// past time is after dispatch).
func onTheRoad(t *testing.T, e env) tms.Load {
	t.Helper()
	l := e.f.Load(time.Now().Add(-10 * time.Hour).Truncate(time.Minute))
	l.Status, l.DriverID, l.TruckID, l.TrailerID = tms.StatusDispatched, &e.f.Driver.ID, &e.f.Truck.ID, &e.f.Trailer.ID
	if err := e.svc.Store.CreateLoad(ctx, &l); err != nil {
		t.Fatal(err)
	}
	return l
}

func TestDeliverAsksForPlausibleTimes(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		l := onTheRoad(t, e)
		ago := func(d time.Duration) time.Time { return time.Now().Add(-d).Truncate(time.Minute) }
		pickup := l.Stops[0].ID
		for _, ev := range []dispatch.StopEvent{{Arriving: true, At: ago(10 * time.Hour)}, {At: ago(9 * time.Hour)}} {
			if _, _, err := e.svc.RecordStop(ctx, l.ID, pickup, ev); err != nil {
				t.Fatal(err)
			}
		}
		in, _ := e.svc.Store.Load(ctx, l.ID)
		if _, err := e.svc.SetStatus(ctx, l.ID, tms.StatusDelivered, "", 0); tms.ErrorCode(err) != tms.CodeConflict ||
			!strings.Contains(err.Error(), "record the arrival and departure times of the delivery stop") {
			t.Errorf("delivered by hand = %v, want a conflict asking for the times", err)
		}
		arrived := ago(4 * time.Hour)
		_, err := e.svc.Deliver(ctx, l.ID, dispatch.Delivery{ArrivedAt: &arrived, DepartedAt: arrived.Add(-time.Minute)})
		if tms.ErrorCode(err) != tms.CodeInvalid || err.(*tms.Error).Fields["departed_at"] != "a departure cannot be before the arrival" {
			t.Errorf("departure before arrival = %v, want a field error", err)
		}
		arrived = ago(8*time.Hour + 30*time.Minute) // Dallas to Houston, 225 miles, in 30 minutes
		_, err = e.svc.Deliver(ctx, l.ID, dispatch.Delivery{ArrivedAt: &arrived, DepartedAt: ago(8 * time.Hour)})
		if tms.ErrorCode(err) != tms.CodeConflict || !strings.Contains(err.Error(), "Acme DC Dallas to Grocer Houston is 225 miles in 30m0s") ||
			!strings.Contains(err.Error(), "CST") {
			t.Errorf("450 mph = %v, want a conflict naming the facilities in local time", err)
		}
		if got, _ := e.svc.Store.Load(ctx, l.ID); got.Version != in.Version || got.Stops[1].Status != tms.StopPending {
			t.Errorf("a refused delivery changed the load: v%d, stop %s", got.Version, got.Stops[1].Status)
		}
		arrived = ago(5 * time.Hour)
		got, err := e.svc.Deliver(ctx, l.ID, dispatch.Delivery{ArrivedAt: &arrived, DepartedAt: ago(4 * time.Hour), Version: in.Version})
		if err != nil || got.Status != tms.StatusDelivered || got.Stops[1].Status != tms.StopDeparted || got.Stops[1].Dwell() != time.Hour {
			t.Fatalf("deliver = %v %s %s %v, want delivered with a 1 h dwell", err, got.Status, got.Stops[1].Status, got.Stops[1].Dwell())
		}
	})
}

func TestImpossibleStopTimeOverriddenWithReason(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		l := onTheRoad(t, e)
		pickup, delivery := l.Stops[0].ID, l.Stops[1].ID
		departed := time.Now().Add(-3 * time.Hour)
		e.svc.RecordStop(ctx, l.ID, pickup, dispatch.StopEvent{Arriving: true, At: departed.Add(-time.Hour)})
		e.svc.RecordStop(ctx, l.ID, pickup, dispatch.StopEvent{At: departed})
		arrive := dispatch.StopEvent{Arriving: true, At: departed.Add(time.Hour), Override: true}
		if _, _, err := e.svc.RecordStop(ctx, l.ID, delivery, arrive); tms.ErrorCode(err) != tms.CodeInvalid {
			t.Errorf("override without a reason = %v, want invalid", err)
		}
		arrive.Reason = "pickup departure was entered late"
		if _, _, err := e.svc.RecordStop(ctx, l.ID, delivery, arrive); err != nil {
			t.Fatalf("override = %v", err)
		}
		events, _ := e.svc.Store.LoadEvents(ctx, l.ID)
		if !hasNote(events, "override: pickup departure was entered late (Acme DC Dallas to Grocer Houston is 225 miles in 1h0m0s") {
			t.Errorf("override not on the timeline: %+v", events)
		}
	})
}
