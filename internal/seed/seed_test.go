package seed_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/seed"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

var ctx = tms.WithActor(context.Background(), tms.Actor{Email: "seed-test", Role: tms.RoleAdmin, Source: tms.SourceAPI})

// monday afternoon in Dallas, a week after daylight saving time began.
var now = time.Date(2026, 3, 16, 20, 30, 0, 0, time.UTC)

// demo seeds s as the app does: invoicing is gated on the documents customers require.
func demo(t testing.TB, s tms.Store, at time.Time) seed.Summary {
	t.Helper()
	sum, _ := demoWithBilling(t, s, at)
	return sum
}

// demoWithBilling seeds s and returns the billing service it used.
func demoWithBilling(t testing.TB, s tms.Store, at time.Time) (seed.Summary, *billing.Service) {
	t.Helper()
	blobs, err := blob.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	docs := &documents.Service{Store: s, Blobs: blobs}
	bill := &billing.Service{Store: s, Docs: docs, Router: tms.GreatCircleRouter{}}
	svc := &dispatch.Service{Store: s, Router: tms.GreatCircleRouter{}, Gates: []dispatch.Gate{docs.BillingGate, billing.StatusGate}, Rate: bill.RateLoad}
	start := time.Now()
	sum, err := seed.Demo(ctx, s, svc, docs, bill, at)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Demo took %v", time.Since(start))
	return sum, bill
}

func TestDemo(t *testing.T) {
	for _, fac := range testenv.Factories(t) {
		t.Run(fac.Name, func(t *testing.T) {
			s := fac.Open(t)
			sum := demo(t, s, now)
			want := seed.Summary{Customers: 15, Facilities: 20, Drivers: 10, Trucks: 8, Trailers: 12, Loads: 40, Documents: 43,
				Invoices: 10, Payments: 6, Settlements: 10, DieselWeeks: 8}
			if diff := cmp.Diff(want, sum, cmpopts.IgnoreFields(seed.Summary{}, "Logins")); diff != "" {
				t.Errorf("summary (-want +got):\n%s", diff)
			}
			if len(sum.Logins) != 4 {
				t.Errorf("got %d demo logins, want 4", len(sum.Logins))
			}
			loads := list(t, s)
			checkStatuses(t, loads)
			checkNoDoubleBooking(t, loads)
			checkStops(t, loads)
			checkMasterData(t, s)
			checkDriverLogin(t, s)
			checkInvoices(t, s, loads)
			checkAging(t, s, now)
			checkSettlements(t, s, loads)
			checkBillingSetup(t, s, loads, now)
			if again := demo(t, s, now); !again.AlreadySeeded {
				t.Errorf("second Demo = %+v, want AlreadySeeded", again)
			}
			if got := len(list(t, s)); got != 40 {
				t.Errorf("after the second Demo: %d loads, want 40", got)
			}
		})
	}
}

// The plan must fit the fleet whatever the hour and season of the first run.
func TestDemoAtAnyTime(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(2026, 3, 8, 7, 59, 0, 0, time.UTC),    // the night daylight saving time begins
		time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC),   // the night it ends
		time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC), // new year's eve, late
		time.Date(2027, 7, 4, 12, 0, 0, 0, time.UTC),
	} {
		t.Run(at.Format(time.DateTime), func(t *testing.T) {
			s := testenv.SQLite(t)
			if sum := demo(t, s, at); sum.Loads != 40 {
				t.Errorf("got %d loads, want 40", sum.Loads)
			}
			loads := list(t, s)
			checkNoDoubleBooking(t, loads)
			checkInvoices(t, s, loads)
			checkAging(t, s, at)
			checkSettlements(t, s, loads)
			for _, l := range loads {
				if end := l.Stops[1].AppointmentStart; l.Status == tms.StatusInTransit && !end.After(at) {
					t.Errorf("load %s is in transit but due at %v, before now %v", l.Number, end, at)
				}
			}
		})
	}
}

