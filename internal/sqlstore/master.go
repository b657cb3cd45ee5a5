package sqlstore

import (
	"context"

	"github.com/anditms/tms/internal/tms"
)

var customers = &table[tms.Customer, *tms.Customer]{
	name: "customers", entity: "customer", status: "active", cached: true,
	cols: []string{"name", "billing_address", "contacts", "payment_terms_days", "credit_limit_cents",
		"required_references", "required_documents", "fuel_schedule_id", "notes", "active", "notifications"},
	fields: func(c *tms.Customer) []any {
		return []any{&c.Name, addressColumn(&c.BillingAddress), JSON(&c.Contacts), &c.PaymentTermsDays, &c.CreditLimitCents,
			JSON(&c.RequiredReferences), JSON(&c.RequiredDocuments), &c.FuelScheduleID, &c.Notes, &c.Active, JSON(&c.Notifications)}
	},
	text:  []string{"name"},
	sorts: map[string]string{"name": "name", "created_at": "created_at"},
}

var facilities = &table[tms.Facility, *tms.Facility]{
	name: "facilities", entity: "facility", status: "active", cached: true,
	cols: []string{"name", "address", "city", "state", "lat", "lon", "time_zone", "geofence_meters", "dock_hours",
		"appointment_required", "notes", "active"},
	fields: func(f *tms.Facility) []any {
		return []any{&f.Name, addressColumn(&f.Address), &f.Address.City, &f.Address.State, &f.Lat, &f.Lon, &f.TimeZone,
			&f.GeofenceMeters, &f.DockHours, &f.AppointmentRequired, &f.Notes, &f.Active}
	},
	text:  []string{"name", "city", "state"},
	sorts: map[string]string{"name": "name", "city": "city", "state": "state"},
}

var drivers = &table[tms.Driver, *tms.Driver]{
	name: "drivers", entity: "driver", status: "status", cached: true,
	cols: []string{"name", "phone", "email", "cdl_number", "cdl_state", "cdl_class", "cdl_endorsements", "cdl_expiry",
		"medical_card_expiry", "hire_date", "status", "user_id", "pay", "recurring_deductions", "notes"},
	fields: func(d *tms.Driver) []any {
		return []any{&d.Name, &d.Phone, &d.Email, &d.CDLNumber, &d.CDLState, &d.CDLClass, JSON(&d.CDLEndorsements),
			&d.CDLExpiry, &d.MedicalCardExpiry, &d.HireDate, &d.Status, &d.UserID, JSON(&d.Pay), JSON(&d.Deductions), &d.Notes}
	},
	text:  []string{"name", "phone", "email", "cdl_number"},
	sorts: map[string]string{"name": "name", "cdl_expiry": "cdl_expiry", "medical_card_expiry": "medical_card_expiry"},
}

var trucks = &table[tms.Truck, *tms.Truck]{
	name: "trucks", entity: "truck", status: "status", cached: true,
	cols: []string{"unit_number", "vin", "plate", "plate_state", "make", "model", "year", "odometer_miles", "status", "notes"},
	fields: func(t *tms.Truck) []any {
		return []any{&t.UnitNumber, &t.VIN, &t.Plate, &t.PlateState, &t.Make, &t.Model, &t.Year, &t.OdometerMiles, &t.Status, &t.Notes}
	},
	text:  []string{"unit_number", "vin", "plate"},
	sorts: map[string]string{"unit_number": "unit_number", "year": "year"},
}

var trailers = &table[tms.Trailer, *tms.Trailer]{
	name: "trailers", entity: "trailer", status: "status", cached: true,
	cols: []string{"unit_number", "type", "length_ft", "plate", "plate_state", "status", "notes"},
	fields: func(t *tms.Trailer) []any {
		return []any{&t.UnitNumber, &t.Type, &t.LengthFt, &t.Plate, &t.PlateState, &t.Status, &t.Notes}
	},
	text:  []string{"unit_number", "plate", "type"},
	sorts: map[string]string{"unit_number": "unit_number", "type": "type"},
}

