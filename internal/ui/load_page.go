package ui

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
)

type loadPageData struct {
	Load     loadView
	Perms    perms
	Problem  *actionProblem
	Assign   []Control
	Call     []Control // the check-call form; nil when the user may not record one
	Override bool
	Return   string
	Events   []eventRow
	Audit    []tms.AuditEntry // admins only
	Docs     *docsSection     // nil when documents are not kept
	Charges  chargesSection
	Billing  *billingPanel // nil without a billing service
	Links    *linksSection // nil for the roles that may not share the load
	Map      loadMap
	ETA      *etaView // nil without tracking or for a load not on the road
	Live     bool
	Now      time.Time
}

// etaView is the estimated arrival at the load's next stop, from the truck's last fix.
type etaView struct {
	Stop    stopView
	When    string  // in the stop's zone; "" when unknown
	Miles   float64 // to go
	Late    bool
	Unknown string // why there is no estimate
}

// eventRow is a timeline entry with its time in the load's zone.
type eventRow struct {
	tms.LoadEvent
	When string
	Stop string // "Stop 2 (delivery)" for stop events
}

// loadPage shows one load: status and moves, stops planned against actual, map, paperwork,
// charges, its history and (admins) its audit trail.
func (u *UI) loadPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.renderLoad(w, r, http.StatusOK, id, nil)
}

// renderLoad shows load id, with a refused action's problem next to its form.
func (u *UI) renderLoad(w http.ResponseWriter, r *http.Request, status int, id int64, p *actionProblem) error {
	d, err := u.loadPageData(r, id, p)
	if err != nil {
		return err
	}
	return u.render(w, r, status, viewLoad, d.Load.Number, d)
}

func (u *UI) loadPageData(r *http.Request, id int64, p *actionProblem) (loadPageData, error) {
	ctx := r.Context()
	l, err := u.store.Load(ctx, id)
	if err != nil {
		return loadPageData{}, err
	}
	lk := newLookup(u.store)
	v, err := lk.view(ctx, l)
	if err != nil {
		return loadPageData{}, err
	}
	d := loadPageData{Load: v, Perms: permsOf(r), Problem: p, Return: "/loads/" + strconv.FormatInt(id, 10),
		Live: u.tracking != nil, Now: time.Now()}
	if d.Perms.Dispatch {
		choices, err := u.assignChoices(ctx, lk)
		if err != nil {
			return d, err
		}
		d.Assign = assignControls("a-", v, p, choices)
		d.Override = p != nil && p.Action == "assign" && p.overridable()
	}
	if d.Perms.Check {
		d.Call = checkCallControls(v, p)
	}
	if d.Events, err = u.eventRows(ctx, v); err != nil {
		return d, err
	}
	if d.Perms.Admin {
		audit, err := u.store.ListAudit(ctx, tms.AuditFilter{Entity: "load", EntityID: strconv.FormatInt(id, 10), Page: tms.PageRequest{Limit: 100}})
		if err != nil {
			return d, err
		}
		d.Audit = audit.Items
	}
	if d.Docs, err = u.docsSection(r, v, p); err != nil {
		return d, err
	}
	d.Charges = chargesOf(v, d.Perms, p)
	if d.Billing, err = u.billingPanel(r, v, p); err != nil {
		return d, err
	}
	if d.ETA, err = u.etaOf(ctx, v); err != nil {
		return d, err
	}
	if d.Links, err = u.linksSectionOf(ctx, id); err != nil {
		return d, err
	}
	d.Map, err = u.loadMap(ctx, v)
	return d, err
}

// etaOf estimates a dispatched or in-transit load's arrival at its next stop.
func (u *UI) etaOf(ctx context.Context, v loadView) (*etaView, error) {
	next := v.Next()
	if u.tracking == nil || next == nil || (v.Status != tms.StatusDispatched && v.Status != tms.StatusInTransit) {
		return nil, nil
	}
	e, err := u.tracking.LoadETA(ctx, v.Load)
	if err != nil {
		return nil, err
	}
	out := &etaView{Stop: *next, Miles: e.RemainingMiles, Late: e.Late}
	switch {
	case e.ETA != nil:
		out.When = localTime(*e.ETA, next.tz())
		if len(e.Stops) > 0 {
			out.Miles = e.Stops[0].Miles
		}
	case e.Unknown == tracking.UnknownNoTruck:
		out.Unknown = "no truck is assigned"
	default:
		out.Unknown = "the truck has not reported a position"
	}
	return out, nil
}

// eventRows is the load's timeline, newest first.
func (u *UI) eventRows(ctx context.Context, v loadView) ([]eventRow, error) {
	events, err := u.store.LoadEvents(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	// Newest first by when it happened (GPS events may arrive after later ones were recorded).
	slices.SortStableFunc(events, func(a, b tms.LoadEvent) int { return b.At.Compare(a.At) })
	out := make([]eventRow, 0, len(events))
	for _, e := range events {
		row := eventRow{LoadEvent: e, When: localTime(e.At, v.Zone())}
		if e.StopID != nil {
			if i := v.StopIndex(*e.StopID); i >= 0 {
				s := v.Stops[i]
				row.When = localTime(e.At, s.tz())
				row.Stop = "Stop " + strconv.Itoa(s.Seq) + " (" + string(s.Kind) + ", " + s.Facility.Name + ")"
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// CanRecord reports whether stop s of the load can be marked arrived or departed now.
func (d loadPageData) CanRecord() bool {
	s := d.Load.Status
	return d.Perms.Dispatch && (s == tms.StatusDispatched || s == tms.StatusInTransit || s == tms.StatusDelivered)
}
