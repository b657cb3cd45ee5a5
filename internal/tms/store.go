package tms

import (
	"context"
	"time"
)

// Store is everything the application keeps. Both internal/sqlite and internal/postgres
// implement it and pass internal/storetest. Every exported method is one transaction; a
// change and its audit row commit together. Errors are *Error with CodeNotFound for a missing
// record, CodeConflict for a duplicate or a stale version and CodeInvalid for bad input;
// anything else is an internal error wrapping the driver's.
type Store interface {
	UserStore
	TokenStore
	AuditStore
	IdempotencyStore
	CustomerStore
	FacilityStore
	DriverStore
	TruckStore
	TrailerStore
	LoadStore
	PageReadStore
	TrackingStore
	DocumentStore
	BillingStore
	ResetStore
	EDIStore
	MailStore
	TrackingLinkStore
	WebhookStore
	// Sessions is the web-session store used when Redis is not configured.
	Sessions() SessionStore
	Ping(ctx context.Context) error
	Close() error
}

// ResetStore empties an installation. Caller: removing the demo data (internal/seed).
type ResetStore interface {
	// RemoveBusinessData deletes every business record (loads and everything on them, billing,
	// devices and positions, master data, billing settings) and every account that is not an
	// admin's, in one transaction audited as one entry; it returns the storage keys of the
	// deleted documents, whose objects the caller deletes.
	RemoveBusinessData(ctx context.Context) (documentKeys []string, err error)
}

// UserStore manages login accounts. Callers: the auth and user-admin handlers, the CLI.
type UserStore interface {
	CreateUser(ctx context.Context, u *User) error
	User(ctx context.Context, id int64) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	ListUsers(ctx context.Context, p PageRequest) (Page[User], error)
	// UpdateUser reads the user, lets fn change it and writes it back if fn returns nil.
	UpdateUser(ctx context.Context, id int64, fn func(*User) error) (User, error)
	CountUsers(ctx context.Context) (int, error)
}

// TokenStore manages API tokens; only hashes are stored.
type TokenStore interface {
	CreateToken(ctx context.Context, t *APIToken) error
	// UserByTokenHash returns the active user owning an unrevoked token and marks it used.
	UserByTokenHash(ctx context.Context, hash string) (User, APIToken, error)
	ListTokens(ctx context.Context, userID int64) ([]APIToken, error)
	// RevokeToken revokes token id; userID 0 lets an admin revoke anyone's token.
	RevokeToken(ctx context.Context, id, userID int64) error
}

// AuditStore reads the audit log; stores write it as part of each change.
type AuditStore interface {
	ListAudit(ctx context.Context, f AuditFilter) (Page[AuditEntry], error)
}

// StoredResponse is a response kept for replay under an Idempotency-Key.
type StoredResponse struct {
	Status      int
	ContentType string
	Body        []byte
	RequestHash string
	Done        bool
}

// IdempotencyStore remembers the outcome of create requests sent with an Idempotency-Key.
type IdempotencyStore interface {
	// ReserveIdempotencyKey claims key for scope. It returns the earlier response (Done) when
	// the key was used before, a pending one (Done false) when a request with it is in flight,
	// or ok=true when the caller now owns the key.
	ReserveIdempotencyKey(ctx context.Context, scope, key, requestHash string) (prev StoredResponse, ok bool, err error)
	// CompleteIdempotencyKey stores the response; ReleaseIdempotencyKey forgets a failed attempt.
	CompleteIdempotencyKey(ctx context.Context, scope, key string, resp StoredResponse) error
	ReleaseIdempotencyKey(ctx context.Context, scope, key string) error
	// PurgeIdempotencyKeys drops keys older than before.
	PurgeIdempotencyKeys(ctx context.Context, before time.Time) (int, error)
}

// SessionStore keeps web sessions (the method set of scs.CtxStore).
type SessionStore interface {
	FindCtx(ctx context.Context, token string) (data []byte, found bool, err error)
	CommitCtx(ctx context.Context, token string, data []byte, expiry time.Time) error
	DeleteCtx(ctx context.Context, token string) error
	DeleteExpired(ctx context.Context) error
	Find(token string) ([]byte, bool, error)
	Commit(token string, data []byte, expiry time.Time) error
	Delete(token string) error
}

