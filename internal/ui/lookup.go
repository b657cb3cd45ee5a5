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
	Check    bool // check calls taken by phone: admins and dispatchers
}

func permsOf(r *http.Request) perms {
	me, _ := web.CurrentUser(r.Context())
	return perms{
		Dispatch: authz.Dispatch.Allows(me.Role),
		Bill:     authz.Rating.Allows(me.Role),
		Admin:    authz.Administer.Allows(me.Role),
		Upload:   authz.DocumentsUpload.Allows(me.Role),
		Check:    authz.StopEvents.Allows(me.Role),
	}
}

// lookup reads the records loads refer to, each once per request, and resolves load views;
// the lists of choices a page reads through it are remembered for its load views.
type lookup struct {
	*tms.Lookup
	store tms.Store
}

func newLookup(s tms.Store) *lookup { return &lookup{Lookup: tms.NewLookup(s), store: s} }

// activeDrivers lists the active drivers and remembers them for the page's load views.
func (lk *lookup) activeDrivers(ctx context.Context) ([]tms.Driver, error) {
	ds, err := all(ctx, lk.store.ListDrivers, string(tms.DriverActive))
	lk.RememberDrivers(ds)
	return ds, err
}

// activeTrucks lists the active trucks and remembers them for the page's load views.
func (lk *lookup) activeTrucks(ctx context.Context) ([]tms.Truck, error) {
	ts, err := all(ctx, lk.store.ListTrucks, string(tms.EquipmentActive))
	lk.RememberTrucks(ts)
	return ts, err
}
