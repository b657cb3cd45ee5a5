package tracking

import (
	"context"
	"log/slog"
	"time"
)

// RunRetention drops position history older than days, now and then every interval, until
// ctx ends. On PostgreSQL one instance at a time does the work (an advisory lock).
func (s *Service) RunRetention(ctx context.Context, days int, every time.Duration) {
	if days <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := s.store.PurgePositions(ctx, s.now().AddDate(0, 0, -days))
		if err != nil && ctx.Err() == nil { // a purge cut short by shutdown is not an error
			slog.Error("position retention", "err", err)
		} else if n > 0 {
			slog.Info("position retention", "dropped", n, "days", days)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
