package dispatch

import (
	"context"
	"errors"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Delivery is when the truck arrived at and left a load's delivery stop, as the office
// enters it to mark the load delivered. ArrivedAt is left out when the stop has its arrival.
type Delivery struct {
	ArrivedAt  *time.Time `json:"arrived_at,omitempty"`
	DepartedAt time.Time  `json:"departed_at"`
	Override   bool       `json:"override,omitempty"` // times that leave too little time to drive, with Reason
	Reason     string     `json:"reason,omitempty"`
	Version    int        `json:"version,omitempty"`
}

// Deliver records the arrival (when given) and the departure at the load's last stop under
// the stop-event rules, which delivers the load; the stop never stays pending.
func (s *Service) Deliver(ctx context.Context, loadID int64, d Delivery) (tms.Load, error) {
	arrive := StopEvent{Arriving: true, Source: tms.SourceUser, Override: d.Override, Reason: d.Reason}
	depart := StopEvent{At: d.DepartedAt, Source: tms.SourceUser, Override: d.Override, Reason: d.Reason}
	if err := d.validate(); err != nil {
		return tms.Load{}, err
	}
	if err := arrive.checkOverride(); err != nil {
		return tms.Load{}, err
	}
	rules, err := s.personRules(ctx, loadID, depart)
	if err != nil {
		return tms.Load{}, err
	}
	return s.Store.UpdateLoad(ctx, loadID, func(tx tms.LoadTx, l *tms.Load) error {
		if err := tms.CheckVersion(d.Version, l.Version); err != nil {
			return err
		}
		last := l.Stops[len(l.Stops)-1]
		if d.ArrivedAt == nil && last.ArrivedAt == nil {
			return fieldError("arrived_at", "is required: the delivery stop has no arrival yet")
		}
		if d.ArrivedAt != nil {
			arrive.At = *d.ArrivedAt
			if _, err := recordStopTx(ctx, tx, l, last.ID, arrive, rules); err != nil {
				return renameAt(err, "arrived_at")
			}
		}
		_, err := recordStopTx(ctx, tx, l, last.ID, depart, rules)
		return renameAt(err, "departed_at")
	})
}

func (d Delivery) validate() error {
	v := tms.Validation{}
	v.Check(!d.DepartedAt.IsZero(), "departed_at", "is required")
	v.Check(d.ArrivedAt == nil || d.DepartedAt.IsZero() || !d.DepartedAt.Before(*d.ArrivedAt), "departed_at", "a departure cannot be before the arrival")
	return v.Err()
}

// renameAt names the stop-event field "at" as the delivery form calls it.
func renameAt(err error, field string) error {
	var e *tms.Error
	if errors.As(err, &e) && e.Fields["at"] != "" {
		return fieldError(field, e.Fields["at"])
	}
	return err
}