// MasterFilter selects master-data records: Text matches names and numbers, Status the
// record's status or active flag ("active", "inactive", ...), IDs the records by id.
type MasterFilter struct {
	Text   string
	Status string
	IDs    []int64 // only these records (none = any)
	Page   PageRequest
}

// CustomerStore manages customers. Callers: API, UI, import, seed.
type CustomerStore interface {
	CreateCustomer(ctx context.Context, c *Customer) error
	Customer(ctx context.Context, id int64) (Customer, error)
	ListCustomers(ctx context.Context, f MasterFilter) (Page[Customer], error)
	UpdateCustomer(ctx context.Context, id int64, fn func(*Customer) error) (Customer, error)
}

// FacilityStore manages facilities.
type FacilityStore interface {
	CreateFacility(ctx context.Context, f *Facility) error
	Facility(ctx context.Context, id int64) (Facility, error)
	ListFacilities(ctx context.Context, f MasterFilter) (Page[Facility], error)
	UpdateFacility(ctx context.Context, id int64, fn func(*Facility) error) (Facility, error)
}

// DriverStore manages drivers.
type DriverStore interface {
	CreateDriver(ctx context.Context, d *Driver) error
	Driver(ctx context.Context, id int64) (Driver, error)
	ListDrivers(ctx context.Context, f MasterFilter) (Page[Driver], error)
	UpdateDriver(ctx context.Context, id int64, fn func(*Driver) error) (Driver, error)
}

// TruckStore manages trucks.
type TruckStore interface {
	CreateTruck(ctx context.Context, t *Truck) error
	Truck(ctx context.Context, id int64) (Truck, error)
	ListTrucks(ctx context.Context, f MasterFilter) (Page[Truck], error)
	UpdateTruck(ctx context.Context, id int64, fn func(*Truck) error) (Truck, error)
}

// TrailerStore manages trailers.
type TrailerStore interface {
	CreateTrailer(ctx context.Context, t *Trailer) error
	Trailer(ctx context.Context, id int64) (Trailer, error)
	ListTrailers(ctx context.Context, f MasterFilter) (Page[Trailer], error)
	UpdateTrailer(ctx context.Context, id int64, fn func(*Trailer) error) (Trailer, error)
}

// LoadTx is what a load update may read inside its transaction. Reads of drivers, trucks and
// trailers lock those rows until commit (PostgreSQL), so two dispatchers cannot book the same
// driver onto overlapping loads at once.
type LoadTx interface {
	Driver(ctx context.Context, id int64) (Driver, error)
	Truck(ctx context.Context, id int64) (Truck, error)
	Trailer(ctx context.Context, id int64) (Trailer, error)
	Customer(ctx context.Context, id int64) (Customer, error)
	Facility(ctx context.Context, id int64) (Facility, error)
	ConflictingLoads(ctx context.Context, q ConflictQuery) ([]LoadRef, error)
	// AddEvent records an event on the load's timeline with the change.
	AddEvent(e LoadEvent)
	// QueueMail puts a message in the outbox with the change (dropped when its DedupeKey
	// was queued before: one message per event).
	QueueMail(m Mail)
}

// LoadStore manages loads, their stops and their timeline.
type LoadStore interface {
	// CreateLoad gives the load its number, stores it with its stops and a created event, then
	// events (such as a warning given at booking), all in one transaction.
	CreateLoad(ctx context.Context, l *Load, events ...LoadEvent) error
	Load(ctx context.Context, id int64) (Load, error)
	ListLoads(ctx context.Context, f LoadFilter) (Page[Load], error)
	// UpdateLoad reads the load and lets fn change it (stops included: stops keep their ids,
	// new ones have id 0, missing ones are removed) and writes it with fn's events.
	UpdateLoad(ctx context.Context, id int64, fn func(LoadTx, *Load) error) (Load, error)
	LoadEvents(ctx context.Context, loadID int64) ([]LoadEvent, error)
	// AddLoadEvent records an event that changes nothing on the load (a check call).
	AddLoadEvent(ctx context.Context, e *LoadEvent) error
}
