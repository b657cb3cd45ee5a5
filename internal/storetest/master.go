package storetest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/tms"
)

// crud drives one master-data type through the same create/get/list/update checks.
type crud[T any] struct {
	create func(context.Context, *T) error
	get    func(context.Context, int64) (T, error)
	list   func(context.Context, tms.MasterFilter) (tms.Page[T], error)
	update func(context.Context, int64, func(*T) error) (T, error)
	meta   func(*T) *tms.Meta
	valid  []T          // two valid records; the first is found by search, the second not
	search string       // text matching valid[0] only
	bad    T            // invalid record
	change func(*T)     // a valid edit
	check  func(T) bool // the edit is visible
	status string       // a MasterFilter.Status matching valid[0] and valid[1]
}

func (c crud[T]) run(t *testing.T) {
	ctx := ctxAs(0)
	for i := range c.valid {
		must(t, c.create(ctx, &c.valid[i]))
		if m := c.meta(&c.valid[i]); m.ID == 0 || m.Version != 1 {
			t.Fatalf("created meta = %+v, want id and version 1", m)
		}
	}
	wantCode(t, c.create(ctx, &c.bad), tms.CodeInvalid)
	got, err := c.get(ctx, c.meta(&c.valid[0]).ID)
	must(t, err)
	if diff := cmp.Diff(c.valid[0], got); diff != "" {
		t.Errorf("get differs from created (-want +got):\n%s", diff)
	}
	_, err = c.get(ctx, 987654)
	wantCode(t, err, tms.CodeNotFound)

	page, err := c.list(ctx, tms.MasterFilter{Text: c.search})
	must(t, err)
	if page.Total != 1 || c.meta(&page.Items[0]).ID != c.meta(&c.valid[0]).ID {
		t.Errorf("search %q: total %d, want only the first record", c.search, page.Total)
	}
	page, err = c.list(ctx, tms.MasterFilter{Status: c.status, Page: tms.PageRequest{Limit: 1, Sort: "-id"}})
	must(t, err)
	if page.Total != 2 || len(page.Items) != 1 || c.meta(&page.Items[0]).ID != c.meta(&c.valid[1]).ID {
		t.Errorf("status %q sorted -id limit 1: total %d items %d, want 2 total and the newest", c.status, page.Total, len(page.Items))
	}
	for _, p := range pagesOfTwo {
		page, err := c.list(ctx, tms.MasterFilter{Status: c.status, Page: p.page})
		must(t, err)
		if page.Total != 2 || len(page.Items) != p.items {
			t.Errorf("status %q, %s: total %d, %d items; want total 2, %d items", c.status, p.name, page.Total, len(page.Items), p.items)
		}
	}
	second := c.meta(&c.valid[1]).ID
	page, err = c.list(ctx, tms.MasterFilter{IDs: []int64{second, 987654}})
	must(t, err)
	if page.Total != 1 || c.meta(&page.Items[0]).ID != second {
		t.Errorf("ids [%d 987654]: total %d, want only record %d", second, page.Total, second)
	}
	_, err = c.list(ctx, tms.MasterFilter{Page: tms.PageRequest{Sort: "password"}})
	wantCode(t, err, tms.CodeInvalid)

	id := c.meta(&c.valid[0]).ID
	updated, err := c.update(ctx, id, func(v *T) error { c.change(v); return nil })
	must(t, err)
	if !c.check(updated) || c.meta(&updated).Version != 2 {
		t.Errorf("update not applied or version not 2: %+v", updated)
	}
	reread, _ := c.get(ctx, id)
	if !c.check(reread) {
		t.Errorf("update not stored")
	}
	_, err = c.update(ctx, id, func(v *T) error { *v = c.bad; return nil })
	wantCode(t, err, tms.CodeInvalid)
	_, err = c.update(ctx, 987654, func(*T) error { return nil })
	wantCode(t, err, tms.CodeNotFound)
}

