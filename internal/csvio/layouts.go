package csvio

import (
	"context"
	"slices"
	"strings"

	"github.com/anditms/tms/internal/geocode"
	"github.com/anditms/tms/internal/tms"
)

// The master-data layouts. Each starts with the export-only id; docs/CSV.md explains every
// column. Keys name the columns whose values an import refuses to repeat.

var customers = newMaster[tms.Customer](Customers, []string{"name"}, []string{"name"},
	slices.Concat(
		[]column[tms.Customer]{textCol("name", func(c *tms.Customer) *string { return &c.Name })},
		addressCols("billing_", func(c *tms.Customer) *tms.Address { return &c.BillingAddress }),
		[]column[tms.Customer]{
			contactsCol("contacts", func(c *tms.Customer) *[]tms.Contact { return &c.Contacts }),
			intCol("payment_terms_days", func(c *tms.Customer) *int { return &c.PaymentTermsDays }),
			intCol("credit_limit_cents", func(c *tms.Customer) *tms.Cents { return &c.CreditLimitCents }),
			listCol("required_references", "", func(c *tms.Customer) *[]string { return &c.RequiredReferences }),
			listCol("required_documents", "none", func(c *tms.Customer) *[]string { return &c.RequiredDocuments }),
			textCol("notes", func(c *tms.Customer) *string { return &c.Notes }),
			boolCol("active", true, func(c *tms.Customer) *bool { return &c.Active }),
		}),
	tms.Store.CreateCustomer, tms.Store.ListCustomers)

var facilities = newMaster[tms.Facility](Facilities, []string{"name", "lat", "lon", "time_zone"}, []string{"name"},
	slices.Concat(
		[]column[tms.Facility]{textCol("name", func(f *tms.Facility) *string { return &f.Name })},
		addressCols("address_", func(f *tms.Facility) *tms.Address { return &f.Address }),
		[]column[tms.Facility]{
			floatCol("lat", func(f *tms.Facility) *float64 { return &f.Lat }),
			floatCol("lon", func(f *tms.Facility) *float64 { return &f.Lon }),
			textCol("time_zone", func(f *tms.Facility) *string { return &f.TimeZone }),
			intCol("geofence_meters", func(f *tms.Facility) *int { return &f.GeofenceMeters }),
			textCol("dock_hours", func(f *tms.Facility) *string { return &f.DockHours }),
			boolCol("appointment_required", false, func(f *tms.Facility) *bool { return &f.AppointmentRequired }),
			textCol("notes", func(f *tms.Facility) *string { return &f.Notes }),
			boolCol("active", true, func(f *tms.Facility) *bool { return &f.Active }),
		}),
	func(s tms.Store, ctx context.Context, f *tms.Facility) error {
		return geocode.Facilities{Store: s}.Create(ctx, f)
	},
	tms.Store.ListFacilities)

var drivers = newMaster[tms.Driver](Drivers, []string{"name"}, []string{"cdl_number"},
	[]column[tms.Driver]{
		textCol("name", func(d *tms.Driver) *string { return &d.Name }),
		textCol("phone", func(d *tms.Driver) *string { return &d.Phone }),
		textCol("email", func(d *tms.Driver) *string { return &d.Email }),
		textCol("cdl_number", func(d *tms.Driver) *string { return &d.CDLNumber }),
		textCol("cdl_state", func(d *tms.Driver) *string { return &d.CDLState }),
		textCol("cdl_class", func(d *tms.Driver) *string { return &d.CDLClass }),
		listCol("cdl_endorsements", "", func(d *tms.Driver) *[]string { return &d.CDLEndorsements }),
		dateCol("cdl_expiry", func(d *tms.Driver) *tms.Date { return &d.CDLExpiry }),
		dateCol("medical_card_expiry", func(d *tms.Driver) *tms.Date { return &d.MedicalCardExpiry }),
		dateCol("hire_date", func(d *tms.Driver) *tms.Date { return &d.HireDate }),
		textCol("status", func(d *tms.Driver) *tms.DriverStatus { return &d.Status }),
		textCol("pay_basis", func(d *tms.Driver) *tms.PayBasis { return &d.Pay.Basis }),
		intCol("pay_rate", func(d *tms.Driver) *int64 { return &d.Pay.Rate }),
		textCol("notes", func(d *tms.Driver) *string { return &d.Notes }),
	},
	tms.Store.CreateDriver, tms.Store.ListDrivers)

var trucks = newMaster[tms.Truck](Trucks, []string{"unit_number"}, []string{"unit_number", "vin"},
	[]column[tms.Truck]{
		textCol("unit_number", func(t *tms.Truck) *string { return &t.UnitNumber }),
		textCol("vin", func(t *tms.Truck) *string { return &t.VIN }),
		textCol("plate", func(t *tms.Truck) *string { return &t.Plate }),
		textCol("plate_state", func(t *tms.Truck) *string { return &t.PlateState }),
		textCol("make", func(t *tms.Truck) *string { return &t.Make }),
		textCol("model", func(t *tms.Truck) *string { return &t.Model }),
		intCol("year", func(t *tms.Truck) *int { return &t.Year }),
		intCol("odometer_miles", func(t *tms.Truck) *int64 { return &t.OdometerMiles }),
		textCol("status", func(t *tms.Truck) *tms.EquipmentStatus { return &t.Status }),
		textCol("notes", func(t *tms.Truck) *string { return &t.Notes }),
	},
	tms.Store.CreateTruck, tms.Store.ListTrucks)

var trailers = newMaster[tms.Trailer](Trailers, []string{"unit_number", "type"}, []string{"unit_number"},
	[]column[tms.Trailer]{
		textCol("unit_number", func(t *tms.Trailer) *string { return &t.UnitNumber }),
		textCol("type", func(t *tms.Trailer) *string { return &t.Type }),
		intCol("length_ft", func(t *tms.Trailer) *int { return &t.LengthFt }),
		textCol("plate", func(t *tms.Trailer) *string { return &t.Plate }),
		textCol("plate_state", func(t *tms.Trailer) *string { return &t.PlateState }),
		textCol("status", func(t *tms.Trailer) *tms.EquipmentStatus { return &t.Status }),
		textCol("notes", func(t *tms.Trailer) *string { return &t.Notes }),
	},
	tms.Store.CreateTrailer, tms.Store.ListTrailers)

// contactText writes a contact as name|email|phone without empty trailing parts.
func contactText(c tms.Contact) string {
	parts := []string{c.Name, c.Email, c.Phone}
	for len(parts) > 1 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return strings.Join(parts, "|")
}

// contactsCol reads contacts as "name|email|phone" entries separated by semicolons.
func contactsCol[T any](name string, f func(*T) *[]tms.Contact) column[T] {
	return column[T]{name,
		func(v *T) string {
			entries := make([]string, len(*f(v)))
			for i, c := range *f(v) {
				entries[i] = contactText(c)
			}
			return escapeFormula(strings.Join(entries, "; "))
		},
		func(v *T, s string) error {
			*f(v) = nil
			for _, entry := range strings.Split(unescapeFormula(s), ";") {
				if p := strings.SplitN(entry, "|", 3); strings.TrimSpace(entry) != "" {
					p = append(p, "", "")
					*f(v) = append(*f(v), tms.Contact{Name: strings.TrimSpace(p[0]), Email: strings.TrimSpace(p[1]), Phone: strings.TrimSpace(p[2])})
				}
			}
			return nil
		}}
}
