package dispatch

import (
	"context"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// StopCorrection changes a stop's recorded arrival or departure time; the reason goes on the
// load's timeline and the audit log keeps the stop before and after.
type StopCorrection struct {
	ArrivedAt  *time.Time `json:"arrived_at,omitempty"`
	DepartedAt *time.Time `json:"departed_at,omitempty"`
	Reason     string     `json:"reason"`
	Version    int        `json:"version"`
}

// maxReason is the longest correction reason kept.
const maxReason = 500

// CorrectStop applies c to a stop that has the recorded times it changes, under the stop-event
// rules for times: not in the future, not before dispatch, the arrival not after the departure.
func (s *Service) CorrectStop(ctx context.Context, loadID, stopID int64, c StopCorrection) (tms.Load, error) {
	c.Reason = strings.TrimSpace(c.Reason)
	v := tms.Validation{}
	v.Check(c.Reason != "", "reason", "say why the time is corrected")
	v.Check(len(c.Reason) <= maxReason, "reason", "must be at most 500 characters")
	v.Check(c.ArrivedAt != nil || c.DepartedAt != nil, "arrived_at", "give the corrected arrival or departure time")
	if err := v.Err(); err != nil {
		return tms.Load{}, err
	}
	rules, err := s.personRules(ctx, loadID, StopEvent{Source: tms.SourceUser})
	if err != nil {
		return tms.Load{}, err
	}
	return s.Store.UpdateLoad(ctx, loadID, func(tx tms.LoadTx, l *tms.Load) error {
		if err := tms.CheckVersion(c.Version, l.Version); err != nil {
			return err
		}
		i := l.StopIndex(stopID)
		if i < 0 {
			return tms.NotFound("stop", stopID)
		}
		if err := correctTimes(rules, &l.Stops[i], c); err != nil {
			return err
		}
		tx.AddEvent(tms.LoadEvent{StopID: &l.Stops[i].ID, Type: tms.EventStopCorrected, At: rules.now, Source: tms.SourceUser, Note: c.Reason})
		return nil
	})
}

func correctTimes(rules stopRules, stop *tms.Stop, c StopCorrection) error {
	v := tms.Validation{}
	v.Check(c.ArrivedAt == nil || stop.ArrivedAt != nil, "arrived_at", "the stop has no arrival to correct")
	v.Check(c.DepartedAt == nil || stop.DepartedAt != nil, "departed_at", "the stop has no departure to correct")
	if err := v.Err(); err != nil {
		return err
	}
	arrived, departed := pickTime(c.ArrivedAt, stop.ArrivedAt), pickTime(c.DepartedAt, stop.DepartedAt)
	for _, f := range []struct {
		name string
		at   *time.Time
	}{{"arrived_at", arrived}, {"departed_at", departed}} {
		if f.at == nil {
			continue
		}
		if p := rules.timeProblem(*stop, *f.at); p != "" {
			return fieldError(f.name, p)
		}
	}
	if arrived != nil && departed != nil && departed.Before(*arrived) {
		return fieldError("departed_at", "a departure cannot be before the arrival")
	}
	stop.ArrivedAt, stop.DepartedAt = arrived, departed
	return nil
}

// pickTime is the corrected time in UTC when there is one, else the recorded one.
func pickTime(corrected, recorded *time.Time) *time.Time {
	if corrected == nil {
		return recorded
	}
	t := corrected.UTC()
	return &t
}
