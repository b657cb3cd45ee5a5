package ui

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// actionProblem is why an action on a load was refused, shown on its board card or its page
// next to the form that asked.
type actionProblem struct {
	Action  string   // "assign", "status", ...
	Message string   // about the whole action
	Reasons []string // every reason against an assignment
	Form    Form     // what was submitted, with field errors
}

// assignLoad puts a driver, truck and trailer on a load. A refused assignment lists every
// reason; a dispatcher may then override it with a reason of their own.
func (u *UI) assignLoad(w http.ResponseWriter, r *http.Request) error {
	return u.loadAction(w, r, "assign", func(id int64, f Form) (string, error) {
		in, err := assignInput(f)
		if err == nil {
			_, err = u.dispatch.Assign(r.Context(), id, in)
		}
		return "Assigned.", err
	})
}

func (u *UI) unassignLoad(w http.ResponseWriter, r *http.Request) error {
	return u.loadAction(w, r, "assign", func(id int64, f Form) (string, error) {
		_, err := u.dispatch.Unassign(r.Context(), id, formInt(f, "version"))
		return "Driver and equipment taken off the load.", err
	})
}

// changeStatus moves a load by hand to one of its allowed statuses.
func (u *UI) changeStatus(w http.ResponseWriter, r *http.Request) error {
	return u.loadAction(w, r, "status", func(id int64, f Form) (string, error) {
		to := tms.LoadStatus(f.Get("status"))
		l, err := u.dispatch.SetStatus(r.Context(), id, to, strings.TrimSpace(f.Get("note")), formInt(f, "version"))
		return fmt.Sprintf("%s is now %s.", l.Number, strings.ToLower(label(to))), err
	})
}

// loadAction runs an action on the load of the path. Done, it goes back to the page the
// form came from (the board with its filters, or the load); refused, it shows that page
// again with the problem next to the form. htmx requests pick their region from either.
func (u *UI) loadAction(w http.ResponseWriter, r *http.Request, action string, do func(id int64, f Form) (string, error)) error {
	id, f, err := pathForm(r)
	if err != nil {
		return err
	}
	done, err := do(id, f)
	if err == nil {
		u.flash(r, done)
		http.Redirect(w, r, returnPath(f, id), http.StatusSeeOther)
		return nil
	}
	p, status, ok := problemOf(err, f, action)
	if !ok {
		return err
	}
	return u.renderOrigin(w, r, status, id, returnPath(f, id), p)
}

// problemOf turns a refusal (bad input, a conflict) into what the page shows; ok is false
// for any other error, which goes to the error boundary.
func problemOf(err error, f Form, action string) (*actionProblem, int, bool) {
	status, ok := f.Fail(err)
	if !ok {
		return nil, 0, false
	}
	p := &actionProblem{Action: action, Message: f.Message, Form: f}
	var e *tms.Error
	if errors.As(err, &e) {
		if reasons, ok := e.Detail["reasons"].([]string); ok {
			p.Reasons = reasons
		}
		if action == "assign" && len(p.Reasons) > 0 {
			p.Message = "" // the card lists the reasons
		}
	}
	return p, status, true
}

// renderOrigin shows the board or the load page with a problem on load id.
func (u *UI) renderOrigin(w http.ResponseWriter, r *http.Request, status int, id int64, ret string, p *actionProblem) error {
	if path, query, _ := strings.Cut(ret, "?"); path == "/dispatch" {
		q, _ := url.ParseQuery(query)
		d, err := u.boardData(r.Context(), r, q)
		if err != nil {
			return err
		}
		d.Problems[id] = p
		if p.Action == "assign" { // the card shows its form open with the refused choices
			if d.Choices, err = u.assignChoices(r.Context(), newLookup(u.store)); err != nil {
				return err
			}
		}
		return u.render(w, r, status, viewBoard, "Dispatch board", d)
	}
	return u.renderLoad(w, r, status, id, p)
}

// returnPath is where a load form goes back to: the local path it names, else the load.
func returnPath(f Form, id int64) string {
	if p := localPath(f.Get("return")); p != "" {
		return p
	}
	return "/loads/" + strconv.FormatInt(id, 10)
}

// assignInput reads the assign form: driver and truck required, trailer optional, and an
// override with its reason.
func assignInput(f Form) (dispatch.AssignInput, error) {
	v := tms.Validation{}
	in := dispatch.AssignInput{Override: f.Checked("override"), Reason: strings.TrimSpace(f.Get("reason")), Version: formInt(f, "version")}
	in.DriverID = formID(f, "driver_id", true, v)
	in.TruckID = formID(f, "truck_id", true, v)
	in.TrailerID = formID(f, "trailer_id", false, v)
	return in, v.Err()
}

// formID reads an id field: nil when empty (and not required), a field error when not an id.
func formID(f Form, name string, required bool, v tms.Validation) *int64 {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		v.Check(!required, name, "is required")
		return nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	v.Check(err == nil && id > 0, name, "is not a valid choice")
	return &id
}

// formInt reads a whole number field, 0 when missing or not a number (a version, say).
func formInt(f Form, name string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(f.Get(name)))
	return n
}
