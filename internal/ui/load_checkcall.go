package ui

import (
	"context"
	"net/http"
	"strings"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// officeCheckCall records a check call office staff took by phone: where the truck was,
// when (typed in the load's zone; now when left empty) and a note. It is the same capability
// the API's /checkcalls and the driver's phone use.
func (u *UI) officeCheckCall(w http.ResponseWriter, r *http.Request) error {
	return u.loadAction(w, r, "checkcall", func(id int64, f Form) (string, error) {
		ctx := r.Context()
		l, err := u.store.Load(ctx, id)
		if err != nil {
			return "", err
		}
		if !dispatch.VisibleTo(tms.ActorFrom(ctx), l) {
			return "", tms.Errorf(tms.CodeForbidden, "this load is not assigned to you")
		}
		c, err := u.checkCallInput(ctx, l, f)
		if err == nil {
			_, err = u.dispatch.AddCheckCall(ctx, id, c)
		}
		return "Check call recorded on " + l.Number + ".", err
	})
}

// checkCallInput reads the office check-call form; its time is in the load's zone.
func (u *UI) checkCallInput(ctx context.Context, l tms.Load, f Form) (dispatch.CheckCall, error) {
	c := dispatch.CheckCall{Location: strings.TrimSpace(f.Get("location")), Note: strings.TrimSpace(f.Get("note"))}
	s := strings.TrimSpace(f.Get("at"))
	if s == "" {
		return c, nil
	}
	v, err := newLookup(u.store).view(ctx, l)
	if err != nil {
		return c, err
	}
	at, err := dispatch.ParseAppointment(s, zone(v.Zone()))
	if err != nil {
		return c, &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: map[string]string{"at": "must be a date and time"}}
	}
	c.At = &at
	return c, nil
}

// checkCallControls are the load page's check-call inputs, keeping a refused submission.
func checkCallControls(v loadView, p *actionProblem) []Control {
	f := newForm(nil)
	if p != nil && p.Action == "checkcall" {
		f = p.Form
	}
	return []Control{
		control("cc-", "location", "Location", "text").required().hint("A town, a highway mile marker or a dock").from(f),
		control("cc-", "at", "Time", "datetime-local").hint("In " + zoneAbbrev(v.Zone(), v.First().AppointmentStart) + " (" + v.Zone() + "); empty for now").from(f),
		control("cc-", "note", "Note", "textarea").from(f),
	}
}
