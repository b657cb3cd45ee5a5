package ui

import (
	"net/url"
	"strconv"

	"github.com/anditms/tms/internal/tms"
)

// boardCard is one load on the board with the forms a dispatcher uses on it.
type boardCard struct {
	Load    loadView
	Badge   badge
	Problem *actionProblem
	Assign  []Control // driver, truck, trailer: after a refused assignment (else fetched on open)
	CSRF    string
	Return  string
	Perms   perms
}

// Card builds the card of load v; csrf is the page's token for its forms.
func (d boardData) Card(v loadView, csrf string) boardCard {
	c := boardCard{Load: v, Badge: d.Badges[v.ID], Problem: d.Problems[v.ID], CSRF: csrf, Return: d.Return, Perms: d.Perms}
	if c.OpenAssign() {
		c.Assign = assignControls(assignPrefix(v.ID), v, c.Problem, d.Choices)
	}
	return c
}

// assignPrefix makes the ids of a card's assign controls unique on the board: "a12-driver_id".
func assignPrefix(id int64) string { return "a" + strconv.FormatInt(id, 10) + "-" }

// OpenAssign reports whether the card's assign form starts unfolded: after a refusal.
func (c boardCard) OpenAssign() bool { return c.Problem != nil && c.Problem.Action == "assign" }

// Override reports whether the refused assignment may be forced with a reason.
func (c boardCard) Override() bool { return c.OpenAssign() && c.Problem.overridable() }

// overridable reports whether a refused action may be forced: it had reasons against it,
// or an override was asked for without a reason.
func (p *actionProblem) overridable() bool {
	return p != nil && (len(p.Reasons) > 0 || p.Form.Checked("override"))
}

// assignControls are the driver, truck and trailer selects of load v's assign form, showing
// what a refused submission chose, else the current assignment.
func assignControls(prefix string, v loadView, p *actionProblem, c assignChoices) []Control {
	f := newForm(url.Values{})
	if p != nil && p.Action == "assign" {
		f = p.Form
	} else {
		setID(f.Values, "driver_id", v.DriverID)
		setID(f.Values, "truck_id", v.TruckID)
		setID(f.Values, "trailer_id", v.TrailerID)
	}
	return []Control{
		control(prefix, "driver_id", "Driver", "").choose("Choose a driver", c.Drivers).required().from(f),
		control(prefix, "truck_id", "Truck", "").choose("Choose a truck", c.Trucks).required().from(f),
		control(prefix, "trailer_id", "Trailer", "").choose("No trailer", c.trailersFor(v)).from(f),
	}
}

func setID(q url.Values, name string, id *int64) {
	if id != nil {
		q.Set(name, strconv.FormatInt(*id, 10))
	}
}

// quickStatuses are the moves the board offers as buttons (the rest are on the load page).
var quickStatuses = map[tms.LoadStatus]bool{tms.StatusDispatched: true, tms.StatusInTransit: true, tms.StatusDelivered: true}

// QuickMoves lists the card's status buttons: allowed moves along the board.
func (c boardCard) QuickMoves() []tms.LoadStatus {
	var out []tms.LoadStatus
	for _, s := range c.Load.Allowed() {
		if quickStatuses[s] && (s != tms.StatusDispatched || c.Load.Assigned()) { // dispatching needs a driver: Assign does it
			out = append(out, s)
		}
	}
	return out
}
