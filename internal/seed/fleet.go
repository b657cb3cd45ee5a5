package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// fleet is the demo master data as stored.
type fleet struct {
	customers  []tms.Customer
	facilities []tms.Facility // shippers' DCs in shipper order, then the receivers
	drivers    []tms.Driver
	trucks     []tms.Truck
	trailers   []tms.Trailer
	trackers   []tms.Device // a phone in each truck
	fuel       *fuelRates
}

// newFleet stores the demo customers, facilities, drivers, trucks and trailers.
func newFleet(ctx context.Context, s tms.Store, now time.Time) (*fleet, error) {
	f := &fleet{}
	for i, sh := range shippers {
		c := customer(sh, cities[i])
		if err := s.CreateCustomer(ctx, &c); err != nil {
			return nil, fmt.Errorf("customer %s: %w", c.Name, err)
		}
		f.customers = append(f.customers, c)
	}
	for i := range cities {
		fac := facility(i)
		if err := s.CreateFacility(ctx, &fac); err != nil {
			return nil, fmt.Errorf("facility %s: %w", fac.Name, err)
		}
		f.facilities = append(f.facilities, fac)
	}
	return f, f.addEquipment(ctx, s, now)
}

// addEquipment stores the drivers, trucks and trailers.
func (f *fleet) addEquipment(ctx context.Context, s tms.Store, now time.Time) error {
	for _, spec := range driverSpecs {
		d := driver(spec, now)
		if err := s.CreateDriver(ctx, &d); err != nil {
			return fmt.Errorf("driver %s: %w", d.Name, err)
		}
		f.drivers = append(f.drivers, d)
	}
	for i, spec := range truckSpecs {
		t := truck(i, spec)
		if err := s.CreateTruck(ctx, &t); err != nil {
			return fmt.Errorf("truck %s: %w", t.UnitNumber, err)
		}
		f.trucks = append(f.trucks, t)
	}
	for _, t := range trailerSpecs {
		if err := s.CreateTrailer(ctx, &t); err != nil {
			return fmt.Errorf("trailer %s: %w", t.UnitNumber, err)
		}
		f.trailers = append(f.trailers, t)
	}
	return f.addTrackers(ctx, s)
}

func customer(sh shipper, c city) tms.Customer {
	domain := strings.ToLower(strings.NewReplacer(" ", "", ".", "", "&", "and").Replace(sh.name)) + ".example.com"
	first := strings.ToLower(strings.Fields(sh.contact)[0])
	return tms.Customer{
		Name:           sh.name,
		BillingAddress: tms.Address{Line1: sh.street, City: c.name, State: c.state, Zip: c.zip, Country: "US"},
		Contacts: []tms.Contact{
			{Name: sh.contact, Email: first + "@" + domain, Phone: sh.phone},
			{Name: "Accounts Payable", Email: "ap@" + domain},
		},
		PaymentTermsDays: sh.termsDays, CreditLimitCents: sh.creditCents,
		RequiredReferences: sh.refs, RequiredDocuments: sh.docs, Active: true,
	}
}

// facility i is the DC of shippers[i] or, past them, a receiver; all in cities[i].
func facility(i int) tms.Facility {
	c := cities[i]
	f := tms.Facility{
		Address: tms.Address{City: c.name, State: c.state, Zip: c.zip, Country: "US"},
		Lat:     c.lat, Lon: c.lon, TimeZone: c.zone, Active: true,
		DockHours: "Mon-Fri 06:00-18:00", AppointmentRequired: i%3 != 2,
	}
	if i < len(shippers) {
		f.Name, f.Address.Line1 = shippers[i].name+" DC", shippers[i].street
	} else {
		r := receivers[i-len(shippers)]
		f.Name, f.Address.Line1, f.DockHours = r.name, r.street, "24/7"
	}
	return f
}

func driver(spec driverSpec, now time.Time) tms.Driver {
	first := strings.ToLower(strings.Fields(spec.name)[0])
	last := strings.ToLower(strings.NewReplacer("'", "").Replace(strings.Fields(spec.name)[1]))
	hired, _ := tms.ParseDate(spec.hired)
	d := tms.Driver{
		Name: spec.name, Phone: spec.phone, Email: first + "." + last + "@example.com",
		CDLNumber: spec.cdl, CDLState: spec.state, CDLClass: "A", CDLEndorsements: spec.endorsements,
		CDLExpiry:         tms.DateOf(now.AddDate(spec.cdlYears, 2, 0)),
		MedicalCardExpiry: tms.DateOf(now.AddDate(0, 0, spec.medicalDays)),
		HireDate:          hired, Status: spec.status, Pay: spec.pay,
	}
	if spec.status == tms.DriverOnLeave {
		d.Notes = "Family leave; expected back next month"
	}
	return d
}

func truck(i int, spec truckSpec) tms.Truck {
	t := tms.Truck{
		UnitNumber: fmt.Sprintf("T-%d", 101+i), VIN: withCheckDigit(spec.vin), Plate: spec.plate, PlateState: spec.state,
		Make: spec.make, Model: spec.model, Year: spec.year, OdometerMiles: spec.odometer, Status: spec.status,
	}
	if spec.status == tms.EquipmentInShop {
		t.Notes = "PM service and DEF sensor replacement"
	}
	return t
}

// withCheckDigit puts the check digit that makes vin valid at position 9.
func withCheckDigit(vin string) string {
	for _, c := range "0123456789X" {
		if v := vin[:8] + string(c) + vin[9:]; tms.ValidVIN(v) {
			return v
		}
	}
	return vin
}