func list(t *testing.T, s tms.Store) []tms.Load {
	t.Helper()
	page, err := s.ListLoads(ctx, tms.LoadFilter{Page: tms.PageRequest{Limit: tms.MaxPageSize}})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

func checkStatuses(t *testing.T, loads []tms.Load) {
	t.Helper()
	count := map[tms.LoadStatus]int{}
	for _, l := range loads {
		count[l.Status]++
	}
	for _, st := range tms.LoadStatuses {
		if count[st] == 0 {
			t.Errorf("no demo load is %s (counts %v)", st, count)
		}
	}
}

// checkNoDoubleBooking fails when two loads share a driver, truck or trailer at once.
func checkNoDoubleBooking(t *testing.T, loads []tms.Load) {
	t.Helper()
	for i, a := range loads {
		for _, b := range loads[i+1:] {
			aFrom, aTo := a.Window()
			bFrom, bTo := b.Window()
			if aFrom.Before(bTo) && bFrom.Before(aTo) && shares(a.Assignment, b.Assignment) {
				t.Errorf("loads %s and %s overlap and share a driver, truck or trailer", a.Number, b.Number)
			}
		}
	}
}

func shares(a, b tms.Assignment) bool {
	same := func(x, y *int64) bool { return x != nil && y != nil && *x == *y }
	return same(a.DriverID, b.DriverID) || same(a.TruckID, b.TruckID) || same(a.TrailerID, b.TrailerID)
}

// checkStops: loads on the road have their pickup arrival, delivered ones every departure.
func checkStops(t *testing.T, loads []tms.Load) {
	t.Helper()
	for _, l := range loads {
		switch l.Status {
		case tms.StatusInTransit:
			if l.Stops[0].ArrivedAt == nil || l.Stops[1].ArrivedAt != nil {
				t.Errorf("in-transit load %s: stops %+v, want the pickup arrived and the delivery pending", l.Number, l.Stops)
			}
		case tms.StatusDelivered, tms.StatusInvoiced, tms.StatusPaid:
			if l.NextStop() != -1 || l.DriverID == nil {
				t.Errorf("%s load %s: next stop %d, driver %v; want every stop departed and a driver", l.Status, l.Number, l.NextStop(), l.DriverID)
			}
		}
		if l.Total() == 0 || l.PlannedMiles == 0 {
			t.Errorf("load %s: total %v, %v miles; want charges and miles", l.Number, l.Total(), l.PlannedMiles)
		}
	}
}

func checkMasterData(t *testing.T, s tms.Store) {
	t.Helper()
	trucks, _ := s.ListTrucks(ctx, tms.MasterFilter{})
	for _, tr := range trucks.Items {
		if !tms.ValidVIN(tr.VIN) {
			t.Errorf("truck %s: VIN %s has a wrong check digit", tr.UnitNumber, tr.VIN)
		}
	}
	facilities, _ := s.ListFacilities(ctx, tms.MasterFilter{})
	for _, f := range facilities.Items {
		if _, err := time.LoadLocation(f.TimeZone); err != nil || f.TimeZone == "UTC" {
			t.Errorf("facility %s: time zone %q: %v", f.Name, f.TimeZone, err)
		}
	}
	drivers, _ := s.ListDrivers(ctx, tms.MasterFilter{})
	var expiring, onLeave int
	for _, d := range drivers.Items {
		if d.MedicalCardExpiry.Before(now.AddDate(0, 0, 30)) {
			expiring++
		}
		if d.Status == tms.DriverOnLeave {
			onLeave++
		}
	}
	if expiring < 2 || onLeave != 1 {
		t.Errorf("got %d medical cards expiring within 30 days and %d drivers on leave, want at least 2 and 1", expiring, onLeave)
	}
}

func checkDriverLogin(t *testing.T, s tms.Store) {
	t.Helper()
	u, err := s.UserByEmail(ctx, "driver@andi-tms.local")
	if err != nil || u.DriverID == nil {
		t.Fatalf("driver login = %+v, %v; want one linked to a driver", u, err)
	}
	d, err := s.Driver(ctx, *u.DriverID)
	if err != nil || d.UserID == nil || *d.UserID != u.ID {
		t.Errorf("driver %d user = %v, %v; want %d", *u.DriverID, d.UserID, err, u.ID)
	}
}

// BenchmarkDemo measures the first run's seeding on SQLite (invoice PDFs included).
func BenchmarkDemo(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		s := testenv.SQLite(b)
		b.StartTimer()
		demo(b, s, now)
	}
}

