package ui

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/tms"
)

type settlementsData struct {
	Rows     []settlementRow
	Pager    Pager
	Filter   Form // driver_id, status
	Drivers  []option
	Statuses []option
	New      []Control
	NewForm  Form
}

// settlementRow is a settlement with its driver's name.
type settlementRow struct {
	tms.Settlement
	Driver string
}

var settlementStatuses = []tms.SettlementStatus{tms.SettlementDraft, tms.SettlementApproved, tms.SettlementPaid, tms.SettlementVoid}

// settlementsPage lists driver settlements, newest period first, filtered by driver and
// status, with the form that drafts a new one.
func (u *UI) settlementsPage(w http.ResponseWriter, r *http.Request) error {
	start, end := lastFullWeek(time.Now())
	f := newForm(url.Values{"period_start": {start.String()}, "period_end": {end.String()}})
	return u.renderSettlements(w, r, http.StatusOK, f)
}

func (u *UI) renderSettlements(w http.ResponseWriter, r *http.Request, status int, nf Form) error {
	ctx := r.Context()
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	filter := tms.SettlementFilter{Status: tms.SettlementStatus(q.Get("status")), Page: page}
	filter.DriverID, _ = strconv.ParseInt(q.Get("driver_id"), 10, 64)
	list, err := u.store.ListSettlements(ctx, filter)
	if err != nil {
		return err
	}
	names, drivers, err := u.driverNames(ctx)
	if err != nil {
		return err
	}
	d := settlementsData{Drivers: drivers, Statuses: stringOptions(settlementStatuses),
		Filter:  newForm(url.Values{"driver_id": {q.Get("driver_id")}, "status": {q.Get("status")}}),
		Pager:   newPager(&url.URL{Path: "/settlements", RawQuery: r.URL.RawQuery}, list.Total, list.Limit, list.Offset),
		NewForm: nf}
	for _, st := range list.Items {
		d.Rows = append(d.Rows, settlementRow{Settlement: st, Driver: names[st.DriverID]})
	}
	d.New = []Control{
		control("n-", "driver_id", "Driver", "").choose("Choose a driver", drivers).required().from(nf),
		control("n-", "period_start", "Period start", "date").required().from(nf),
		control("n-", "period_end", "Period end", "date").required().hint("Inclusive: a Monday to Sunday week by default.").from(nf),
	}
	return u.render(w, r, status, viewSettlements, "Settlements", d)
}

// driverNames maps every driver to its name, and lists the active ones as choices.
func (u *UI) driverNames(ctx context.Context) (map[int64]string, []option, error) {
	ds, err := all(ctx, u.store.ListDrivers, "")
	names := make(map[int64]string, len(ds))
	var active []option
	for _, d := range ds {
		names[d.ID] = d.Name
		if d.Status == tms.DriverActive {
			active = append(active, idOption(d.ID, d.Name))
		}
	}
	return names, active, err
}

// createSettlement drafts a driver's settlement for the period and opens it.
func (u *UI) createSettlement(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(r)
	if err != nil {
		return err
	}
	v := tms.Validation{}
	in := billing.SettlementInput{DriverID: formInt64(f, "driver_id", v),
		PeriodStart: formDate(f, "period_start", v), PeriodEnd: formDate(f, "period_end", v)}
	var st tms.Settlement
	if err = v.Err(); err == nil {
		st, err = u.billing.CreateSettlement(r.Context(), in)
	}
	if err == nil {
		u.flash(r, "Drafted settlement "+st.Number+".")
		http.Redirect(w, r, settlementPath(st.ID), http.StatusSeeOther)
		return nil
	}
	status, ok := f.Fail(err)
	if !ok {
		return err
	}
	return u.renderSettlements(w, r, status, f)
}

// lastFullWeek is the Monday and Sunday of the last week that has ended before now.
func lastFullWeek(now time.Time) (tms.Date, tms.Date) {
	monday := now.AddDate(0, 0, -((int(now.Weekday())+6)%7)-7)
	return tms.DateOf(monday), tms.DateOf(monday.AddDate(0, 0, 6))
}

func settlementPath(id int64) string { return "/settlements/" + strconv.FormatInt(id, 10) }
