package ui

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// stopTimesForm is a small form asking when a truck arrived at or left a stop, in the
// facility's time: "Mark delivered" on the board, Arrived and Departed on the load page.
type stopTimesForm struct {
	Prefix   string    // unique on the page
	Times    []Control // the times still to record
	Arrived  string    // the stop's recorded arrival, when it has one
	Zone     string    // the facility's zone abbreviation now
	Problem  *actionProblem
	Override bool // a refusal may be overridden with a reason
}

// Open reports whether the form starts unfolded: after a refusal.
func (s stopTimesForm) Open() bool { return s.Problem != nil }

// newStopTimesForm prefills the times of stop s still to record: the submitted values after a
// refusal, else the recorded (GPS) arrival and now, in the facility's zone.
func newStopTimesForm(prefix string, s stopView, names []string, p *actionProblem, now time.Time) stopTimesForm {
	loc := zone(s.tz())
	st := stopTimesForm{Prefix: prefix, Arrived: s.Arrived(), Zone: now.In(loc).Format("MST"), Problem: p, Override: p.overridable()}
	f := newForm(nil)
	if p != nil {
		f = p.Form
	}
	for _, name := range names {
		c := Control{ID: prefix + name, Name: name, Label: timeLabels[name] + " (" + st.Zone + ")", Type: "datetime-local", Required: true}.from(f)
		if p == nil {
			c.Value = now.In(loc).Format(localInput)
		}
		st.Times = append(st.Times, c)
	}
	return st
}

var timeLabels = map[string]string{"arrived_at": "Arrived", "departed_at": "Departed", "at": "Time"}

// Deliver is the card's "Mark delivered" form for a load in transit, nil otherwise.
func (c boardCard) Deliver() *stopTimesForm {
	if c.Load.Status != tms.StatusInTransit {
		return nil
	}
	var p *actionProblem
	if c.Problem != nil && c.Problem.Action == "deliver" {
		p = c.Problem
	}
	last := c.Load.Last()
	names := []string{"departed_at"}
	if last.ArrivedAt == nil {
		names = []string{"arrived_at", "departed_at"}
	}
	f := newStopTimesForm("d"+strconv.FormatInt(c.Load.ID, 10)+"-", last, names, p, time.Now())
	return &f
}

// StopTimes is the Arrived or Departed form of stop s on the load page.
func (d loadPageData) StopTimes(s stopView) stopTimesForm {
	var p *actionProblem
	if d.Problem != nil && d.Problem.Action == "stop" && d.Problem.Form.Get("stop") == strconv.FormatInt(s.ID, 10) {
		p = d.Problem
	}
	return newStopTimesForm("s"+strconv.FormatInt(s.ID, 10)+"-", s, []string{"at"}, p, d.Now)
}

// deliverLoad marks a load delivered with its delivery stop's times, entered in the
// facility's time.
func (u *UI) deliverLoad(w http.ResponseWriter, r *http.Request) error {
	return u.loadAction(w, r, "deliver", func(id int64, f Form) (string, error) {
		in, err := u.deliveryInput(r.Context(), id, f)
		if err != nil {
			return "", err
		}
		l, err := u.dispatch.Deliver(r.Context(), id, in)
		return l.Number + " is delivered.", err
	})
}

// deliveryInput reads the delivery form; times are wall-clock at the load's last stop.
func (u *UI) deliveryInput(ctx context.Context, id int64, f Form) (dispatch.Delivery, error) {
	loc, err := u.stopZone(ctx, id, -1)
	if err != nil {
		return dispatch.Delivery{}, err
	}
	v := tms.Validation{}
	in := dispatch.Delivery{Override: f.Checked("override"), Reason: strings.TrimSpace(f.Get("reason")), Version: formInt(f, "version")}
	if f.Get("arrived_at") != "" {
		at := formTime(f, "arrived_at", loc, v)
		in.ArrivedAt = &at
	}
	in.DepartedAt = formTime(f, "departed_at", loc, v)
	return in, v.Err()
}

// stopZone is the time zone of load id's stop (-1: the last), where its times are typed.
func (u *UI) stopZone(ctx context.Context, id, stopID int64) (*time.Location, error) {
	l, err := u.store.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	i := len(l.Stops) - 1
	if stopID >= 0 {
		if i = l.StopIndex(stopID); i < 0 {
			return nil, tms.NotFound("stop", stopID)
		}
	}
	f, err := u.store.Facility(ctx, l.Stops[i].FacilityID)
	return f.Location(), err
}

// formTime reads a required datetime-local field in loc.
func formTime(f Form, name string, loc *time.Location, v tms.Validation) time.Time {
	t, err := dispatch.ParseAppointment(f.Get(name), loc)
	v.Check(err == nil, name, "must be a date and time such as 2026-12-07T08:00")
	return t
}
