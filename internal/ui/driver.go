package ui

import (
	"context"
	"net/http"
	"strconv"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// pastLoads is how many finished loads the driver view lists.
const pastLoads = 10

type driverData struct {
	Linked    bool       // the account is linked to a driver record
	Current   *loadView  // the load on the road (in transit, else dispatched)
	Upcoming  []loadView // further dispatched loads
	Paperwork *loadView  // where the upload goes: the current load, else the last delivered
	Upload    []Control  // nil when documents are not kept
	CheckCall []Control
	Docs      []docSeries
	Problem   *actionProblem
	Past      []loadView
	Live      bool
	// Statements are the driver's approved and paid settlements.
	Statements []tms.Settlement
}

// Next is the current load's next stop.
func (d driverData) Next() *stopView {
	if d.Current == nil {
		return nil
	}
	return d.Current.Next()
}

// driverPage is the driver's phone view: the load on the road, its next stop with the
// appointment and a navigation link, Arrived / Departed, paperwork by camera, check calls
// and past loads.
func (u *UI) driverPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderDriver(w, r, http.StatusOK, nil)
}

func (u *UI) renderDriver(w http.ResponseWriter, r *http.Request, status int, p *actionProblem) error {
	d, err := u.driverData(r, p)
	if err != nil {
		return err
	}
	return u.render(w, r, status, viewDriver, "My loads", d)
}

func (u *UI) driverData(r *http.Request, p *actionProblem) (driverData, error) {
	ctx := r.Context()
	me, _ := web.CurrentUser(ctx)
	d := driverData{Linked: me.DriverID != nil, Problem: p, Live: u.tracking != nil}
	if !d.Linked {
		return d, nil
	}
	lk := newLookup(u.store)
	moving, err := u.loadViews(ctx, lk, tms.LoadFilter{DriverID: *me.DriverID,
		Statuses: []tms.LoadStatus{tms.StatusDispatched, tms.StatusInTransit}})
	if err != nil {
		return d, err
	}
	d.Current, d.Upcoming = currentLoad(moving)
	past, err := u.loadViews(ctx, lk, tms.LoadFilter{DriverID: *me.DriverID,
		Statuses: []tms.LoadStatus{tms.StatusDelivered, tms.StatusInvoiced, tms.StatusPaid},
		Page:     tms.PageRequest{Limit: pastLoads, Sort: "-window_start"}})
	if err != nil {
		return d, err
	}
	d.Past = past
	if d.Statements, err = u.driverStatements(ctx, *me.DriverID); err != nil {
		return d, err
	}
	d.Paperwork = d.Current
	if d.Paperwork == nil && len(past) > 0 && past[0].Status == tms.StatusDelivered {
		d.Paperwork = &past[0]
	}
	return d, u.driverForms(ctx, &d)
}

// currentLoad picks the load in transit, else the earliest dispatched one.
func currentLoad(loads []loadView) (*loadView, []loadView) {
	pick := -1
	for i, v := range loads {
		if v.Status == tms.StatusInTransit {
			pick = i
			break
		}
	}
	if pick < 0 && len(loads) > 0 {
		pick = 0
	}
	if pick < 0 {
		return nil, nil
	}
	rest := append(append([]loadView{}, loads[:pick]...), loads[pick+1:]...)
	return &loads[pick], rest
}

// driverForms prepares the upload and check-call forms, keeping a refused submission.
func (u *UI) driverForms(ctx context.Context, d *driverData) error {
	var prob *actionProblem
	if d.Problem != nil && d.Problem.Action == "upload" {
		prob = d.Problem
	}
	if d.Paperwork != nil && u.documents != nil {
		d.Upload = uploadControls("u-", *d.Paperwork, driverDocTypes, prob, true)
		series, err := u.docSeries(ctx, *d.Paperwork)
		if err != nil {
			return err
		}
		d.Docs = series
	}
	f := newForm(nil)
	if d.Problem != nil && d.Problem.Action == "checkcall" {
		f = d.Problem.Form
	}
	d.CheckCall = []Control{
		control("c-", "location", "Where are you?", "text").required().hint("A town, a highway mile marker or a dock").from(f),
		control("c-", "note", "Note", "textarea").from(f),
	}
	return nil
}

// PaperworkPath is where the driver's upload form posts.
func (d driverData) PaperworkPath() string {
	return "/driver/loads/" + strconv.FormatInt(d.Paperwork.ID, 10) + "/documents"
}
