package api

import (
	"net/http"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/share"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

func (a *API) trackingLinkRoutes() []Route {
	return []Route{
		{"POST /api/v1/loads/{id}/tracking-links", authz.TrackingLinks, a.createTrackingLink, Doc{Summary: "Share the load with its customer: a tracking link whose token (and URL) is shown once",
			Tag: "tracking-links", In: noFields{}, Out: createdTrackingLink{}, Status: http.StatusCreated, Description: trackingLinkDescription}},
		{"GET /api/v1/loads/{id}/tracking-links", authz.TrackingLinks, a.listTrackingLinks, Doc{Summary: "The load's tracking links, newest first (no tokens)",
			Tag: "tracking-links", Out: []tms.TrackingLink{}}},
		{"POST /api/v1/tracking-links/{id}/revoke", authz.TrackingLinks, a.revokeTrackingLink, Doc{Summary: "Revoke a tracking link: its page answers 404 from then on",
			Tag: "tracking-links", In: noFields{}, Out: tms.TrackingLink{}}},
	}
}

const trackingLinkDescription = "The public page `GET /t/{token}` (and `/t/{token}.json`) needs no login and shows the load number, its PO and BOL, " +
	"status, stops with their times in each facility's zone, the ETA, the truck's last position while it hauls this load, and after delivery " +
	"the PODs when the customer allows it (`GET /t/{token}/documents/{id}`). The token is nothing else: not a session, not an API token. " +
	"A link expires the carrier's `tracking_link_days` (default 7) after delivery; unknown, revoked and expired links answer 404, and " +
	"repeated misses from one address answer 429."

// noFields is the body of an action that takes none: left out or {}; anything else is refused.
type noFields struct{}

// actionID reads the path id of an action on one record that takes no body.
func actionID(r *http.Request) (int64, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, err
	}
	return id, web.DecodeOptionalJSON(r, &noFields{})
}

// createdTrackingLink is a new link with its token and its URL, shown once.
type createdTrackingLink struct {
	share.Created
	URL string `json:"url"`
}

func (a *API) createTrackingLink(w http.ResponseWriter, r *http.Request) error {
	id, err := actionID(r)
	if err != nil {
		return err
	}
	c, err := a.Share.Create(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, createdTrackingLink{Created: c, URL: web.BaseURL(r) + share.Path(c.Token)})
}

func (a *API) listTrackingLinks(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	links, err := a.Share.List(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, links)
}

func (a *API) revokeTrackingLink(w http.ResponseWriter, r *http.Request) error {
	id, err := actionID(r)
	if err != nil {
		return err
	}
	link, err := a.Share.Revoke(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, link)
}
