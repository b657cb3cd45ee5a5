package dispatch

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// crew is who and what an assignment puts on a load, read once for its rules and messages.
type crew struct {
	drivers []tms.Driver // the driver, then the co-driver
	truck   tms.Truck
	trailer *tms.Trailer
}

// readCrew reads the assignment's records; an unknown id is a field error.
func readCrew(ctx context.Context, tx tms.LoadTx, a tms.Assignment) (crew, error) {
	var c crew
	for _, field := range []struct {
		name string
		id   *int64
	}{{"driver_id", a.DriverID}, {"co_driver_id", a.CoDriverID}} {
		if field.id == nil {
			continue
		}
		d, err := tx.Driver(ctx, *field.id)
		if err != nil {
			return c, unknown(err, field.name, "driver")
		}
		c.drivers = append(c.drivers, d)
	}
	truck, err := tx.Truck(ctx, *a.TruckID)
	if err != nil {
		return c, unknown(err, "truck_id", "truck")
	}
	c.truck = truck
	if a.TrailerID != nil {
		trailer, err := tx.Trailer(ctx, *a.TrailerID)
		if err != nil {
			return c, unknown(err, "trailer_id", "trailer")
		}
		c.trailer = &trailer
	}
	return c, nil
}

// unknown turns a record not found into a field error naming the kind.
func unknown(err error, field, kind string) error {
	if tms.ErrorCode(err) == tms.CodeNotFound {
		return fieldError(field, "is not a known "+kind)
	}
	return err
}

