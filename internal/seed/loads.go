package seed

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// loadPlan is one demo load: the status it ends in, the shipper whose DC it picks up at, the
// facility it delivers to, and its pickup day relative to today.
type loadPlan struct {
	status   tms.LoadStatus
	from, to int
	day      int
}

var loadPlans = []loadPlan{
	{tms.StatusPaid, 0, 1, -38}, {tms.StatusPaid, 3, 12, -33}, {tms.StatusPaid, 4, 10, -29},
	{tms.StatusInvoiced, 5, 14, -26}, {tms.StatusPaid, 8, 17, -22}, {tms.StatusPaid, 2, 9, -19},
	{tms.StatusInvoiced, 10, 3, -15}, {tms.StatusInvoiced, 13, 3, -13}, {tms.StatusInvoiced, 10, 11, -11},
	{tms.StatusInvoiced, 1, 19, -9}, {tms.StatusInvoiced, 6, 7, -8},
	{tms.StatusDelivered, 7, 6, -6}, {tms.StatusDelivered, 11, 16, -5}, {tms.StatusDelivered, 0, 15, -4},
	{tms.StatusDelivered, 12, 13, -3}, {tms.StatusDelivered, 14, 5, -3},
	{tms.StatusInTransit, 0, 3, -1}, {tms.StatusInTransit, 1, 4, -1}, {tms.StatusInTransit, 6, 0, -1},
	{tms.StatusInTransit, 5, 8, -1}, {tms.StatusInTransit, 2, 12, -1},
	{tms.StatusDispatched, 3, 9, 1}, {tms.StatusDispatched, 10, 4, 1}, {tms.StatusDispatched, 8, 0, 2},
	{tms.StatusDispatched, 13, 2, 2}, {tms.StatusDispatched, 14, 7, 3},
	{tms.StatusOnHold, 7, 18, 3}, {tms.StatusOnHold, 12, 11, 6},
	{tms.StatusBooked, 0, 19, 3}, {tms.StatusBooked, 9, 16, 4}, {tms.StatusBooked, 11, 4, 5},
	{tms.StatusBooked, 2, 17, 6}, {tms.StatusBooked, 6, 18, 7}, {tms.StatusBooked, 4, 8, 8},
	{tms.StatusDraft, 3, 13, 7}, {tms.StatusDraft, 8, 15, 10}, {tms.StatusDraft, 5, 6, 12},
	{tms.StatusCancelled, 10, 2, -12}, {tms.StatusCancelled, 1, 0, 4}, {tms.StatusCancelled, 14, 18, 8},
}

// rolled reports whether a load in the plan's status has been on the road: its stops are
// recorded and it needed a driver and equipment.
func (p loadPlan) rolled() bool {
	return slices.Contains([]tms.LoadStatus{tms.StatusInTransit, tms.StatusDelivered, tms.StatusInvoiced, tms.StatusPaid}, p.status)
}

// assigned reports whether the load gets a driver: every load that rolled or is dispatched,
// and a hold in the next few days (held after dispatch).
func (p loadPlan) assigned() bool {
	return p.rolled() || p.status == tms.StatusDispatched || (p.status == tms.StatusOnHold && p.day <= 3)
}

// trip is a planned load with its times.
type trip struct {
	loadPlan
	i                        int
	pickup, delivery         time.Time // appointment starts
	miles                    float64
	origin, dest             tms.Facility
	pickupLocal, deliveryLoc *time.Location
}

