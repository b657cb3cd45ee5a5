package dispatch

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// AssignInput names who and what should move a load. Override (dispatchers and admins) books
// it despite the reasons against it; Reason is then required and recorded.
type AssignInput struct {
	tms.Assignment
	Override bool   `json:"override,omitempty"`
	Reason   string `json:"reason,omitempty"`
	Version  int    `json:"version,omitempty"`
}

// Assign puts a driver, truck and trailer on a load and dispatches it. Every reason against
// the assignment is listed in one CodeConflict error unless overridden.
func (s *Service) Assign(ctx context.Context, id int64, in AssignInput) (tms.Load, error) {
	if in.DriverID == nil || in.TruckID == nil {
		return tms.Load{}, &tms.Error{Code: tms.CodeInvalid, Message: "validation failed",
			Fields: map[string]string{"driver_id": "is required", "truck_id": "is required"}}
	}
	if in.Override && strings.TrimSpace(in.Reason) == "" {
		return tms.Load{}, fieldError("reason", "is required to override")
	}
	return s.Store.UpdateLoad(ctx, id, func(tx tms.LoadTx, l *tms.Load) error {
		if err := tms.CheckVersion(in.Version, l.Version); err != nil {
			return err
		}
		if !(l.Status == tms.StatusDraft || l.Status == tms.StatusBooked || l.Status == tms.StatusDispatched || l.Status == tms.StatusInTransit) {
			return tms.Errorf(tms.CodeConflict, "a %s load cannot be assigned", l.Status)
		}
		reasons, conflicts, err := assignmentProblems(ctx, tx, l, in.Assignment)
		if err != nil {
			return err
		}
		if len(reasons) > 0 && !in.Override {
			return &tms.Error{Code: tms.CodeConflict, Message: "cannot assign: " + strings.Join(reasons, "; "),
				Detail: map[string]any{"reasons": reasons, "conflicting_loads": conflicts}}
		}
		note := ""
		if len(reasons) > 0 {
			note = "override: " + in.Reason + " (" + strings.Join(reasons, "; ") + ")"
		}
		l.Assignment = in.Assignment
		tx.AddEvent(tms.LoadEvent{Type: tms.EventAssigned, Note: note})
		if l.Status == tms.StatusBooked || l.Status == tms.StatusDraft {
			if l.Status == tms.StatusDraft {
				if err := transition(tx, l, tms.StatusBooked, ""); err != nil {
					return err
				}
			}
			return transition(tx, l, tms.StatusDispatched, "assigned")
		}
		return nil
	})
}

// Unassign takes driver and equipment off a dispatched load and returns it to booked.
func (s *Service) Unassign(ctx context.Context, id int64, expected int) (tms.Load, error) {
	return s.Store.UpdateLoad(ctx, id, func(tx tms.LoadTx, l *tms.Load) error {
		if err := tms.CheckVersion(expected, l.Version); err != nil {
			return err
		}
		if l.Status != tms.StatusBooked && l.Status != tms.StatusDispatched {
			return tms.Errorf(tms.CodeConflict, "a %s load cannot be unassigned", l.Status)
		}
		l.Assignment = tms.Assignment{}
		tx.AddEvent(tms.LoadEvent{Type: tms.EventUnassigned})
		if l.Status == tms.StatusDispatched {
			return transition(tx, l, tms.StatusBooked, "unassigned")
		}
		return nil
	})
}