// dispatchProblems lists every reason against dispatching l with a (driver and truck given):
// the drivers' status, documents and hazmat endorsement, the equipment's status and type, a
// missing trailer, and other loads holding any of them, with those loads.
func dispatchProblems(ctx context.Context, tx tms.LoadTx, l *tms.Load, a tms.Assignment) ([]string, []tms.LoadRef, error) {
	c, err := readCrew(ctx, tx, a)
	if err != nil {
		return nil, nil, err
	}
	from, to := l.Window()
	var reasons []string
	for _, d := range c.drivers {
		reasons = append(reasons, driverProblems(l, d, to)...)
	}
	reasons = append(reasons, equipmentProblems(l, c)...)
	ids := make([]int64, len(c.drivers))
	for i, d := range c.drivers {
		ids[i] = d.ID
	}
	q := tms.ConflictQuery{ExcludeLoadID: l.ID, DriverIDs: ids, TruckID: c.truck.ID, TrailerID: deref(a.TrailerID), From: from, To: to}
	conflicts, err := tx.ConflictingLoads(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	zone, err := loadZone(ctx, tx, l)
	if err != nil {
		return nil, nil, err
	}
	for _, other := range conflicts {
		reasons = append(reasons, conflictReason(c.shared(other), other, zone))
	}
	return reasons, conflicts, nil
}

func driverProblems(l *tms.Load, d tms.Driver, lastEnd time.Time) []string {
	var reasons []string
	if d.Status != tms.DriverActive {
		reasons = append(reasons, fmt.Sprintf("driver %s is %s", d.Name, strings.ReplaceAll(string(d.Status), "_", " ")))
	}
	if !d.CDLExpiry.IsZero() && d.CDLExpiry.Before(lastEnd) {
		reasons = append(reasons, fmt.Sprintf("driver %s's CDL expires %s, before the last stop", d.Name, d.CDLExpiry))
	}
	if !d.MedicalCardExpiry.IsZero() && d.MedicalCardExpiry.Before(lastEnd) {
		reasons = append(reasons, fmt.Sprintf("driver %s's medical card expires %s, before the last stop", d.Name, d.MedicalCardExpiry))
	}
	if l.Hazmat != nil && !d.HazmatEndorsed() {
		reasons = append(reasons, fmt.Sprintf("driver %s has no hazmat endorsement (H or X) for %s", d.Name, l.Hazmat.UNNumber))
	}
	return reasons
}

func equipmentProblems(l *tms.Load, c crew) []string {
	var reasons []string
	if c.truck.Status != tms.EquipmentActive {
		reasons = append(reasons, fmt.Sprintf("truck %s is %s", c.truck.UnitNumber, equipmentWord(string(c.truck.Status))))
	}
	t := c.trailer
	switch {
	case t == nil && tms.NeedsTrailer(l.EquipmentType):
		reasons = append(reasons, fmt.Sprintf("load %s needs a %s trailer", l.Number, equipmentWord(l.EquipmentType)))
	case t == nil:
	case t.Status != tms.EquipmentActive:
		reasons = append(reasons, fmt.Sprintf("trailer %s is %s", t.UnitNumber, equipmentWord(string(t.Status))))
	}
	if t != nil && !TrailerFits(l.EquipmentType, t.Type) {
		reasons = append(reasons, fmt.Sprintf("trailer %s is a %s, the load needs a %s", t.UnitNumber, equipmentWord(t.Type), equipmentWord(l.EquipmentType)))
	}
	return reasons
}

// TrailerFits reports whether a trailer of type trailer hauls a load needing equipment: the
// same type (any when the load names none). The assign pickers offer only fitting trailers.
func TrailerFits(equipment, trailer string) bool { return equipment == "" || equipment == trailer }

// equipmentWord is a stored word as people write it: dry_van -> dry van.
func equipmentWord(s string) string { return strings.ReplaceAll(s, "_", " ") }

// shared names the crew's members the other load also uses: "driver Dana Driver and truck 101".
func (c crew) shared(other tms.LoadRef) []string {
	var parts []string
	for _, d := range c.drivers {
		if same(other.DriverID, d.ID) || same(other.CoDriverID, d.ID) {
			parts = append(parts, "driver "+d.Name)
		}
	}
	if same(other.TruckID, c.truck.ID) {
		parts = append(parts, "truck "+c.truck.UnitNumber)
	}
	if c.trailer != nil && same(other.TrailerID, c.trailer.ID) {
		parts = append(parts, "trailer "+c.trailer.UnitNumber)
	}
	return parts
}

// conflictReason words a collision: "truck 101 is on load L-000024 (dispatched) until Dec 9 10:00 CST".
func conflictReason(who []string, other tms.LoadRef, zone *time.Location) string {
	verb := "is"
	if len(who) > 1 {
		verb = "are"
	}
	return fmt.Sprintf("%s %s on load %s (%s) until %s", joinAnd(who), verb, other.Number, equipmentWord(string(other.Status)),
		FormatLocal(other.WindowEnd, zone))
}

// FormatLocal is how rule messages show a time: "Dec 9 10:00 CST" in the zone given.
func FormatLocal(t time.Time, zone *time.Location) string {
	return t.In(zone).Format("Jan 2 15:04 MST")
}

// loadZone is the time zone messages about l are shown in: its first stop's facility's.
func loadZone(ctx context.Context, tx tms.LoadTx, l *tms.Load) (*time.Location, error) {
	if len(l.Stops) == 0 {
		return time.UTC, nil
	}
	f, err := tx.Facility(ctx, l.Stops[0].FacilityID)
	return f.Location(), err
}

// joinAnd joins words as a sentence does: "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// dispatchGate refuses moving a load to dispatched by hand without a driver and a truck, or
// against any of the assignment rules (Assign overrides them with a reason).
func dispatchGate(ctx context.Context, tx tms.LoadTx, l *tms.Load, to tms.LoadStatus) error {
	if to != tms.StatusDispatched || l.Status == tms.StatusOnHold {
		return nil
	}
	if l.DriverID == nil || l.TruckID == nil {
		return &tms.Error{Code: tms.CodeConflict, Message: fmt.Sprintf("load %s cannot be dispatched without a driver and a truck; assign them first", l.Number),
			Detail: map[string]any{"missing": missingCrew(l.Assignment)}}
	}
	reasons, conflicts, err := dispatchProblems(ctx, tx, l, l.Assignment)
	if err != nil || len(reasons) == 0 {
		return err
	}
	return &tms.Error{Code: tms.CodeConflict, Message: "cannot dispatch: " + strings.Join(reasons, "; ") + " (assign with an override and a reason to dispatch anyway)",
		Detail: map[string]any{"reasons": reasons, "conflicting_loads": conflicts}}
}

// missingCrew names what an assignment lacks to dispatch: driver_id, truck_id.
func missingCrew(a tms.Assignment) []string {
	var missing []string
	if a.DriverID == nil {
		missing = append(missing, "driver_id")
	}
	if a.TruckID == nil {
		missing = append(missing, "truck_id")
	}
	return missing
}

// deliveryGate refuses marking a load in transit delivered by hand: the delivery stop's times
// are recorded first (Deliver asks for them), so on-time and detention keep their data.
func deliveryGate(_ context.Context, _ tms.LoadTx, l *tms.Load, to tms.LoadStatus) error {
	if to != tms.StatusDelivered || l.Status != tms.StatusInTransit {
		return nil
	}
	if last := l.Stops[len(l.Stops)-1]; last.DepartedAt == nil {
		return tms.Errorf(tms.CodeConflict, "record the arrival and departure times of the delivery stop to mark load %s delivered", l.Number)
	}
	return nil
}
