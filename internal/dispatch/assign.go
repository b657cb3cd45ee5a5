package dispatch

import (
	"context"
	"strings"

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
		reasons, conflicts, err := dispatchProblems(ctx, tx, l, in.Assignment)
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

func same(p *int64, id int64) bool { return p != nil && *p == id }

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
