package tracking

import "context"

// PurgeHistory drops position history older than days (nothing when days <= 0) and returns
// how many fixes went. On PostgreSQL one instance at a time does the work (an advisory lock).
// `tms serve` runs it hourly (internal/app StartBackground).
func (s *Service) PurgeHistory(ctx context.Context, days int) (int64, error) {
	if days <= 0 {
		return 0, nil
	}
	return s.store.PurgePositions(ctx, s.now().AddDate(0, 0, -days))
}
