package api

import (
	"net/http"
	"strings"

	"github.com/anditms/tms/internal/osmand"
	"github.com/anditms/tms/internal/tracking"
	"github.com/anditms/tms/internal/web"
)

// Trackers serves the GPS ingest protocols at the edge: OsmAnd / Traccar Client on the main
// port (/osmand, /osmand/{secret}) and on the optional tracking port, and the batch API. The
// rules (devices, clocks, the group commit) live in internal/tracking.
type Trackers struct {
	Tracking *tracking.Service
}

// OsmAnd serves the OsmAnd / Traccar Client protocol (any method) at /osmand, /osmand/{secret}
// and at / of the tracking port: 200 with an empty body once the position is committed.
func (t Trackers) OsmAnd(w http.ResponseWriter, r *http.Request) error {
	rep, err := osmand.Decode(r, t.Tracking.ReportLocation(), tracking.MaxReportBody)
	if err != nil {
		return t.Tracking.RefuseUndecodable(err)
	}
	if err := t.Tracking.IngestReport(r.Context(), rep, r.PathValue("secret")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// Batch serves POST /api/v1/positions: per-item results of one group commit.
func (t Trackers) Batch(w http.ResponseWriter, r *http.Request) error {
	var req tracking.BatchRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	resp, err := t.Tracking.IngestBatch(r.Context(), req)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, resp)
}

// Register adds the OsmAnd routes of the main port to mux.
func (t Trackers) Register(mux interface{ Handle(string, http.Handler) }) {
	mux.Handle("/osmand", web.Handler(t.OsmAnd))
	mux.Handle("/osmand/{secret}", web.Handler(t.OsmAnd))
}

// Handler serves the main port's OsmAnd routes (those of Register) through the tracker
// chain; headers adds the main port's security headers. The application sends /osmand and
// /osmand/{secret} here instead of through its session, identity and CSRF middleware.
func (t Trackers) Handler(m *web.Metrics, headers func(http.Handler) http.Handler) http.Handler {
	mux := http.NewServeMux()
	t.Register(mux)
	return trackerChain(m, headers, web.RecordRoute(mux))
}

// IsTrackerPath reports whether the main port's Handler serves urlPath: /osmand, or
// /osmand/ and one non-empty segment.
func IsTrackerPath(urlPath string) bool {
	secret, ok := strings.CutPrefix(urlPath, "/osmand/")
	if !ok {
		return urlPath == "/osmand"
	}
	return secret != "" && !strings.Contains(secret, "/")
}

// PortHandler is the whole handler of the optional tracking port: OsmAnd at every path, for
// trackers that cannot send one, through the same tracker chain as the main port's routes
// (security headers without HSTS or a tile origin: nothing but trackers talks to this port).
func (t Trackers) PortHandler(m *web.Metrics) http.Handler {
	return trackerChain(m, func(h http.Handler) http.Handler { return web.SecureHeaders("", false, h) }, web.Handler(t.OsmAnd))
}

// trackerChain is the lean middleware of the OsmAnd routes: request ID, metrics and access log
// (2xx at debug), security headers, panic recovery and a small body limit. Trackers
// authenticate by device id (and optional secret), never by session, so sessions, web.Identify
// and CrossOriginProtection (trackers are not browsers and may use any method) are left out.
func trackerChain(m *web.Metrics, headers func(http.Handler) http.Handler, h http.Handler) http.Handler {
	h = web.LimitBody(tracking.MaxReportBody, h)
	h = web.Recover(h)
	h = headers(h)
	h = web.ObserveQuietly(m, h)
	return web.WithRequestID(h)
}
