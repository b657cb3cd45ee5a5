package ui

import (
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/share"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// trackingPageData is the public page of a tracking link, in its own small layout (no
// office navigation, no session): the load, its stops in facility time and the truck.
type trackingPageData struct {
	share.View
	Token   string
	Rows    []trackingStop
	Map     loadMap
	Expires string // in the delivery facility's zone; "" while the link does not expire
	Error   *errorData
}

// trackingStop is a stop with its ETA in the facility's zone ("" when none).
type trackingStop struct {
	stopView
	ETA string
}

// publicHeaders: the token is in the URL, so it is never sent on as a referrer, never kept
// by a cache and never indexed.
func publicHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
}

// trackingPage shows a tracking link's page (HTML, or JSON at /t/{token}.json). It never
// reads or writes a session: the token is the only key, and it opens this page only.
func (u *UI) trackingPage(w http.ResponseWriter, r *http.Request) error {
	publicHeaders(w)
	token, asJSON := strings.CutSuffix(r.PathValue("token"), ".json")
	v, err := u.share.View(r.Context(), token, web.ClientIP(r))
	switch {
	case err != nil && asJSON:
		web.WriteProblem(w, r, err)
		return nil
	case err != nil:
		return u.publicError(w, r, err)
	case asJSON:
		return web.WriteJSON(w, http.StatusOK, v)
	}
	d := trackingPageData{View: v, Token: token, Map: loadMap{Tiles: u.tileURL}}
	for _, s := range v.Stops {
		row := trackingStop{stopView: stopView{Stop: tms.Stop{Seq: s.Seq, Kind: s.Kind, Status: s.Status, AppointmentStart: s.AppointmentStart,
			AppointmentEnd: s.AppointmentEnd, ArrivedAt: s.ArrivedAt, DepartedAt: s.DepartedAt},
			Facility: tms.Facility{Name: s.Facility, TimeZone: s.TimeZone, Address: tms.Address{City: s.City, State: s.State}}}}
		row.ETA = optionalTime(s.ETA, s.TimeZone)
		d.Rows = append(d.Rows, row)
		d.Map.Stops = append(d.Map.Stops, mapStop{Lat: s.Lat, Lon: s.Lon, Seq: s.Seq, Kind: string(s.Kind), Name: s.Facility, Status: string(s.Status)})
	}
	if v.Truck != nil {
		d.Map.Fix = &mapFix{Lat: v.Truck.Lat, Lon: v.Truck.Lon, FixTime: v.Truck.FixTime}
	}
	if len(v.Stops) > 0 {
		d.Expires = optionalTime(v.ExpiresAt, v.Stops[len(v.Stops)-1].TimeZone)
	}
	return u.write(w, http.StatusOK, viewTracking, "public", view{Title: "Load " + v.Number, Data: d})
}

// publicError answers a refused tracking link in the page's own layout: the same 404 for an
// unknown, revoked or expired link, 429 with Retry-After for a caller guessing.
func (u *UI) publicError(w http.ResponseWriter, r *http.Request, err error) error {
	err = web.Classify(err)
	data := errorData{Status: web.Status(err), Message: tms.ErrorMessage(err), RequestID: web.RequestID(r.Context())}
	if data.Status >= 500 {
		slog.ErrorContext(r.Context(), "tracking link failed", "err", err, "request_id", data.RequestID)
	}
	if secs, ok := retryAfter(err); ok {
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	return u.write(w, data.Status, viewTracking, "public", view{Title: errorTitle(data.Status), Data: trackingPageData{Error: &data}})
}

// trackingDocument serves a POD through a tracking link: only an active POD of the link's
// own load, after delivery, when the customer shares them (share.Service.Document).
func (u *UI) trackingDocument(w http.ResponseWriter, r *http.Request) error {
	publicHeaders(w)
	id, err := strconv.ParseInt(r.PathValue("doc"), 10, 64)
	if err != nil || id <= 0 {
		return u.publicError(w, r, tms.NotFound("document", r.PathValue("doc")))
	}
	d, body, err := u.share.Document(r.Context(), r.PathValue("token"), web.ClientIP(r), id)
	if err != nil {
		return u.publicError(w, r, err)
	}
	defer body.Close()
	h := w.Header()
	h.Set("Content-Type", d.ContentType)
	h.Set("Content-Disposition", blob.ContentDisposition(d.Filename))
	h.Set("Content-Length", strconv.FormatInt(d.Size, 10))
	_, _ = io.Copy(w, body) // a failed copy means the client left
	return nil
}
