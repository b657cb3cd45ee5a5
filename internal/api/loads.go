package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// loadListSummary documents the load list's filters and sorts.
var loadListSummary = "List loads (drivers: their own). q matches the load number or any reference (BOL, PO, pickup, customer load) " +
	"in any case; status repeats or is comma-separated; pickup_* bound the first pickup, delivery_* the last delivery " +
	"(a date-only *_to includes that day); sort by " + strings.Join(tms.LoadSorts, ", ") + " (\"-\" for descending)"

// loadRoutes lists the load routes: office staff read, drivers read their own loads and
// report stops and check calls on them, dispatchers manage, billing edits charges.
func (a *API) loadRoutes() []Route {
	loadQuery := append(slices.Clone(web.LoadFilterParams), pageParams...)
	return []Route{
		{"GET /api/v1/loads", authz.LoadsRead, a.listLoads, Doc{Summary: loadListSummary, Tag: "loads", Out: tms.Page[loadView]{}, Query: loadQuery}},
		{"POST /api/v1/loads", authz.Dispatch, a.createLoad, Doc{Summary: "Book a load with its stops; warnings (such as a credit limit exceeded) do not refuse it", Tag: "loads", In: dispatch.LoadInput{}, Out: bookedView{}, Status: 201}},
		{"GET /api/v1/loads/{id}", authz.LoadsRead, a.getLoad, Doc{Summary: "Get a load", Tag: "loads", Out: loadView{}}},
		{"PUT /api/v1/loads/{id}", authz.Dispatch, a.updateLoad, Doc{Summary: "Replace a load's details and stops", Tag: "loads", In: dispatch.LoadInput{}, Out: loadView{}}},
		{"PUT /api/v1/loads/{id}/charges", authz.Rating, a.setCharges, Doc{Summary: "Replace a load's charge lines", Tag: "loads", In: chargesInput{}, Out: loadView{}}},
		{"POST /api/v1/loads/{id}/status", authz.Dispatch, a.setStatus, Doc{Summary: "Move a load to another status (dispatched needs a driver, a truck and the assignment rules; delivered goes through deliver)", Tag: "loads", In: statusInput{}, Out: loadView{}}},
		{"POST /api/v1/loads/{id}/assign", authz.Dispatch, a.assign, Doc{Summary: "Assign driver, truck and trailer; 409 lists every reason against it", Tag: "dispatch", In: dispatch.AssignInput{}, Out: loadView{}}},
		{"POST /api/v1/loads/{id}/unassign", authz.Dispatch, a.unassign, Doc{Summary: "Take driver and equipment off a load", Tag: "dispatch", In: versionInput{}, Out: loadView{}}},
		{"POST /api/v1/loads/{id}/stops/{stop}/arrive", authz.StopEvents, a.arrive, Doc{Summary: "Record arrival at a stop; 409 when the time leaves too little time to drive from the stop before (override with a reason)", Tag: "dispatch", In: dispatch.StopEvent{}, Out: loadView{}}},
		{"POST /api/v1/loads/{id}/stops/{stop}/depart", authz.StopEvents, a.depart, Doc{Summary: "Record departure from a stop; 409 when the time leaves too little time to drive to the next recorded arrival (override with a reason)", Tag: "dispatch", In: dispatch.StopEvent{}, Out: loadView{}}},
		{"POST /api/v1/loads/{id}/deliver", authz.Dispatch, a.deliver, Doc{Summary: "Mark a load delivered with its delivery stop's arrival and departure times; 409 when they leave too little time to drive from the stop before (override with a reason)", Tag: "dispatch", In: dispatch.Delivery{}, Out: loadView{}}},
		{"POST /api/v1/loads/{id}/stops/{stop}/correct", authz.Dispatch, a.correctStop, Doc{Summary: "Correct a stop's recorded arrival or departure time, with a reason (audited; send the load's version or If-Match)", Tag: "dispatch", In: dispatch.StopCorrection{}, Out: loadView{}}},
		{"GET /api/v1/loads/{id}/events", authz.LoadsRead, a.loadEvents, Doc{Summary: "The load's timeline", Tag: "loads", Out: []tms.LoadEvent{}}},
		{"POST /api/v1/loads/{id}/checkcalls", authz.StopEvents, a.checkCall, Doc{Summary: "Record a check call", Tag: "dispatch", In: dispatch.CheckCall{}, Out: tms.LoadEvent{}, Status: 201}},
	}
}