// Every demo truck has a tracker, and every delivered load carries the GPS history of its
// stops: fixes inside the delivery geofence from arrival to departure, over three hours for
// the detained load (the evidence of its detention).
func TestDemoTrackersAndGPSHistory(t *testing.T) {
	for _, fac := range testenv.Factories(t) {
		t.Run(fac.Name, func(t *testing.T) {
			s := fac.Open(t)
			sum := demo(t, s, now)
			devices, err := s.ListDevices(ctx, tms.MasterFilter{Text: seed.DevicePrefix})
			if err != nil {
				t.Fatal(err)
			}
			if devices.Total != sum.Trucks {
				t.Errorf("%d demo trackers, want one per truck (%d)", devices.Total, sum.Trucks)
			}
			loads, err := s.ListLoads(ctx, tms.LoadFilter{Statuses: []tms.LoadStatus{tms.StatusDelivered, tms.StatusInvoiced, tms.StatusPaid}, Page: tms.PageRequest{Limit: 100}})
			if err != nil {
				t.Fatal(err)
			}
			detained := 0
			for _, l := range loads.Items {
				inside := dockTime(t, s, l)
				if inside < l.Stops[1].Dwell()-15*time.Minute {
					t.Errorf("load %s: fixes inside the delivery fence span %v of its %v dwell", l.Number, inside, l.Stops[1].Dwell())
				}
				if inside > 3*time.Hour {
					detained++
				}
			}
			if len(loads.Items) < 10 || detained == 0 {
				t.Errorf("%d delivered loads, %d with over 3 h of GPS at the receiver; want at least 10 and one", len(loads.Items), detained)
			}
		})
	}
}

// dockTime is the span of the truck's fixes inside the delivery geofence during the load.
func dockTime(t *testing.T, s tms.Store, l tms.Load) time.Duration {
	t.Helper()
	fac, err := s.Facility(ctx, l.Stops[1].FacilityID)
	if err != nil {
		t.Fatal(err)
	}
	fixes, err := s.Track(ctx, *l.TruckID, l.Stops[0].AppointmentStart.Add(-time.Hour), *l.Stops[1].DepartedAt)
	if err != nil {
		t.Fatal(err)
	}
	var first, last time.Time
	for _, p := range fixes {
		if tms.DistanceMeters(p.Point(), fac.Point()) <= float64(fac.GeofenceMeters) {
			if first.IsZero() {
				first = p.FixTime
			}
			last = p.FixTime
		}
	}
	return last.Sub(first)
}

// deletedKeys records the document objects Remove deletes.
type deletedKeys []string

func (d *deletedKeys) Delete(_ context.Context, key string) error {
	*d = append(*d, key)
	return nil
}

// Remove takes the demo data and demo logins and keeps the admin; it refuses when there is
// no demo data, and while records added after the demo exist (a second demo load here).
func TestRemoveDemoData(t *testing.T) {
	for _, fac := range testenv.Factories(t) {
		t.Run(fac.Name, func(t *testing.T) {
			s := fac.Open(t)
			admin := tms.User{Email: "boss@example.com", Name: "Boss", Role: tms.RoleAdmin, Active: true, PasswordHash: "x"}
			if err := s.CreateUser(ctx, &admin); err != nil {
				t.Fatal(err)
			}
			demo(t, s, now)
			var keys deletedKeys
			got, err := seed.Remove(ctx, s, &keys)
			if err != nil {
				t.Fatal(err)
			}
			if got.Documents < 43 || len(keys) != got.Documents {
				t.Errorf("removed %d documents (%d objects deleted), want every demo document", got.Documents, len(keys))
			}
			wantEmpty(t, s)
			if users, err := s.ListUsers(ctx, tms.PageRequest{}); err != nil || len(users.Items) != 1 || users.Items[0].Email != admin.Email {
				t.Errorf("users after Remove: %+v, %v; want the admin only", users.Items, err)
			}
			if _, err := seed.Remove(ctx, s, &keys); tms.ErrorCode(err) != tms.CodeConflict {
				t.Errorf("Remove without demo data: %v, want a conflict", err)
			}

			demo(t, s, now)
			extra := tms.Customer{Name: "Our First Real Customer", Active: true}
			if err := s.CreateCustomer(ctx, &extra); err != nil {
				t.Fatal(err)
			}
			if _, err := seed.Remove(ctx, s, &keys); tms.ErrorCode(err) != tms.CodeConflict || !strings.Contains(err.Error(), "1 customers") {
				t.Errorf("Remove with a customer added after the demo: %v, want a conflict naming it", err)
			}
		})
	}
}

func wantEmpty(t *testing.T, s tms.Store) {
	t.Helper()
	customers, err1 := s.ListCustomers(ctx, tms.MasterFilter{})
	loads, err2 := s.ListLoads(ctx, tms.LoadFilter{})
	devices, err3 := s.ListDevices(ctx, tms.MasterFilter{})
	latest, err4 := s.LatestPositions(ctx)
	trucks, err5 := s.ListTrucks(ctx, tms.MasterFilter{})
	for _, err := range []error{err1, err2, err3, err4, err5} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if customers.Total+loads.Total+devices.Total+trucks.Total+len(latest) != 0 {
		t.Errorf("after Remove: %d customers, %d loads, %d devices, %d trucks, %d latest fixes; want none",
			customers.Total, loads.Total, devices.Total, trucks.Total, len(latest))
	}
}
