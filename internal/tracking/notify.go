package tracking

import (
	"context"

	"github.com/anditms/tms/internal/dispatch"
)

// NotifyLate queues the ETA-late notification of every in-transit load whose next stop's
// estimate is past the end of its appointment (dispatch.NotifyLate, once per stop); it
// returns how many were queued. Every instance may run it: the outbox drops a repeat.
func (s *Service) NotifyLate(ctx context.Context) (int64, error) {
	etas, err := s.InTransitETAs(ctx)
	if err != nil {
		return 0, err
	}
	var queued int64
	for _, e := range etas {
		if e.ETA == nil || !e.ETA.After(e.AppointmentEnd) {
			continue // unknown, or late only because no fix says otherwise
		}
		l, err := s.store.Load(ctx, e.LoadID)
		if err != nil {
			return queued, err
		}
		ok, err := dispatch.NotifyLate(ctx, s.store, l, e.StopID, *e.ETA)
		if err != nil {
			return queued, err
		}
		if ok {
			queued++
		}
	}
	return queued, nil
}
