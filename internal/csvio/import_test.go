package csvio_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/csvio"
	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/seed"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

var ctx = tms.WithActor(context.Background(), tms.Actor{Email: "csv-test", Role: tms.RoleAdmin, Source: tms.SourceAPI})

func eachBackend(t *testing.T, fn func(t *testing.T, d csvio.Deps)) {
	for _, fac := range testenv.Factories(t) {
		t.Run(fac.Name, func(t *testing.T) { fn(t, deps(fac.Open(t))) })
	}
}

func deps(s tms.Store) csvio.Deps {
	return csvio.Deps{Store: s, Dispatch: &dispatch.Service{Store: s, Router: tms.GreatCircleRouter{}}}
}

func importCSV(t *testing.T, d csvio.Deps, kind csvio.Kind, in string, opts csvio.Options) csvio.Report {
	t.Helper()
	rep, err := csvio.ImportFile(ctx, d, kind, strings.NewReader(in), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func countCustomers(t *testing.T, s tms.Store) int {
	t.Helper()
	page, err := s.ListCustomers(ctx, tms.MasterFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return page.Total
}

const customersCSV = "name,billing_city,billing_state,payment_terms_days,credit_limit_cents,contacts\n" +
	"Acme Foods,Dallas,TX,30,500000,Jane Roe|jane@acme.example|555-0100\n" +
	"Bolt Hardware,Houston,TX,-5,100000,\n" +
	"Crane Paper,Memphis,TN,45,250000,Sam Poe|sam@crane.example\n"

func TestCustomersWithOneBadRowImportNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, d csvio.Deps) {
		got := importCSV(t, d, csvio.Customers, customersCSV, csvio.Options{})
		want := csvio.Report{Kind: csvio.Customers, Total: 3, Skipped: 3,
			Errors: []csvio.RowError{{Line: 3, Column: "payment_terms_days", Reason: "must be 0 to 365"}}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("report (-want +got):\n%s", diff)
		}
		if n := countCustomers(t, d.Store); n != 0 {
			t.Errorf("%d customers stored, want none", n)
		}
	})
}

func TestDryRunAndSkipInvalid(t *testing.T) {
	eachBackend(t, func(t *testing.T, d csvio.Deps) {
		dry := importCSV(t, d, csvio.Customers, customersCSV, csvio.Options{DryRun: true, SkipInvalid: true})
		if dry.Imported != 2 || dry.Skipped != 1 || len(dry.Errors) != 1 {
			t.Errorf("dry run report = %+v, want 2 would be imported and 1 skipped", dry)
		}
		if n := countCustomers(t, d.Store); n != 0 {
			t.Errorf("a dry run stored %d customers, want none", n)
		}
		var calls [][2]int
		rep, err := csvio.ImportFile(ctx, d, csvio.Customers, strings.NewReader(customersCSV), csvio.Options{SkipInvalid: true},
			func(done, total int) { calls = append(calls, [2]int{done, total}) })
		if err != nil || rep.Imported != 2 || rep.Skipped != 1 || rep.Refused() {
			t.Errorf("skip invalid = %+v, %v; want 2 imported and 1 skipped", rep, err)
		}
		if n := countCustomers(t, d.Store); n != 2 {
			t.Errorf("%d customers stored, want 2", n)
		}
		if diff := cmp.Diff([][2]int{{1, 2}, {2, 2}}, calls); diff != "" {
			t.Errorf("progress calls (-want +got):\n%s", diff)
		}
	})
}

func TestSpreadsheetExportImports(t *testing.T) {
	eachBackend(t, func(t *testing.T, d csvio.Deps) {
		in := "\ufeffName,Billing Line1,Billing City,Notes\r\n\"Smith, Jones & Co\",\"1 Elm St, Suite 2\",Dallas,\"call ahead,\r\nrear dock\"\r\n,,,\r\n"
		if rep := importCSV(t, d, csvio.Customers, in, csvio.Options{}); rep.Imported != 1 {
			t.Fatalf("report = %+v, want 1 imported", rep)
		}
		page, _ := d.Store.ListCustomers(ctx, tms.MasterFilter{})
		c := page.Items[0]
		if c.Name != "Smith, Jones & Co" || c.BillingAddress.Line1 != "1 Elm St, Suite 2" || c.Notes != "call ahead,\nrear dock" || !c.Active {
			t.Errorf("stored %+v", c)
		}
	})
}