// assignmentProblems lists every reason against assigning a to l, with the loads it collides with.
func assignmentProblems(ctx context.Context, tx tms.LoadTx, l *tms.Load, a tms.Assignment) ([]string, []tms.LoadRef, error) {
	_, lastEnd := l.Window()
	var reasons []string
	driverIDs := []int64{}
	for _, id := range []*int64{a.DriverID, a.CoDriverID} {
		if id == nil {
			continue
		}
		driverIDs = append(driverIDs, *id)
		r, err := driverProblems(ctx, tx, *id, lastEnd)
		if err != nil {
			return nil, nil, err
		}
		reasons = append(reasons, r...)
	}
	r, err := equipmentProblems(ctx, tx, l, a)
	if err != nil {
		return nil, nil, err
	}
	reasons = append(reasons, r...)
	from, to := l.Window()
	q := tms.ConflictQuery{ExcludeLoadID: l.ID, DriverIDs: driverIDs, TruckID: deref(a.TruckID), TrailerID: deref(a.TrailerID), From: from, To: to}
	conflicts, err := tx.ConflictingLoads(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range conflicts {
		reasons = append(reasons, fmt.Sprintf("%s already on load %s (%s, %s to %s)", sharedResource(c, a), c.Number, c.Status,
			c.WindowStart.Format(time.DateTime), c.WindowEnd.Format(time.DateTime)))
	}
	return reasons, conflicts, nil
}

func driverProblems(ctx context.Context, tx tms.LoadTx, id int64, lastEnd time.Time) ([]string, error) {
	d, err := tx.Driver(ctx, id)
	if tms.ErrorCode(err) == tms.CodeNotFound {
		return nil, fieldError("driver_id", fmt.Sprintf("driver %d does not exist", id))
	} else if err != nil {
		return nil, err
	}
	var reasons []string
	if d.Status != tms.DriverActive {
		reasons = append(reasons, fmt.Sprintf("driver %s is %s", d.Name, d.Status))
	}
	if !d.CDLExpiry.IsZero() && d.CDLExpiry.Before(lastEnd) {
		reasons = append(reasons, fmt.Sprintf("driver %s's CDL expires %s, before the last stop", d.Name, d.CDLExpiry))
	}
	if !d.MedicalCardExpiry.IsZero() && d.MedicalCardExpiry.Before(lastEnd) {
		reasons = append(reasons, fmt.Sprintf("driver %s's medical card expires %s, before the last stop", d.Name, d.MedicalCardExpiry))
	}
	return reasons, nil
}

func equipmentProblems(ctx context.Context, tx tms.LoadTx, l *tms.Load, a tms.Assignment) ([]string, error) {
	var reasons []string
	truck, err := tx.Truck(ctx, *a.TruckID)
	if tms.ErrorCode(err) == tms.CodeNotFound {
		return nil, fieldError("truck_id", "is not a known truck")
	} else if err != nil {
		return nil, err
	}
	if truck.Status != tms.EquipmentActive {
		reasons = append(reasons, fmt.Sprintf("truck %s is %s", truck.UnitNumber, truck.Status))
	}
	if a.TrailerID == nil {
		return reasons, nil
	}
	trailer, err := tx.Trailer(ctx, *a.TrailerID)
	if tms.ErrorCode(err) == tms.CodeNotFound {
		return nil, fieldError("trailer_id", "is not a known trailer")
	} else if err != nil {
		return nil, err
	}
	if trailer.Status != tms.EquipmentActive {
		reasons = append(reasons, fmt.Sprintf("trailer %s is %s", trailer.UnitNumber, trailer.Status))
	}
	if l.EquipmentType != "" && trailer.Type != l.EquipmentType {
		reasons = append(reasons, fmt.Sprintf("trailer %s is a %s, the load needs a %s", trailer.UnitNumber, trailer.Type, l.EquipmentType))
	}
	return reasons, nil
}

// sharedResource says which of a's resources the conflicting load also uses.
func sharedResource(c tms.LoadRef, a tms.Assignment) string {
	var parts []string
	for _, d := range []*int64{a.DriverID, a.CoDriverID} {
		if d != nil && (same(c.DriverID, *d) || same(c.CoDriverID, *d)) {
			parts = append(parts, fmt.Sprintf("driver %d", *d))
		}
	}
	if a.TruckID != nil && same(c.TruckID, *a.TruckID) {
		parts = append(parts, fmt.Sprintf("truck %d", *a.TruckID))
	}
	if a.TrailerID != nil && same(c.TrailerID, *a.TrailerID) {
		parts = append(parts, fmt.Sprintf("trailer %d", *a.TrailerID))
	}
	return strings.Join(parts, " and ")
}

func same(p *int64, id int64) bool { return p != nil && *p == id }

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