// CreateCustomer stores a new customer.
func (db *DB) CreateCustomer(ctx context.Context, c *tms.Customer) error {
	return customers.create(ctx, db, c)
}

// Customer returns one customer.
func (db *DB) Customer(ctx context.Context, id int64) (tms.Customer, error) {
	return customers.get(ctx, db, id)
}

// ListCustomers lists customers.
func (db *DB) ListCustomers(ctx context.Context, f tms.MasterFilter) (tms.Page[tms.Customer], error) {
	return customers.list(ctx, db, f)
}

// UpdateCustomer changes a customer through fn.
func (db *DB) UpdateCustomer(ctx context.Context, id int64, fn func(*tms.Customer) error) (tms.Customer, error) {
	return customers.update(ctx, db, id, fn)
}

// CreateFacility stores a new facility.
func (db *DB) CreateFacility(ctx context.Context, f *tms.Facility) error {
	return facilities.create(ctx, db, f)
}

// Facility returns one facility.
func (db *DB) Facility(ctx context.Context, id int64) (tms.Facility, error) {
	return facilities.get(ctx, db, id)
}

// ListFacilities lists facilities.
func (db *DB) ListFacilities(ctx context.Context, f tms.MasterFilter) (tms.Page[tms.Facility], error) {
	return facilities.list(ctx, db, f)
}

// UpdateFacility changes a facility through fn.
func (db *DB) UpdateFacility(ctx context.Context, id int64, fn func(*tms.Facility) error) (tms.Facility, error) {
	return facilities.update(ctx, db, id, fn)
}

// CreateDriver stores a new driver.
func (db *DB) CreateDriver(ctx context.Context, d *tms.Driver) error {
	return drivers.create(ctx, db, d)
}

// Driver returns one driver.
func (db *DB) Driver(ctx context.Context, id int64) (tms.Driver, error) {
	return drivers.get(ctx, db, id)
}

// ListDrivers lists drivers.
func (db *DB) ListDrivers(ctx context.Context, f tms.MasterFilter) (tms.Page[tms.Driver], error) {
	return drivers.list(ctx, db, f)
}

// UpdateDriver changes a driver through fn.
func (db *DB) UpdateDriver(ctx context.Context, id int64, fn func(*tms.Driver) error) (tms.Driver, error) {
	return drivers.update(ctx, db, id, fn)
}

// CreateTruck stores a new truck.
func (db *DB) CreateTruck(ctx context.Context, t *tms.Truck) error {
	return trucks.create(ctx, db, t)
}

// Truck returns one truck.
func (db *DB) Truck(ctx context.Context, id int64) (tms.Truck, error) {
	return trucks.get(ctx, db, id)
}

// ListTrucks lists trucks.
func (db *DB) ListTrucks(ctx context.Context, f tms.MasterFilter) (tms.Page[tms.Truck], error) {
	return trucks.list(ctx, db, f)
}

// UpdateTruck changes a truck through fn.
func (db *DB) UpdateTruck(ctx context.Context, id int64, fn func(*tms.Truck) error) (tms.Truck, error) {
	return trucks.update(ctx, db, id, fn)
}

// CreateTrailer stores a new trailer.
func (db *DB) CreateTrailer(ctx context.Context, t *tms.Trailer) error {
	return trailers.create(ctx, db, t)
}

// Trailer returns one trailer.
func (db *DB) Trailer(ctx context.Context, id int64) (tms.Trailer, error) {
	return trailers.get(ctx, db, id)
}

// ListTrailers lists trailers.
func (db *DB) ListTrailers(ctx context.Context, f tms.MasterFilter) (tms.Page[tms.Trailer], error) {
	return trailers.list(ctx, db, f)
}

// UpdateTrailer changes a trailer through fn.
func (db *DB) UpdateTrailer(ctx context.Context, id int64, fn func(*tms.Trailer) error) (tms.Trailer, error) {
	return trailers.update(ctx, db, id, fn)
}
