package storetest

import (
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Fixtures is a small consistent data set: a customer, two facilities, drivers, a truck
// and a trailer, for tests that need loads.
type Fixtures struct {
	Customer          tms.Customer
	Shipper, Receiver tms.Facility
	Driver, Driver2   tms.Driver
	Truck             tms.Truck
	Trailer, Flatbed  tms.Trailer
	MondayMorning     time.Time
}

// NewFixtures creates the fixtures in s.
func NewFixtures(t testing.TB, s tms.Store) Fixtures {
	t.Helper()
	ctx := ctxAs(0)
	f := Fixtures{
		Customer: tms.Customer{Name: "Acme Foods", Active: true, PaymentTermsDays: 30, RequiredDocuments: []string{"pod"}},
		Shipper: tms.Facility{Name: "Acme DC Dallas", Lat: 32.7767, Lon: -96.7970, TimeZone: "America/Chicago", Active: true,
			Address: tms.Address{Line1: "1 Main St", City: "Dallas", State: "TX", Zip: "75201"}},
		Receiver: tms.Facility{Name: "Grocer Houston", Lat: 29.7604, Lon: -95.3698, TimeZone: "America/Chicago", Active: true,
			Address: tms.Address{Line1: "9 Bay Rd", City: "Houston", State: "TX", Zip: "77002"}},
		Driver:        tms.Driver{Name: "Dana Driver", CDLExpiry: date("2030-01-01"), MedicalCardExpiry: date("2030-01-01")},
		Driver2:       tms.Driver{Name: "Sam Second", CDLExpiry: date("2030-01-01"), MedicalCardExpiry: date("2030-01-01")},
		Truck:         tms.Truck{UnitNumber: "T-101", VIN: "1M8GDM9AXKP042788", Year: 2020},
		Trailer:       tms.Trailer{UnitNumber: "V-201", Type: "dry_van", LengthFt: 53},
		Flatbed:       tms.Trailer{UnitNumber: "F-301", Type: "flatbed", LengthFt: 48},
		MondayMorning: time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC),
	}
	must(t, s.CreateCustomer(ctx, &f.Customer))
	must(t, s.CreateFacility(ctx, &f.Shipper))
	must(t, s.CreateFacility(ctx, &f.Receiver))
	must(t, s.CreateDriver(ctx, &f.Driver))
	must(t, s.CreateDriver(ctx, &f.Driver2))
	must(t, s.CreateTruck(ctx, &f.Truck))
	must(t, s.CreateTrailer(ctx, &f.Trailer))
	must(t, s.CreateTrailer(ctx, &f.Flatbed))
	return f
}

// Load returns an unsaved two-stop load starting at start.
func (f Fixtures) Load(start time.Time) tms.Load {
	return tms.Load{
		CustomerID: f.Customer.ID, Commodity: "Canned goods", WeightLb: 42000, Pieces: 24, EquipmentType: "dry_van",
		References: tms.References{PO: "PO-77", BOL: "BOL-1"},
		Charges:    []tms.Charge{{Kind: "linehaul", AmountCents: 125000}, {Kind: "fuel_surcharge", AmountCents: 18050}},
		Stops: []tms.Stop{
			{Kind: tms.StopPickup, FacilityID: f.Shipper.ID, AppointmentStart: start, AppointmentEnd: start.Add(2 * time.Hour)},
			{Kind: tms.StopDelivery, FacilityID: f.Receiver.ID, AppointmentStart: start.Add(6 * time.Hour), AppointmentEnd: start.Add(8 * time.Hour)},
		},
	}
}

func date(s string) tms.Date {
	d, err := tms.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
