package ui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/anditms/tms/internal/edi"
	"github.com/anditms/tms/internal/tms"
)

type tendersData struct {
	Tabs     []navLink
	Rows     []tenderRow
	Pager    Pager
	Filter   Form
	Statuses []option
}

// tenderRow is a tender with its partner's name and what its 204 says at a glance.
type tenderRow struct {
	tms.EDITender
	Partner string
	Tender  edi.Tender
}

var tenderStatuses = []tms.TenderStatus{tms.TenderPending, tms.TenderAccepted, tms.TenderDeclined, tms.TenderCancelled}

// tendersPage lists the tender inbox, newest first, pending ones by default.
func (u *UI) tendersPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	status := q.Get("status")
	if !q.Has("status") {
		status = string(tms.TenderPending)
	}
	list, err := u.store.ListEDITenders(ctx, tms.EDITenderFilter{Status: tms.TenderStatus(status), Page: page})
	if err != nil {
		return err
	}
	names, err := u.partnerNames(r)
	if err != nil {
		return err
	}
	d := tendersData{Tabs: ediTabs("/edi/tenders"), Statuses: stringOptions(tenderStatuses), Filter: newForm(url.Values{"status": {status}}),
		Pager: newPager(&url.URL{Path: "/edi/tenders", RawQuery: r.URL.RawQuery}, list.Total, list.Limit, list.Offset)}
	for _, t := range list.Items {
		row := tenderRow{EDITender: t, Partner: names[t.PartnerID]}
		_ = json.Unmarshal(t.Detail, &row.Tender) // the store keeps what the reader wrote
		d.Rows = append(d.Rows, row)
	}
	return u.render(w, r, http.StatusOK, viewEDITenders, "Tender inbox", d)
}

func (u *UI) partnerNames(r *http.Request) (map[int64]string, error) {
	ps, err := all(r.Context(), u.store.ListTradingPartners, "")
	names := make(map[int64]string, len(ps))
	for _, p := range ps {
		names[p.ID] = p.Name
	}
	return names, err
}

type tenderData struct {
	Tabs       []navLink
	T          tms.EDITender
	Partner    tms.TradingPartner
	Tender     edi.Tender
	Stops      []tenderStopRow
	Pending    bool
	Problem    *actionProblem
	Facilities []option
}

// tenderStopRow is a stop of the 204 with the facility chosen for it in the accept form.
type tenderStopRow struct {
	edi.TenderStop
	Field  string // the form field naming its facility
	Chosen string
}

// tenderPage shows one tender as read from its 204 and, while pending, the forms that
// accept it (choosing facilities the names do not match) or decline it.
func (u *UI) tenderPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.renderTender(w, r, http.StatusOK, id, nil)
}

func (u *UI) renderTender(w http.ResponseWriter, r *http.Request, status int, id int64, p *actionProblem) error {
	ctx := r.Context()
	t, err := u.store.EDITender(ctx, id)
	if err != nil {
		return err
	}
	partner, err := u.store.TradingPartner(ctx, t.PartnerID)
	if err != nil {
		return err
	}
	facilities, err := all(ctx, u.store.ListFacilities, "active")
	if err != nil {
		return err
	}
	d := tenderData{Tabs: ediTabs("/edi/tenders"), T: t, Partner: partner, Pending: t.Status == tms.TenderPending, Problem: p}
	if err := json.Unmarshal(t.Detail, &d.Tender); err != nil {
		return fmt.Errorf("tender %d detail: %w", id, err)
	}
	for _, f := range facilities {
		d.Facilities = append(d.Facilities, idOption(f.ID, f.Name+" ("+f.Address.City+", "+f.Address.State+")"))
	}
	for _, st := range d.Tender.Stops {
		row := tenderStopRow{TenderStop: st, Field: "facility_" + strconv.Itoa(st.Seq)}
		if p != nil {
			row.Chosen = p.Form.Get(row.Field)
		}
		d.Stops = append(d.Stops, row)
	}
	return u.render(w, r, status, viewEDITender, "Tender "+t.ShipmentID, d)
}

// acceptTender creates the load and queues the 990; stops the names do not match need a
// facility chosen.
func (u *UI) acceptTender(w http.ResponseWriter, r *http.Request) error {
	return u.tenderAction(w, r, "accept", func(id int64, f Form) (string, error) {
		chosen := map[int]int64{}
		for key := range f.Values {
			var seq int
			if _, err := fmt.Sscanf(key, "facility_%d", &seq); err == nil && f.Get(key) != "" {
				chosen[seq], _ = strconv.ParseInt(f.Get(key), 10, 64)
			}
		}
		t, err := u.edi.Accept(r.Context(), id, formInt(f, "version"), chosen)
		if err != nil {
			return "", err
		}
		return "Tender " + t.ShipmentID + " accepted; its load is created and the 990 is queued.", nil
	})
}

func (u *UI) declineTender(w http.ResponseWriter, r *http.Request) error {
	return u.tenderAction(w, r, "decline", func(id int64, f Form) (string, error) {
		t, err := u.edi.Decline(r.Context(), id, formInt(f, "version"), f.Get("reason"))
		return "Tender " + t.ShipmentID + " declined; the 990 is queued.", err
	})
}

func (u *UI) tenderAction(w http.ResponseWriter, r *http.Request, action string, do func(int64, Form) (string, error)) error {
	return u.recordAction(w, r, action, func(id int64) string { return fmt.Sprintf("/edi/tenders/%d", id) },
		func(w http.ResponseWriter, r *http.Request, status int, id int64, p *actionProblem) error {
			return u.renderTender(w, r, status, id, p)
		}, do)
}

// Rate is the tender's L3 rate as money.
func (r tenderRow) Rate() tms.Cents { return tms.Cents(r.Tender.RateCents) }

// Lane is the first pickup's and the last stop's city.
func (r tenderRow) Lane() string {
	s := r.Tender.Stops
	if len(s) == 0 {
		return ""
	}
	first, last := s[0].Location, s[len(s)-1].Location
	return first.City + ", " + first.State + " → " + last.City + ", " + last.State
}