// newTrip places a plan in time: pickup at 07:00-10:00 at the DC on its day, delivery after
// loading and the drive (with rest breaks), on the hour and not before 06:00 at the
// receiver. A load in transit is due after now.
func newTrip(i int, p loadPlan, f *fleet, now time.Time) trip {
	t := trip{loadPlan: p, i: i, origin: f.facilities[p.from], dest: f.facilities[p.to]}
	t.pickupLocal, t.deliveryLoc = t.origin.Location(), t.dest.Location()
	day := now.In(t.pickupLocal)
	t.pickup = time.Date(day.Year(), day.Month(), day.Day()+p.day, 7+i%4, 0, 0, 0, t.pickupLocal)
	t.miles = tms.MetersToMiles(tms.DistanceMeters(t.origin.Point(), t.dest.Point()) * tms.CircuityFactor)
	drive := t.miles / 50
	hours := 2 + drive + math.Floor(drive/11)*10
	t.delivery = t.pickup.Add(time.Duration(math.Ceil(hours)) * time.Hour)
	if h := t.delivery.In(t.deliveryLoc).Hour(); h < 6 {
		t.delivery = t.delivery.Add(time.Duration(6-h) * time.Hour) // receivers open at six
	}
	if p.status == tms.StatusInTransit && t.delivery.Before(now.Add(3*time.Hour)) {
		t.delivery = now.Add(4 * time.Hour).Truncate(time.Hour)
	}
	return t
}

func (t trip) end() time.Time { return t.delivery.Add(2 * time.Hour) }

// input is what a dispatcher would type: appointments in each facility's local time.
func (t trip) input(f *fleet) dispatch.LoadInput {
	sh := shippers[t.from]
	n := 1000 + 37*t.i
	in := dispatch.LoadInput{
		CustomerID: f.customers[t.from].ID, Commodity: sh.commodity, WeightLb: sh.weightLb - 150*(t.i%7),
		Pieces: 20 + t.i%9, EquipmentType: sh.equipment, Charges: t.charges(f.fuel),
		References: tms.References{BOL: fmt.Sprintf("BOL-%06d", 48200+n), PO: fmt.Sprintf("PO-%d", 70000+n),
			Pickup: fmt.Sprintf("PU-%d", 3100+t.i), CustomerLoad: fmt.Sprintf("CL-%d", 880000+n)},
		Stops: []dispatch.StopInput{
			{Kind: tms.StopPickup, FacilityID: t.origin.ID, AppointmentStart: local(t.pickup, t.pickupLocal), AppointmentEnd: local(t.pickup.Add(2*time.Hour), t.pickupLocal)},
			{Kind: tms.StopDelivery, FacilityID: t.dest.ID, AppointmentStart: local(t.delivery, t.deliveryLoc), AppointmentEnd: local(t.end(), t.deliveryLoc)},
		},
	}
	if t.status == tms.StatusDraft {
		in.Status = tms.StatusDraft
	}
	t.cargo(&in)
	return in
}

// cargo sets reefer temperatures and, for the one hazardous load, its placards.
func (t trip) cargo(in *dispatch.LoadInput) {
	if in.EquipmentType == "reefer" {
		lo, hi := 34, 38
		if t.from == 13 {
			lo, hi = -10, 0
		}
		in.TempMinF, in.TempMaxF = &lo, &hi
	}
	if t.from == 1 && t.status == tms.StatusInvoiced {
		in.Commodity, in.Hazmat = "Isopropanol in IBC totes", &tms.Hazmat{UNNumber: "UN1219", Class: "3", PackingGroup: "II"}
	}
}

func local(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02T15:04") }

// charges are linehaul at $2.50-$3.09 a mile (rounded to $5, at least $450) and the fuel
// surcharge of the shipper's schedule; some delivered loads add detention, and grocery and
// beverage receivers a lumper.
func (t trip) charges(fuel *fuelRates) []tms.Charge {
	rate := 250 + (t.i*7)%60
	linehaul := tms.Cents(max(math.Round(t.miles*float64(rate)/500)*500, 45000))
	c := []tms.Charge{{Kind: "linehaul", AmountCents: linehaul}, fuel.surcharge(t, linehaul)}
	if t.detained() {
		c = append(c, tms.Charge{Kind: "detention", Description: "1.5 h at $50/h", AmountCents: 7500})
	}
	if t.completed() && (t.from == 0 || t.from == 3) {
		c = append(c, tms.Charge{Kind: "lumper", Description: "Receiver unloading", AmountCents: 17500})
	}
	return c
}

// completed reports whether the load was delivered; every fourth such waited at the receiver.
func (t trip) completed() bool { return t.rolled() && t.status != tms.StatusInTransit }

func (t trip) detained() bool { return t.completed() && t.i%4 == 1 }