type chargesInput struct {
	Charges []tms.Charge `json:"charges"`
	Version int          `json:"version,omitempty"`
}

type statusInput struct {
	Status  tms.LoadStatus `json:"status"`
	Note    string         `json:"note,omitempty"`
	Version int            `json:"version,omitempty"`
}

type versionInput struct {
	Version int `json:"version,omitempty"`
}

func (a *API) writeLoad(w http.ResponseWriter, r *http.Request, status int, l tms.Load) error {
	cache := newFacilityCache(a.Store)
	if err := cache.PrefetchFacilities(r.Context(), []tms.Load{l}); err != nil { // one query for all its stops
		return err
	}
	v, err := cache.view(r.Context(), l)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", strconv.Quote(strconv.Itoa(l.Version)))
	return writeLoadJSON(w, status, v)
}

// visibleLoad loads id and refuses drivers who are not on it.
func (a *API) visibleLoad(r *http.Request) (tms.Load, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return tms.Load{}, err
	}
	l, err := a.Store.Load(r.Context(), id)
	if err != nil {
		return l, err
	}
	if !dispatch.VisibleTo(tms.ActorFrom(r.Context()), l) {
		return l, tms.Errorf(tms.CodeForbidden, "this load is not assigned to you")
	}
	return l, nil
}

func (a *API) listLoads(w http.ResponseWriter, r *http.Request) error {
	f, err := loadFilter(r)
	if err != nil {
		return err
	}
	if actor := tms.ActorFrom(r.Context()); actor.Role == tms.RoleDriver {
		f.DriverID = actor.DriverID
		if f.DriverID == 0 {
			f.DriverID = -1 // a driver account not linked to a driver sees nothing
		}
	}
	page, err := a.Store.ListLoads(r.Context(), f)
	if err != nil {
		return err
	}
	cache := newFacilityCache(a.Store)
	if err := cache.PrefetchFacilities(r.Context(), page.Items); err != nil {
		return err
	}
	out := tms.Page[loadView]{Total: page.Total, Limit: page.Limit, Offset: page.Offset, Items: make([]loadView, len(page.Items))}
	for i, l := range page.Items {
		if out.Items[i], err = cache.view(r.Context(), l); err != nil {
			return err
		}
	}
	return writeLoadsJSON(w, http.StatusOK, out)
}

// loadFilter reads the load list's filters and page (the UI's Loads page reads the same filters).
func loadFilter(r *http.Request) (tms.LoadFilter, error) {
	p, err := pageRequest(r)
	if err != nil {
		return tms.LoadFilter{}, err
	}
	f, err := web.LoadFilter(r.URL.Query())
	f.Page = p
	return f, err
}

func (a *API) createLoad(w http.ResponseWriter, r *http.Request) error {
	var in dispatch.LoadInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	b, err := a.Dispatch.Book(r.Context(), in)
	if err != nil {
		return err
	}
	v, err := newFacilityCache(a.Store).view(r.Context(), b.Load)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, bookedView{loadView: v, Warnings: b.Warnings})
}

func (a *API) getLoad(w http.ResponseWriter, r *http.Request) error {
	l, err := a.visibleLoad(r)
	if err != nil {
		return err
	}
	return a.writeLoad(w, r, http.StatusOK, l)
}

func (a *API) updateLoad(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in dispatch.LoadInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	want, err := requireVersion(r, in.Version)
	if err != nil {
		return err
	}
	l, err := a.Dispatch.UpdateLoad(r.Context(), id, in, want)
	if err != nil {
		return err
	}
	return a.writeLoad(w, r, http.StatusOK, l)
}

