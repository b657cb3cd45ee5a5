package tracking

import (
	"context"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// maxBatch bounds the positions of one group commit.
const maxBatch = 500

// pending is one caller's positions waiting for the group commit.
type pending struct {
	ps   []tms.Position
	done chan commitResult
}

type commitResult struct {
	inserted []bool
	err      error
}

// save queues ps for the next group commit and returns once that commit is done: a nil
// error means the positions are durably stored.
func (s *Service) save(ctx context.Context, ps []tms.Position) ([]bool, error) {
	p := &pending{ps: ps, done: make(chan commitResult, 1)}
	select {
	case s.queue <- p:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	r := <-p.done // the commit does not depend on ctx: wait for its outcome
	return r.inserted, r.err
}

// commitLoop takes whatever is queued (up to maxBatch positions) and commits it in one
// transaction; requests arriving meanwhile form the next batch, so batches grow with load.
func (s *Service) commitLoop() {
	defer s.wg.Done()
	defer close(s.geofence)
	for first := range s.queue {
		batch, n := []*pending{first}, len(first.ps)
	drain:
		for n < maxBatch {
			select {
			case p, ok := <-s.queue:
				if !ok {
					break drain
				}
				batch, n = append(batch, p), n+len(p.ps)
			default:
				break drain
			}
		}
		s.commit(batch, n)
	}
}

// commit stores one batch, answers every waiting caller, then feeds the new positions to
// the broker and the geofence worker.
func (s *Service) commit(batch []*pending, n int) {
	all := make([]tms.Position, 0, n)
	for _, p := range batch {
		all = append(all, p.ps...)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	inserted, err := s.store.SavePositions(ctx, all)
	cancel()
	s.metrics.batch.Observe(float64(len(all)))
	var fresh []tms.Position
	for j, ok := range inserted {
		if ok {
			fresh = append(fresh, all[j])
		}
	}
	judge := len(fresh) > 0 && !s.cfg.NoGeofence
	if judge {
		s.busy.Add(1) // before the acknowledgement, so WaitIdle after a 200 waits for it
	}
	s.answer(batch, inserted, err)
	s.metrics.stored.Add(float64(len(fresh)))
	if len(fresh) > 0 {
		s.publish(fresh)
	}
	if judge {
		s.geofence <- fresh
	}
}

// answer tells every caller of the batch its outcome.
func (s *Service) answer(batch []*pending, inserted []bool, err error) {
	i := 0
	for _, p := range batch {
		r := commitResult{err: err}
		if err == nil {
			r.inserted = inserted[i : i+len(p.ps)]
		}
		p.done <- r
		i += len(p.ps)
	}
}

// WaitIdle returns once every committed position has been through the geofence (tests,
// and a graceful stop).
func (s *Service) WaitIdle(ctx context.Context) error {
	for s.busy.Load() > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
	return nil
}