func testMasterData(t *testing.T, newStore NewStore) {
	s := newStore(t)
	t.Run("customers", crud[tms.Customer]{
		create: s.CreateCustomer, get: s.Customer, list: s.ListCustomers, update: s.UpdateCustomer,
		meta: func(c *tms.Customer) *tms.Meta { return &c.Meta },
		valid: []tms.Customer{
			{Name: "Zenith Paper", Active: true, PaymentTermsDays: 30, CreditLimitCents: 5_000_000,
				Contacts:           []tms.Contact{{Name: "Pat", Email: "pat@zenith.example", Phone: "555-0100"}},
				RequiredReferences: []string{"po"}, RequiredDocuments: []string{"pod", "bol"},
				BillingAddress: tms.Address{Line1: "1 Paper Way", City: "Memphis", State: "TN", Zip: "38103"}},
			{Name: "Blue Ridge Farms", Active: true},
		},
		search: "zenith", bad: tms.Customer{Name: "", PaymentTermsDays: -1}, status: "active",
		change: func(c *tms.Customer) { c.Notes = "call ahead" },
		check:  func(c tms.Customer) bool { return c.Notes == "call ahead" },
	}.run)
	t.Run("facilities", crud[tms.Facility]{
		create: s.CreateFacility, get: s.Facility, list: s.ListFacilities, update: s.UpdateFacility,
		meta: func(f *tms.Facility) *tms.Meta { return &f.Meta },
		valid: []tms.Facility{
			{Name: "Cold Storage Omaha", Lat: 41.2565, Lon: -95.9345, TimeZone: "America/Chicago", Active: true,
				Address: tms.Address{City: "Omaha", State: "NE"}, DockHours: "Mon-Fri 06-14", AppointmentRequired: true},
			{Name: "Denver Crossdock", Lat: 39.7392, Lon: -104.9903, TimeZone: "America/Denver", Active: true, GeofenceMeters: 500},
		},
		search: "omaha", bad: tms.Facility{Name: "Nowhere", TimeZone: "Mars/Base"}, status: "active",
		change: func(f *tms.Facility) { f.GeofenceMeters = 800 },
		check:  func(f tms.Facility) bool { return f.GeofenceMeters == 800 },
	}.run)
	t.Run("drivers", crud[tms.Driver]{
		create: s.CreateDriver, get: s.Driver, list: s.ListDrivers, update: s.UpdateDriver,
		meta: func(d *tms.Driver) *tms.Meta { return &d.Meta },
		valid: []tms.Driver{
			{Name: "Maria Lopez", Phone: "555-0101", CDLNumber: "TX123", CDLState: "tx", CDLClass: "A",
				CDLEndorsements: []string{"H", "N"}, CDLExpiry: date("2028-05-01"), MedicalCardExpiry: date("2027-01-15"),
				HireDate: date("2021-03-01"), Pay: tms.PayProfile{Basis: tms.PayPerLoadedMile, Rate: 650}},
			{Name: "Jim Beam", Status: tms.DriverActive},
		},
		search: "lopez", bad: tms.Driver{Name: "X", CDLClass: "Z"}, status: "active",
		change: func(d *tms.Driver) { d.Status = tms.DriverOnLeave },
		check:  func(d tms.Driver) bool { return d.Status == tms.DriverOnLeave },
	}.run)
	t.Run("trucks", crud[tms.Truck]{
		create: s.CreateTruck, get: s.Truck, list: s.ListTrucks, update: s.UpdateTruck,
		meta: func(t *tms.Truck) *tms.Meta { return &t.Meta },
		valid: []tms.Truck{
			{UnitNumber: "101", VIN: "1M8GDM9AXKP042788", Make: "Freightliner", Model: "Cascadia", Year: 2021, OdometerMiles: 312000},
			{UnitNumber: "102"},
		},
		search: "1M8GDM", bad: tms.Truck{UnitNumber: "103", VIN: "1M8GDM9A1KP042788"}, status: "active",
		change: func(t *tms.Truck) { t.Status = tms.EquipmentInShop },
		check:  func(t tms.Truck) bool { return t.Status == tms.EquipmentInShop },
	}.run)
	t.Run("trailers", crud[tms.Trailer]{
		create: s.CreateTrailer, get: s.Trailer, list: s.ListTrailers, update: s.UpdateTrailer,
		meta: func(t *tms.Trailer) *tms.Meta { return &t.Meta },
		valid: []tms.Trailer{
			{UnitNumber: "R-1", Type: "reefer", LengthFt: 53, Plate: "ABC123", PlateState: "NE"},
			{UnitNumber: "V-2", Type: "dry_van"},
		},
		search: "abc1", bad: tms.Trailer{UnitNumber: "X", Type: "spaceship"}, status: "active",
		change: func(t *tms.Trailer) { t.Notes = "door seal" },
		check:  func(t tms.Trailer) bool { return t.Notes == "door seal" },
	}.run)
	dup := tms.Truck{UnitNumber: "102"}
	wantCode(t, s.CreateTruck(ctxAs(0), &dup), tms.CodeConflict)
}