func (a *API) setCharges(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chargesInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	want, err := requireVersion(r, in.Version)
	if err != nil {
		return err
	}
	l, err := a.Dispatch.SetCharges(r.Context(), id, in.Charges, want)
	if err != nil {
		return err
	}
	return a.writeLoad(w, r, http.StatusOK, l)
}

func (a *API) setStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in statusInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	want, err := expectedVersion(r, in.Version)
	if err != nil {
		return err
	}
	if !in.Status.Valid() {
		return &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: map[string]string{"status": "is not a load status"}}
	}
	l, err := a.Dispatch.SetStatus(r.Context(), id, in.Status, in.Note, want)
	if err != nil {
		return err
	}
	return a.writeLoad(w, r, http.StatusOK, l)
}

func (a *API) assign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in dispatch.AssignInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version, err = expectedVersion(r, in.Version); err != nil {
		return err
	}
	l, err := a.Dispatch.Assign(r.Context(), id, in)
	if err != nil {
		return err
	}
	return a.writeLoad(w, r, http.StatusOK, l)
}

func (a *API) unassign(w http.ResponseWriter, r *http.Request) error {
	id, want, err := pathAndVersion(r)
	if err != nil {
		return err
	}
	l, err := a.Dispatch.Unassign(r.Context(), id, want)
	if err != nil {
		return err
	}
	return a.writeLoad(w, r, http.StatusOK, l)
}

func (a *API) arrive(w http.ResponseWriter, r *http.Request) error { return a.stopEvent(w, r, true) }

func (a *API) depart(w http.ResponseWriter, r *http.Request) error { return a.stopEvent(w, r, false) }

func (a *API) stopEvent(w http.ResponseWriter, r *http.Request, arriving bool) error {
	l, err := a.visibleLoad(r)
	if err != nil {
		return err
	}
	stopID, err := pathID(r, "stop")
	if err != nil {
		return err
	}
	var ev dispatch.StopEvent
	if err := decodeOptionalJSON(r, &ev); err != nil {
		return err
	}
	ev.Arriving, ev.Source = arriving, tms.ActorFrom(r.Context()).Source
	l, _, err = a.Dispatch.RecordStop(r.Context(), l.ID, stopID, ev)
	if err != nil {
		return err
	}
	return a.writeLoad(w, r, http.StatusOK, l)
}

func (a *API) deliver(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in dispatch.Delivery
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version, err = expectedVersion(r, in.Version); err != nil {
		return err
	}
	l, err := a.Dispatch.Deliver(r.Context(), id, in)
	if err != nil {
		return err
	}
	return a.writeLoad(w, r, http.StatusOK, l)
}

func (a *API) correctStop(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	stopID, err := pathID(r, "stop")
	if err != nil {
		return err
	}
	var in dispatch.StopCorrection
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version, err = expectedVersion(r, in.Version); err != nil {
		return err
	}
	l, err := a.Dispatch.CorrectStop(r.Context(), id, stopID, in)
	if err != nil {
		return err
	}
	return a.writeLoad(w, r, http.StatusOK, l)
}

func (a *API) loadEvents(w http.ResponseWriter, r *http.Request) error {
	l, err := a.visibleLoad(r)
	if err != nil {
		return err
	}
	events, err := a.Store.LoadEvents(r.Context(), l.ID)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, events)
}

func (a *API) checkCall(w http.ResponseWriter, r *http.Request) error {
	l, err := a.visibleLoad(r)
	if err != nil {
		return err
	}
	var in dispatch.CheckCall
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	e, err := a.Dispatch.AddCheckCall(r.Context(), l.ID, in)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, e)
}

// decodeOptionalJSON decodes a body when one was sent.
func decodeOptionalJSON(r *http.Request, v any) error { return web.DecodeOptionalJSON(r, v) }
