package tms

import (
	"context"
	"slices"
)

// MasterReader is what a Lookup reads: the master-data records loads refer to.
type MasterReader interface {
	Customer(ctx context.Context, id int64) (Customer, error)
	ListCustomers(ctx context.Context, f MasterFilter) (Page[Customer], error)
	Facility(ctx context.Context, id int64) (Facility, error)
	ListFacilities(ctx context.Context, f MasterFilter) (Page[Facility], error)
	Driver(ctx context.Context, id int64) (Driver, error)
	ListDrivers(ctx context.Context, f MasterFilter) (Page[Driver], error)
	Truck(ctx context.Context, id int64) (Truck, error)
	ListTrucks(ctx context.Context, f MasterFilter) (Page[Truck], error)
	Trailer(ctx context.Context, id int64) (Trailer, error)
	ListTrailers(ctx context.Context, f MasterFilter) (Page[Trailer], error)
}

// Lookup reads the records loads refer to, each once per request. Prefetch reads those of
// many loads with one query per kind of record, instead of one query per load and stop.
// It is not safe for concurrent use: make one per request.
type Lookup struct {
	customers  memo[Customer]
	facilities memo[Facility]
	drivers    memo[Driver]
	trucks     memo[Truck]
	trailers   memo[Trailer]
}

// NewLookup returns an empty lookup over s.
func NewLookup(s MasterReader) *Lookup {
	return &Lookup{
		customers:  newMemo(s.Customer, s.ListCustomers, func(c Customer) int64 { return c.ID }),
		facilities: newMemo(s.Facility, s.ListFacilities, func(f Facility) int64 { return f.ID }),
		drivers:    newMemo(s.Driver, s.ListDrivers, func(d Driver) int64 { return d.ID }),
		trucks:     newMemo(s.Truck, s.ListTrucks, func(t Truck) int64 { return t.ID }),
		trailers:   newMemo(s.Trailer, s.ListTrailers, func(t Trailer) int64 { return t.ID }),
	}
}

// Prefetch reads the customers, facilities and equipment of loads that are not read yet.
func (lk *Lookup) Prefetch(ctx context.Context, loads []Load) error {
	var customers, facilities, drivers, trucks, trailers []int64
	for _, l := range loads {
		customers = append(customers, l.CustomerID)
		for _, s := range l.Stops {
			facilities = append(facilities, s.FacilityID)
		}
		drivers, trucks, trailers = appendID(drivers, l.DriverID), appendID(trucks, l.TruckID), appendID(trailers, l.TrailerID)
	}
	for _, err := range []error{lk.customers.prefetch(ctx, customers), lk.facilities.prefetch(ctx, facilities),
		lk.drivers.prefetch(ctx, drivers), lk.trucks.prefetch(ctx, trucks), lk.trailers.prefetch(ctx, trailers)} {
		if err != nil {
			return err
		}
	}
	return nil
}

// PrefetchCustomers reads the customers of loads that are not read yet.
func (lk *Lookup) PrefetchCustomers(ctx context.Context, loads []Load) error {
	ids := make([]int64, len(loads))
	for i, l := range loads {
		ids[i] = l.CustomerID
	}
	return lk.customers.prefetch(ctx, ids)
}

// PrefetchFacilities reads the stops' facilities of loads that are not read yet.
func (lk *Lookup) PrefetchFacilities(ctx context.Context, loads []Load) error {
	var ids []int64
	for _, l := range loads {
		for _, s := range l.Stops {
			ids = append(ids, s.FacilityID)
		}
	}
	return lk.facilities.prefetch(ctx, ids)
}

func appendID(ids []int64, id *int64) []int64 {
	if id == nil {
		return ids
	}
	return append(ids, *id)
}

// Remember adds records a page read anyway (its lists of choices), so Prefetch and the
// getters do not read them again.
func (lk *Lookup) RememberCustomers(cs []Customer) { lk.customers.remember(cs) }
func (lk *Lookup) RememberDrivers(ds []Driver)     { lk.drivers.remember(ds) }
func (lk *Lookup) RememberTrucks(ts []Truck)       { lk.trucks.remember(ts) }
func (lk *Lookup) RememberTrailers(ts []Trailer)   { lk.trailers.remember(ts) }

// Customer returns customer id.
func (lk *Lookup) Customer(ctx context.Context, id int64) (Customer, error) {
	return lk.customers.get(ctx, id)
}

// Facility returns facility id.
func (lk *Lookup) Facility(ctx context.Context, id int64) (Facility, error) {
	return lk.facilities.get(ctx, id)
}

// Driver returns the driver a nullable id names; nil when the id is.
func (lk *Lookup) Driver(ctx context.Context, id *int64) (*Driver, error) {
	return lk.drivers.optional(ctx, id)
}

// Truck returns the truck a nullable id names; nil when the id is.
func (lk *Lookup) Truck(ctx context.Context, id *int64) (*Truck, error) {
	return lk.trucks.optional(ctx, id)
}

// Trailer returns the trailer a nullable id names; nil when the id is.
func (lk *Lookup) Trailer(ctx context.Context, id *int64) (*Trailer, error) {
	return lk.trailers.optional(ctx, id)
}

// memo remembers the records of one kind read so far.
type memo[T any] struct {
	seen map[int64]T
	one  func(context.Context, int64) (T, error)
	list func(context.Context, MasterFilter) (Page[T], error)
	id   func(T) int64
}

func newMemo[T any](one func(context.Context, int64) (T, error), list func(context.Context, MasterFilter) (Page[T], error), id func(T) int64) memo[T] {
	return memo[T]{seen: map[int64]T{}, one: one, list: list, id: id}
}

func (m memo[T]) get(ctx context.Context, id int64) (T, error) {
	if v, ok := m.seen[id]; ok {
		return v, nil
	}
	v, err := m.one(ctx, id)
	if err == nil {
		m.seen[id] = v
	}
	return v, err
}

func (m memo[T]) optional(ctx context.Context, id *int64) (*T, error) {
	if id == nil {
		return nil, nil
	}
	v, err := m.get(ctx, *id)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// prefetch reads the records of ids not seen yet, a page of MaxPageSize at a time. An id
// that does not exist is left for get to report.
func (m memo[T]) prefetch(ctx context.Context, ids []int64) error {
	ids = slices.DeleteFunc(ids, func(id int64) bool { _, ok := m.seen[id]; return ok })
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for chunk := range slices.Chunk(ids, MaxPageSize) {
		page, err := m.list(ctx, MasterFilter{IDs: chunk, Page: PageRequest{Limit: len(chunk)}})
		if err != nil {
			return err
		}
		m.remember(page.Items)
	}
	return nil
}

func (m memo[T]) remember(items []T) {
	for _, v := range items {
		m.seen[m.id(v)] = v
	}
}
