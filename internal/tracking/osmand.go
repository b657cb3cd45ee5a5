package tracking

import (
	"net/http"

	"github.com/anditms/tms/internal/osmand"
	"github.com/anditms/tms/internal/web"
)

// maxReportBody bounds one OsmAnd request body.
const maxReportBody = 64 << 10

// OsmAnd serves the OsmAnd / Traccar Client protocol (any method) at /osmand, /osmand/{secret}
// and at / of the tracking port: 200 with an empty body once the position is committed.
func (s *Service) OsmAnd(w http.ResponseWriter, r *http.Request) error {
	rep, err := osmand.Decode(r, s.cfg.Location, maxReportBody)
	if err != nil {
		s.metrics.refused.WithLabelValues(refusedInvalid).Inc()
		return err
	}
	if err := s.IngestReport(r.Context(), rep, r.PathValue("secret")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// Register adds the OsmAnd routes of the main port to mux.
func (s *Service) Register(mux interface{ Handle(string, http.Handler) }) {
	mux.Handle("/osmand", web.Handler(s.OsmAnd))
	mux.Handle("/osmand/{secret}", web.Handler(s.OsmAnd))
}

// PortHandler is the whole handler of the optional tracking port: OsmAnd at every path, for
// trackers that cannot send one.
func (s *Service) PortHandler(m *web.Metrics) http.Handler {
	var h http.Handler = web.Handler(s.OsmAnd)
	h = web.LimitBody(maxReportBody, h)
	h = web.Recover(h)
	h = web.Observe(m, h)
	return web.WithRequestID(h)
}