func TestDuplicateKeys(t *testing.T) {
	eachBackend(t, func(t *testing.T, d csvio.Deps) {
		importCSV(t, d, csvio.Trucks, "unit_number,vin\nT-101,1M8GDM9AXKP042788\n", csvio.Options{})
		got := importCSV(t, d, csvio.Trucks, "unit_number,vin\nt-101,\nT-102,1m8gdm9axkp042788\nT-103,\nT-103,\n", csvio.Options{SkipInvalid: true})
		want := []csvio.RowError{
			{Line: 2, Column: "unit_number", Reason: `"t-101" already exists`},
			{Line: 3, Column: "vin", Reason: `"1M8GDM9AXKP042788" already exists`},
			{Line: 5, Column: "unit_number", Reason: `"T-103" repeats line 4`},
		}
		if diff := cmp.Diff(want, got.Errors); diff != "" || got.Imported != 1 {
			t.Errorf("imported %d, want 1; errors (-want +got):\n%s", got.Imported, diff)
		}
	})
}

const facilitiesCSV = "name,address_city,address_state,lat,lon,time_zone\n" +
	"Acme DC Dallas,Dallas,TX,32.7767,-96.797,America/Chicago\n" +
	"Grocer Houston,Houston,TX,29.7604,-95.3698,America/Chicago\n"

func TestImportLoads(t *testing.T) {
	eachBackend(t, func(t *testing.T, d csvio.Deps) {
		importCSV(t, d, csvio.Customers, "name\nAcme Foods\nSleepy Co\n", csvio.Options{})
		importCSV(t, d, csvio.Facilities, facilitiesCSV, csvio.Options{})
		in := "customer,pickup_facility,pickup_start,pickup_end,delivery_facility,delivery_start,linehaul_cents,fuel_surcharge_cents,equipment_type\n" +
			"acme foods,1,2026-12-07 08:00,2026-12-07 10:00,Grocer Houston,2026-12-07 15:00,150000,21000,dry_van\n" +
			"Acme Foods,Nowhere DC,2026-12-07 08:00,,Grocer Houston,2026-12-07 15:00,150000,,dry_van\n" +
			"Acme Foods,Acme DC Dallas,2026-12-08 08:00,,Grocer Houston,2026-12-07 15:00,-100000000,,box_truck\n"
		got := importCSV(t, d, csvio.Loads, in, csvio.Options{SkipInvalid: true})
		want := csvio.Report{Kind: csvio.Loads, Total: 3, Imported: 1, Skipped: 2, Errors: []csvio.RowError{
			{Line: 3, Column: "pickup_facility", Reason: `no facility is named "Nowhere DC" or has that id`},
			{Line: 4, Column: "delivery_start", Reason: "must not be before the previous stop's"},
			{Line: 4, Column: "equipment_type", Reason: "must be one of " + strings.Join(tms.TrailerTypes, ", ")},
			{Line: 4, Column: "linehaul_cents", Reason: "is out of range"},
		}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("report (-want +got):\n%s", diff)
		}
		page, _ := d.Store.ListLoads(ctx, tms.LoadFilter{})
		l := page.Items[0]
		if start := l.Stops[0].AppointmentStart; !start.Equal(time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)) || l.TotalCents != 171000 {
			t.Errorf("load picks up at %v with total %d, want 08:00 in Dallas (14:00 UTC) and 171000", start, l.TotalCents)
		}
	})
}

// Everything exported imports into an empty installation and exports the same again, but
// for what the store gives (ids, load numbers and statuses).
func TestExportImportRoundTrip(t *testing.T) {
	eachBackend(t, func(t *testing.T, from csvio.Deps) {
		blobs, err := blob.NewLocal(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		docs := &documents.Service{Store: from.Store, Blobs: blobs}
		bill := &billing.Service{Store: from.Store, Docs: docs, Router: tms.GreatCircleRouter{}}
		if _, err := seed.Demo(ctx, from.Store, from.Dispatch, docs, bill, time.Now()); err != nil {
			t.Fatal(err)
		}
		to := deps(testenv.SQLite(t))
		for _, kind := range csvio.Kinds {
			first := export(t, from.Store, kind)
			rep, err := csvio.ImportFile(ctx, to, kind, strings.NewReader(first), csvio.Options{}, nil)
			if err != nil || rep.Refused() || rep.Imported == 0 {
				t.Fatalf("%s: import of the export = %+v, %v", kind, rep, err)
			}
			if diff := cmp.Diff(withoutStoreColumns(t, kind, first), withoutStoreColumns(t, kind, export(t, to.Store, kind))); diff != "" {
				t.Errorf("%s: export after import (-first +second):\n%s", kind, diff)
			}
		}
	})
}

func export(t *testing.T, s tms.Store, kind csvio.Kind) string {
	t.Helper()
	var b bytes.Buffer
	if err := csvio.Export(ctx, s, kind, &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// withoutStoreColumns parses an export and blanks the columns the store fills in: ids, and
// the numbers and statuses of loads.
func withoutStoreColumns(t *testing.T, kind csvio.Kind, s string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range rows[0] {
		if name == "id" || kind == csvio.Loads && (name == "number" || name == "status") {
			for _, row := range rows[1:] {
				row[i] = ""
			}
		}
	}
	return rows
}
