package api

import (
	"context"
	"net/http"
	"reflect"
	"slices"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/geocode"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// resource serves list/create/get/replace for one master-data type, written once.
type resource[T any] struct {
	path   string // "/api/v1/customers"
	tag    string
	create func(context.Context, *T) error
	get    func(context.Context, int64) (T, error)
	list   func(context.Context, tms.MasterFilter) (tms.Page[T], error)
	update func(context.Context, int64, func(*T) error) (T, error)
	meta   func(*T) *tms.Meta
	// writers may create and replace; everyone in the office reads.
	writers authz.Action
}

// routes lists the resource's four routes.
func (rs resource[T]) routes() []Route {
	var zero T
	q := append([]string{"q", "status"}, pageParams...)
	return []Route{
		{"GET " + rs.path, authz.OfficeRead, rs.handleList, Doc{Summary: "List " + rs.tag, Tag: rs.tag, Out: tms.Page[T]{}, Query: q}},
		{"POST " + rs.path, rs.writers, rs.handleCreate, Doc{Summary: "Create one of " + rs.tag, Tag: rs.tag, In: zero, Out: zero, Status: 201}},
		{"GET " + rs.path + "/{id}", authz.OfficeRead, rs.handleGet, Doc{Summary: "Get one of " + rs.tag, Tag: rs.tag, Out: zero}},
		{"PUT " + rs.path + "/{id}", rs.writers, rs.handleReplace, Doc{Summary: "Replace one of " + rs.tag + " (send its version or If-Match)", Tag: rs.tag, In: zero, Out: zero}},
	}
}

func (rs resource[T]) handleList(w http.ResponseWriter, r *http.Request) error {
	p, err := pageRequest(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page, err := rs.list(r.Context(), tms.MasterFilter{Text: q.Get("q"), Status: q.Get("status"), Page: p})
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, page)
}

func (rs resource[T]) handleCreate(w http.ResponseWriter, r *http.Request) error {
	var v T
	activeByDefault(&v)
	if err := web.DecodeJSON(r, &v); err != nil {
		return err
	}
	*rs.meta(&v) = tms.Meta{}
	if err := rs.create(r.Context(), &v); err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, v)
}

// activeByDefault sets a record's Active field before its body is decoded: a create that
// leaves `active` out makes an active record; an explicit false still wins.
func activeByDefault(v any) {
	if f := reflect.ValueOf(v).Elem().FieldByName("Active"); f.IsValid() && f.Kind() == reflect.Bool && f.CanSet() {
		f.SetBool(true)
	}
}

func (rs resource[T]) handleGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := rs.get(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, v)
}

func (rs resource[T]) handleReplace(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in T
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	want, err := requireVersion(r, rs.meta(&in).Version)
	if err != nil {
		return err
	}
	v, err := rs.update(r.Context(), id, func(cur *T) error {
		if err := tms.CheckVersion(want, rs.meta(cur).Version); err != nil {
			return err
		}
		keep := *rs.meta(cur)
		*cur = in
		*rs.meta(cur) = keep
		return nil
	})
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, v)
}

// masterRoutes lists the routes of every master-data resource.
func (a *API) masterRoutes() []Route {
	s := a.Store
	facilities := geocode.Facilities{Store: s} // checks the zone against the position
	return slices.Concat(
		resource[tms.Customer]{"/api/v1/customers", "customers", s.CreateCustomer, s.Customer, s.ListCustomers, s.UpdateCustomer,
			func(v *tms.Customer) *tms.Meta { return &v.Meta }, authz.Dispatch}.routes(),
		resource[tms.Facility]{"/api/v1/facilities", "facilities", facilities.Create, s.Facility, s.ListFacilities, facilities.Update,
			func(v *tms.Facility) *tms.Meta { return &v.Meta }, authz.Dispatch}.routes(),
		resource[tms.Driver]{"/api/v1/drivers", "drivers", s.CreateDriver, s.Driver, s.ListDrivers, s.UpdateDriver,
			func(v *tms.Driver) *tms.Meta { return &v.Meta }, authz.Dispatch}.routes(),
		resource[tms.Truck]{"/api/v1/trucks", "trucks", s.CreateTruck, s.Truck, s.ListTrucks, s.UpdateTruck,
			func(v *tms.Truck) *tms.Meta { return &v.Meta }, authz.Dispatch}.routes(),
		resource[tms.Trailer]{"/api/v1/trailers", "trailers", s.CreateTrailer, s.Trailer, s.ListTrailers, s.UpdateTrailer,
			func(v *tms.Trailer) *tms.Meta { return &v.Meta }, authz.Dispatch}.routes(),
	)
}
