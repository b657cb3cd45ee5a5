package tracking

import (
	"time"
)

// MaxReportBody bounds one OsmAnd request body.
const MaxReportBody = 64 << 10

// ReportLocation is the zone of "yyyy-MM-dd HH:mm:ss" report timestamps (nil = UTC).
func (s *Service) ReportLocation() *time.Location { return s.cfg.Location }

// RefuseUndecodable counts an OsmAnd request that could not be decoded and returns err.
func (s *Service) RefuseUndecodable(err error) error {
	s.metrics.refused.WithLabelValues(refusedInvalid).Inc()
	return err
}
