package dispatch_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

var ctx = tms.WithActor(context.Background(), tms.Actor{UserID: 0, Email: "dispatcher@example.com", Role: tms.RoleDispatcher})

type env struct {
	svc *dispatch.Service
	f   storetest.Fixtures
}

func eachBackend(t *testing.T, fn func(t *testing.T, e env)) {
	for _, fac := range testenv.Factories(t) {
		t.Run(fac.Name, func(t *testing.T) {
			s := fac.Open(t)
			fn(t, env{svc: &dispatch.Service{Store: s, Router: tms.GreatCircleRouter{}}, f: storetest.NewFixtures(t, s)})
		})
	}
}

func (e env) input(start time.Time) dispatch.LoadInput {
	loc, _ := time.LoadLocation("America/Chicago")
	local := start.In(loc)
	return dispatch.LoadInput{
		CustomerID: e.f.Customer.ID, Commodity: "Paper", WeightLb: 30000, EquipmentType: "dry_van",
		Charges: []tms.Charge{{Kind: "linehaul", AmountCents: 90000}},
		Stops: []dispatch.StopInput{
			{Kind: tms.StopPickup, FacilityID: e.f.Shipper.ID, AppointmentStart: local.Format("2006-01-02T15:04"), AppointmentEnd: local.Add(time.Hour).Format("2006-01-02T15:04")},
			{Kind: tms.StopDelivery, FacilityID: e.f.Receiver.ID, AppointmentStart: start.Add(6 * time.Hour).Format(time.RFC3339)},
		},
	}
}

func TestCreateLoadResolvesLocalTimesAndMiles(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		l, err := e.svc.CreateLoad(ctx, e.input(e.f.MondayMorning))
		if err != nil {
			t.Fatal(err)
		}
		if !l.Stops[0].AppointmentStart.Equal(e.f.MondayMorning) {
			t.Errorf("pickup at %v, want %v (local Chicago time converted to UTC)", l.Stops[0].AppointmentStart, e.f.MondayMorning)
		}
		// Dallas -> Houston is ~362 km great-circle; x1.2 circuity = ~270 miles.
		if l.PlannedMiles < 260 || l.PlannedMiles > 280 {
			t.Errorf("planned miles = %v, want about 270", l.PlannedMiles)
		}
		in := e.input(e.f.MondayMorning)
		in.Stops[0].AppointmentStart = "next tuesday"
		in.Stops[1].FacilityID = 99999
		_, err = e.svc.CreateLoad(ctx, in)
		fields := err.(*tms.Error).Fields
		if fields["stops[0].appointment_start"] == "" || fields["stops[1].facility_id"] == "" {
			t.Errorf("field errors = %v", fields)
		}
		manual := 300.0
		in = e.input(e.f.MondayMorning)
		in.PlannedMiles = &manual
		if l, _ := e.svc.CreateLoad(ctx, in); l.PlannedMiles != 300 || !l.MilesManual {
			t.Errorf("manual miles = %v %v", l.PlannedMiles, l.MilesManual)
		}
	})
}

func TestAssignRules(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		first, _ := e.svc.CreateLoad(ctx, e.input(e.f.MondayMorning))
		second, _ := e.svc.CreateLoad(ctx, e.input(e.f.MondayMorning.Add(3*time.Hour)))
		a := dispatch.AssignInput{Assignment: tms.Assignment{DriverID: &e.f.Driver.ID, TruckID: &e.f.Truck.ID, TrailerID: &e.f.Trailer.ID}}
		l, err := e.svc.Assign(ctx, first.ID, a)
		if err != nil || l.Status != tms.StatusDispatched {
			t.Fatalf("assign = %s, %v; want dispatched", l.Status, err)
		}
		_, err = e.svc.Assign(ctx, second.ID, a)
		if tms.ErrorCode(err) != tms.CodeConflict || !strings.Contains(err.Error(), first.Number) {
			t.Fatalf("double booking = %v, want a conflict naming %s", err, first.Number)
		}
		reasons := err.(*tms.Error).Detail["reasons"].([]string)
		if len(reasons) != 1 || !strings.Contains(reasons[0], "driver") || !strings.Contains(reasons[0], "truck") || !strings.Contains(reasons[0], "trailer") {
			t.Errorf("reasons = %v, want one naming the driver, truck and trailer shared with %s", reasons, first.Number)
		}
		a.Override, a.Reason = true, "team swap at the yard"
		if l, err := e.svc.Assign(ctx, second.ID, a); err != nil || l.Status != tms.StatusDispatched {
			t.Errorf("override = %v", err)
		}
		events, _ := e.svc.Store.LoadEvents(ctx, second.ID)
		if !hasNote(events, "override: team swap") {
			t.Errorf("override reason not recorded: %+v", events)
		}
	})
}

