package ui

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// expiryWarning is how far ahead a CDL or medical card expiry is flagged.
const expiryWarning = 30 * 24 * time.Hour

type dashboardData struct {
	IsAdmin   bool
	UserCount int // admins only

	Today        []stopRow // pickups and deliveries whose appointment is today at the facility
	InTransit    []loadView
	LateRisk     []lateLoad
	IdleTrucks   []idleTruck
	MissingPaper []missingPaper // nil when documents are not kept
	Paperwork    bool           // documents are kept, so missing paperwork is known
	Expiring     []expiringDriver
}

// stopRow is one stop of a load, for lists of stops across loads.
type stopRow struct {
	Load loadView
	Stop stopView
}

// dashboard is the office landing page; drivers and billing have their own and are sent there.
func (u *UI) dashboard(w http.ResponseWriter, r *http.Request) error {
	me, _ := web.CurrentUser(r.Context())
	if homeFor(me.Role) != "/" {
		http.Redirect(w, r, homeFor(me.Role), http.StatusSeeOther)
		return nil
	}
	d, err := u.dashboardData(r.Context(), time.Now())
	if err != nil {
		return err
	}
	if d.IsAdmin = me.Role == tms.RoleAdmin; d.IsAdmin {
		if d.UserCount, err = u.store.CountUsers(r.Context()); err != nil {
			return err
		}
	}
	return u.render(w, r, http.StatusOK, viewDashboard, "Dashboard", d)
}

func (u *UI) dashboardData(ctx context.Context, now time.Time) (dashboardData, error) {
	d := dashboardData{Paperwork: u.documents != nil}
	lk := newLookup(u.store) // the drivers and trucks first: the loads' are among them
	drivers, err := lk.activeDrivers(ctx)
	if err != nil {
		return d, err
	}
	trucks, err := lk.activeTrucks(ctx)
	if err != nil {
		return d, err
	}
	active, delivered, err := u.dashboardLoads(ctx, lk, d.Paperwork)
	if err != nil {
		return d, err
	}
	d.Today = todaysStops(active, now)
	for _, v := range active {
		if v.Status == tms.StatusInTransit {
			d.InTransit = append(d.InTransit, v)
		}
	}
	if d.LateRisk, err = u.lateRisk(ctx, active, now); err != nil {
		return d, err
	}
	if d.IdleTrucks, err = u.idleTrucks(ctx, trucks, active); err != nil {
		return d, err
	}
	if d.Paperwork {
		if d.MissingPaper, err = u.missingPaperwork(ctx, lk, delivered); err != nil {
			return d, err
		}
	}
	d.Expiring = expiringDrivers(drivers, now)
	return d, nil
}

// dashboardLoads are the active loads, resolved, and, when paperwork is kept, the delivered
// ones (newest first) without their stops: only their paperwork is checked.
func (u *UI) dashboardLoads(ctx context.Context, lk *lookup, paperwork bool) (active []loadView, delivered []tms.Load, err error) {
	loads, err := u.loadSummaries(ctx, true, tms.LoadFilter{Statuses: activeStatuses})
	if err != nil {
		return nil, nil, err
	}
	if paperwork {
		if delivered, err = u.loadSummaries(ctx, false, tms.LoadFilter{Statuses: []tms.LoadStatus{tms.StatusDelivered},
			Page: tms.PageRequest{Limit: tms.MaxPageSize, Sort: "-window_start"}}); err != nil {
			return nil, nil, err
		}
	}
	if err := lk.PrefetchCustomers(ctx, append(slices.Clip(loads), delivered...)); err != nil { // one read for both
		return nil, nil, err
	}
	active, err = lk.views(ctx, loads)
	return active, delivered, err
}

// activeStatuses are the loads a dispatcher is still working on.
var activeStatuses = []tms.LoadStatus{tms.StatusBooked, tms.StatusDispatched, tms.StatusInTransit, tms.StatusOnHold}

// loadViews lists up to tms.MaxPageSize loads of f, earliest first, with their records.
func (u *UI) loadViews(ctx context.Context, lk *lookup, f tms.LoadFilter) ([]loadView, error) {
	page, err := u.store.ListLoads(ctx, wholePage(f))
	if err != nil {
		return nil, err
	}
	return lk.views(ctx, page.Items)
}

// loadSummaries lists up to tms.MaxPageSize loads of each filter, earliest first unless the
// filter sorts, one list after the other, with only the columns the pages of many loads
// show (tms.PageReadStore): a page resolves them together (lookup.views).
func (u *UI) loadSummaries(ctx context.Context, withStops bool, filters ...tms.LoadFilter) ([]tms.Load, error) {
	var out []tms.Load
	for _, f := range filters {
		loads, err := u.store.LoadSummaries(ctx, wholePage(f), withStops)
		if err != nil {
			return nil, err
		}
		out = append(out, loads...)
	}
	return out, nil
}

// wholePage gives a filter without a page the largest one, earliest first.
func wholePage(f tms.LoadFilter) tms.LoadFilter {
	if f.Page.Limit == 0 {
		f.Page = tms.PageRequest{Limit: tms.MaxPageSize, Sort: "window_start"}
	}
	return f
}

// todaysStops are the stops whose appointment starts today in their facility's zone.
func todaysStops(loads []loadView, now time.Time) []stopRow {
	var rows []stopRow
	for _, v := range loads {
		for _, s := range v.Stops {
			loc := zone(s.tz())
			if sameDay(s.AppointmentStart.In(loc), now.In(loc)) {
				rows = append(rows, stopRow{Load: v, Stop: s})
			}
		}
	}
	slices.SortFunc(rows, func(a, b stopRow) int { return a.Stop.AppointmentStart.Compare(b.Stop.AppointmentStart) })
	return rows
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// expiringDriver is an active driver whose CDL or medical card expires within expiryWarning.
type expiringDriver struct {
	Driver   tms.Driver
	Problems []string
}

// expiringDrivers are the drivers (the active ones) with a document expiring soon.
func expiringDrivers(drivers []tms.Driver, now time.Time) []expiringDriver {
	var out []expiringDriver
	for _, d := range drivers {
		if p := expiryProblems(d, now); len(p) > 0 {
			out = append(out, expiringDriver{Driver: d, Problems: p})
		}
	}
	return out
}

// expiryProblems says which of a driver's documents expire soon or have expired.
func expiryProblems(d tms.Driver, now time.Time) []string {
	var p []string
	for _, doc := range []struct {
		name string
		at   tms.Date
	}{{"CDL", d.CDLExpiry}, {"Medical card", d.MedicalCardExpiry}} {
		switch {
		case doc.at.IsZero():
		case doc.at.Before(now):
			p = append(p, doc.name+" expired "+doc.at.String())
		case doc.at.Before(now.Add(expiryWarning)):
			p = append(p, doc.name+" expires "+doc.at.String())
		}
	}
	return p
}
