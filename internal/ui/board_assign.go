package ui

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// assignFormPage answers GET /loads/{id}/assign: the assign form of load id's board card,
// which htmx fetches when the dispatcher opens the card's "Assign" (a board no longer draws
// every active driver, truck and trailer into every card). The return parameter is the board
// the form goes back to, with its filters. A browser without htmx is sent to the load
// page's own assign form.
func (u *UI) assignFormPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if !isHTMX(r) {
		http.Redirect(w, r, "/loads/"+strconv.FormatInt(id, 10)+"#assign-title", http.StatusSeeOther)
		return nil
	}
	ret := localPath(r.URL.Query().Get("return"))
	if ret == "" {
		ret = "/dispatch"
	}
	form, err := u.assignForm(r.Context(), id, ret, u.csrfToken(r.Context()))
	if err != nil {
		return err
	}
	writeHTML(w, http.StatusOK, []byte(form))
	return nil
}

// assignForm is the assign form of load id's board card: the current assignment chosen
// among the active drivers, trucks and fitting trailers, each with what it is on. A load
// the board offers no assignment for is a conflict.
func (u *UI) assignForm(ctx context.Context, id int64, ret, csrf string) (string, error) {
	l, err := u.store.Load(ctx, id)
	if err != nil {
		return "", err
	}
	if l.Status != tms.StatusBooked && l.Status != tms.StatusDispatched && l.Status != tms.StatusInTransit {
		return "", tms.Errorf(tms.CodeConflict, "%s is %s and can no longer be assigned", l.Number, strings.ToLower(label(l.Status)))
	}
	lk := newLookup(u.store)
	choices, err := u.assignChoices(ctx, lk) // reads the active drivers, trucks and trailers first: the load's are among them
	if err != nil {
		return "", err
	}
	v, err := lk.view(ctx, l)
	if err != nil {
		return "", err
	}
	c := boardCard{Load: v, CSRF: csrf, Return: ret, Assign: assignControls(assignPrefix(id), v, nil, choices)}
	var m markup
	c.writeAssignForm(&m, strconv.FormatInt(id, 10))
	return m.String(), nil
}