func TestAssignRefusesExpiredMedicalCardAndWrongTrailer(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		l, _ := e.svc.CreateLoad(ctx, e.input(e.f.MondayMorning))
		_, err := e.svc.Store.UpdateDriver(ctx, e.f.Driver2.ID, func(d *tms.Driver) error {
			d.MedicalCardExpiry, _ = tms.ParseDate("2026-12-01")
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		a := dispatch.AssignInput{Assignment: tms.Assignment{DriverID: &e.f.Driver2.ID, TruckID: &e.f.Truck.ID, TrailerID: &e.f.Flatbed.ID}}
		_, err = e.svc.Assign(ctx, l.ID, a)
		if tms.ErrorCode(err) != tms.CodeConflict || !strings.Contains(err.Error(), "medical card expires 2026-12-01") || !strings.Contains(err.Error(), "flatbed") {
			t.Errorf("assign = %v, want medical card and trailer type reasons", err)
		}
	})
}

func TestStopEventsDriveStatus(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		l, _ := e.svc.CreateLoad(ctx, e.input(e.f.MondayMorning))
		pickup, delivery := l.Stops[0].ID, l.Stops[1].ID
		_, _, err := e.svc.RecordStop(ctx, l.ID, pickup, dispatch.StopEvent{Arriving: true})
		if tms.ErrorCode(err) != tms.CodeConflict {
			t.Errorf("arriving on a booked load = %v, want conflict", err)
		}
		a := dispatch.AssignInput{Assignment: tms.Assignment{DriverID: &e.f.Driver.ID, TruckID: &e.f.Truck.ID, TrailerID: &e.f.Trailer.ID}}
		if _, err := e.svc.Assign(ctx, l.ID, a); err != nil {
			t.Fatal(err)
		}
		gps := func(stop int64, arriving bool, at time.Time) (tms.Load, bool) {
			l, changed, err := e.svc.RecordStop(ctx, l.ID, stop, dispatch.StopEvent{Arriving: arriving, At: at, Source: tms.SourceGPS})
			if err != nil {
				t.Fatal(err)
			}
			return l, changed
		}
		t0 := e.f.MondayMorning
		if got, _ := gps(pickup, true, t0); got.Status != tms.StatusInTransit {
			t.Errorf("after pickup arrival: %s, want in_transit", got.Status)
		}
		if _, changed := gps(pickup, true, t0.Add(time.Minute)); changed {
			t.Error("a repeated GPS arrival changed the load")
		}
		_, _, err = e.svc.RecordStop(ctx, l.ID, delivery, dispatch.StopEvent{Arriving: false})
		if tms.ErrorCode(err) != tms.CodeConflict {
			t.Errorf("departure before arrival = %v, want conflict", err)
		}
		gps(pickup, false, t0.Add(time.Hour))
		gps(delivery, true, t0.Add(6*time.Hour))
		got, _ := gps(delivery, false, t0.Add(7*time.Hour))
		if got.Status != tms.StatusDelivered || got.Stops[1].Dwell() != time.Hour {
			t.Errorf("after delivery departure: %s dwell %v, want delivered and 1h", got.Status, got.Stops[1].Dwell())
		}
		events, _ := e.svc.Store.LoadEvents(ctx, l.ID)
		var gpsEvents int
		for _, ev := range events {
			if ev.Source == tms.SourceGPS {
				gpsEvents++
			}
		}
		if gpsEvents != 6 { // 4 stop events + in_transit + delivered
			t.Errorf("%d gps events, want 6: %+v", gpsEvents, events)
		}
		if _, err := e.svc.AddCheckCall(ctx, l.ID, dispatch.CheckCall{}); tms.ErrorCode(err) != tms.CodeInvalid {
			t.Errorf("empty check call = %v, want invalid", err)
		}
	})
}

func TestStatusMachineByHand(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		l, _ := e.svc.CreateLoad(ctx, e.input(e.f.MondayMorning))
		_, err := e.svc.SetStatus(ctx, l.ID, tms.StatusPaid, "", 0)
		if tms.ErrorCode(err) != tms.CodeConflict || !strings.Contains(err.Error(), "allowed: draft, dispatched, cancelled, on_hold") {
			t.Errorf("booked -> paid = %v, want conflict listing the allowed moves", err)
		}
		held, err := e.svc.SetStatus(ctx, l.ID, tms.StatusOnHold, "customer call", 0)
		if err != nil || held.HoldFrom != tms.StatusBooked {
			t.Fatalf("hold = %+v, %v", held.HoldFrom, err)
		}
		back, err := e.svc.SetStatus(ctx, l.ID, tms.StatusBooked, "", held.Version)
		if err != nil || back.Status != tms.StatusBooked {
			t.Errorf("release hold = %v, %v", back.Status, err)
		}
		if _, err := e.svc.SetStatus(ctx, l.ID, tms.StatusCancelled, "", held.Version); tms.ErrorCode(err) != tms.CodeConflict {
			t.Errorf("stale version = %v, want conflict", err)
		}
	})
}

func hasNote(events []tms.LoadEvent, prefix string) bool {
	for _, e := range events {
		if strings.HasPrefix(e.Note, prefix) {
			return true
		}
	}
	return false
}
