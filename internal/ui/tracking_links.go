package ui

import (
	"context"
	"net/http"
	"strconv"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/share"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// linksSection is the load page's customer tracking links: the list and, right after
// "Share tracking link", the new link's URL (shown this once).
type linksSection struct {
	Links  []tms.TrackingLink
	NewURL string
}

// linksSectionOf lists the load's links for the roles that may share them (nil otherwise).
func (u *UI) linksSectionOf(ctx context.Context, loadID int64) (*linksSection, error) {
	me, _ := web.CurrentUser(ctx)
	if u.share == nil || !authz.TrackingLinks.Allows(me.Role) {
		return nil, nil
	}
	links, err := u.share.List(ctx, loadID)
	return &linksSection{Links: links}, err
}

// createTrackingLink makes a link and shows the load page with its URL, once: the token
// is never stored, so it is not put in a session for a redirect either.
func (u *UI) createTrackingLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := u.share.Create(r.Context(), id)
	if err != nil {
		return err
	}
	d, err := u.loadPageData(r, id, nil)
	if err != nil {
		return err
	}
	d.Links.NewURL = web.BaseURL(r) + share.Path(c.Token)
	return u.render(w, r, http.StatusCreated, viewLoad, d.Load.Number, d)
}

// revokeTrackingLink revokes a link and goes back to its load.
func (u *UI) revokeTrackingLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	link, err := u.share.Revoke(r.Context(), id)
	if err != nil {
		return err
	}
	u.flash(r, "Tracking link revoked: its page no longer opens.")
	http.Redirect(w, r, "/loads/"+strconv.FormatInt(link.LoadID, 10)+"#tracking-links", http.StatusSeeOther)
	return nil
}
