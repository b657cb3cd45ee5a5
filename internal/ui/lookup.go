package ui

import (
	"context"
	"net/http"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// perms says what the signed-in user may do; templates show write controls by it, and the
// route table enforces the same rules.
type perms struct {
	Dispatch bool // admins and dispatchers: book, edit, assign, change status, master data
	Bill     bool // admins, dispatchers and billing: charges
	Admin    bool
	Upload   bool // documents: office staff except viewers
}

func permsOf(r *http.Request) perms {
	me, _ := web.CurrentUser(r.Context())
	return perms{
		Dispatch: authz.Dispatch.Allows(me.Role),
		Bill:     authz.Rating.Allows(me.Role),
		Admin:    authz.Administer.Allows(me.Role),
		Upload:   authz.DocumentsUpload.Allows(me.Role),
	}
}

// lookup reads the records loads refer to, each once per request.
type lookup struct {
	store      tms.Store
	customers  map[int64]tms.Customer
	facilities map[int64]tms.Facility
	drivers    map[int64]tms.Driver
	trucks     map[int64]tms.Truck
	trailers   map[int64]tms.Trailer
}

func newLookup(s tms.Store) *lookup {
	return &lookup{store: s, customers: map[int64]tms.Customer{}, facilities: map[int64]tms.Facility{},
		drivers: map[int64]tms.Driver{}, trucks: map[int64]tms.Truck{}, trailers: map[int64]tms.Trailer{}}
}

// memo returns seen[id], reading and remembering it on first use.
func memo[T any](ctx context.Context, seen map[int64]T, id int64, get func(context.Context, int64) (T, error)) (T, error) {
	if v, ok := seen[id]; ok {
		return v, nil
	}
	v, err := get(ctx, id)
	if err == nil {
		seen[id] = v
	}
	return v, err
}

func (l *lookup) customer(ctx context.Context, id int64) (tms.Customer, error) {
	return memo(ctx, l.customers, id, l.store.Customer)
}

func (l *lookup) facility(ctx context.Context, id int64) (tms.Facility, error) {
	return memo(ctx, l.facilities, id, l.store.Facility)
}

// optional reads the record a nullable id names; nil when the id is.
func optional[T any](ctx context.Context, seen map[int64]T, id *int64, get func(context.Context, int64) (T, error)) (*T, error) {
	if id == nil {
		return nil, nil
	}
	v, err := memo(ctx, seen, *id, get)
	if err != nil {
		return nil, err
	}
	return &v, nil
}
