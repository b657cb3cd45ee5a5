package tracking

import (
	"context"
	"slices"
	"time"

	"github.com/anditms/tms/internal/tms"
)

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

// Group commit tuning: a batch holds at most maxBatch positions. Until it holds lingerTarget
// the committer lingers, in steps, up to maxLinger for more: on a busy machine requests reach
// the queue unevenly, and fewer, larger transactions cost less CPU per position (see the
// Tracking section of docs/benchmarks.md). The linger is short because it adds to the wait of
// every request in the batch; a lone position waits at most maxLinger longer.
const (
	maxBatch     = 500
	lingerTarget = 64
	maxLinger    = 500 * time.Microsecond
	lingerStep   = 250 * time.Microsecond
)

// commitLoop commits batches, one at a time and in order, until the queue is closed.
func (s *Service) commitLoop() {
	defer s.wg.Done()
	for first := range s.queue {
		batch, n := s.gather(first)
		s.commit(batch, n)
	}
}

// gather adds queued requests to first (see maxLinger).
func (s *Service) gather(first *pending) ([]*pending, int) {
	batch, n := []*pending{first}, len(first.ps)
	deadline := time.Now().Add(maxLinger)
	batch, n = s.drain(batch, n)
	for n < lingerTarget && time.Now().Before(deadline) {
		time.Sleep(lingerStep)
		batch, n = s.drain(batch, n)
	}
	return batch, n
}

// drain takes what is queued right now, up to maxBatch positions in all.
func (s *Service) drain(batch []*pending, n int) ([]*pending, int) {
	for n < maxBatch {
		select {
		case p, ok := <-s.queue:
			if !ok {
				return batch, n
			}
			batch, n = append(batch, p), n+len(p.ps)
		default:
			return batch, n
		}
	}
	return batch, n
}

// commit stores one batch (marking its devices for the geofence in the same transaction),
// answers every waiting caller, then feeds the new positions to the broker and wakes the
// geofence worker.
func (s *Service) commit(batch []*pending, n int) {
	all := make([]tms.Position, 0, n)
	for _, p := range batch {
		all = append(all, p.ps...)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	inserted, err := s.store.SavePositions(ctx, all)
	cancel()
	s.metrics.batch.Observe(float64(len(all)))
	fresh := all // the usual case: no duplicates
	if slices.Contains(inserted, false) || len(inserted) != len(all) {
		fresh = nil
		for j, ok := range inserted {
			if ok {
				fresh = append(fresh, all[j])
			}
		}
	}
	s.answer(batch, inserted, err)
	s.metrics.stored.Add(float64(len(fresh)))
	if len(fresh) > 0 {
		s.publish(fresh)
		s.kickJudge()
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
