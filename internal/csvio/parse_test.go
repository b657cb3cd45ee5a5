package csvio_test

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/csvio"
	"github.com/anditms/tms/internal/tms"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		kind csvio.Kind
		in   string
		want []csvio.RowError
	}{
		{"bad cells name their line and column", csvio.Customers,
			"name,payment_terms_days,active\nAcme Foods,30,yes\n,30,yes\nBolt Hardware,net 30,maybe\n",
			[]csvio.RowError{
				{Line: 3, Column: "name", Reason: "is required (at most 200 characters)"},
				{Line: 4, Column: "payment_terms_days", Reason: "must be a whole number"},
				{Line: 4, Column: "active", Reason: "must be yes or no (true or false)"},
			}},
		{"validation fields map to columns", csvio.Drivers,
			"name,pay_basis,cdl_state,cdl_expiry\nDana,per_smile,Texas,2030-02-30\n",
			[]csvio.RowError{
				{Line: 2, Column: "cdl_expiry", Reason: "must be a date like 2026-12-31"},
				{Line: 2, Column: "cdl_state", Reason: "must be a two-letter state code"},
				{Line: 2, Column: "pay_basis", Reason: "must be one of per_loaded_mile, per_total_mile, percent_linehaul, flat_per_load, hourly"},
			}},
		{"a bad VIN check digit", csvio.Trucks, "unit_number,vin\nT-1,1M8GDM9A1KP042788\n",
			[]csvio.RowError{{Line: 2, Column: "vin", Reason: "must be 17 characters with a valid check digit"}}},
		{"unknown, repeated and missing columns", csvio.Trucks, "Unit,vin,VIN\n",
			[]csvio.RowError{
				{Line: 1, Column: "Unit", Reason: "is not a column of trucks; the columns are id, unit_number, vin, plate, plate_state, make, model, year, odometer_miles, status, notes"},
				{Line: 1, Column: "vin", Reason: "appears twice in the header"},
				{Line: 1, Column: "unit_number", Reason: "is a required column and is missing from the header"},
			}},
		{"an empty file", csvio.Trailers, "",
			[]csvio.RowError{{Line: 1, Reason: "the file is empty: the first line must name the columns"}}},
		{"a value past the header", csvio.Trailers, "unit_number,type\nV-1,dry_van,53\n",
			[]csvio.RowError{{Line: 2, Reason: "has a value beyond the last column of the header"}}},
		{"text that is not UTF-8", csvio.Customers, "name\nCaf\xe9 Ol\xe9\n",
			[]csvio.RowError{{Line: 2, Column: "name", Reason: "is not UTF-8 text; save the file as CSV UTF-8"}}},
		{"a stray quote spoils one row only", csvio.Trailers, "unit_number,type\nV-1,dry\"van\nV-2,reefer\n",
			[]csvio.RowError{{Line: 2, Reason: "bare \" in non-quoted-field (line 2, character 8)"}}},
		{"load cells", csvio.Loads,
			"customer,pickup_facility,pickup_start,delivery_facility,delivery_start,linehaul_cents,temp_min_f\n" +
				"Acme,Dallas DC,next tuesday,Houston DC,2026-12-07 15:00,$900,cold\n" +
				"Acme,Dallas DC,,Houston DC,2026-12-07 15:00,90000,\n",
			[]csvio.RowError{
				{Line: 2, Column: "temp_min_f", Reason: "must be a whole number"},
				{Line: 2, Column: "pickup_start", Reason: "must be a time like 2026-12-07 08:00 (facility time)"},
				{Line: 2, Column: "linehaul_cents", Reason: "must be a whole number"},
				{Line: 3, Column: "pickup_start", Reason: "is required"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := csvio.Parse(tt.kind, strings.NewReader(tt.in))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// A spreadsheet's "CSV UTF-8" export: byte order mark, CRLF, headers in its own case and
// order, quoted commas and line breaks, blank rows at the end.
func TestParseSpreadsheetExport(t *testing.T) {
	in := "\ufeffNotes,Billing City,Name,Contacts,Required References\r\n" +
		"\"Dock 4, rear; call ahead\r\nno Sunday deliveries\",Dallas,\"Smith, Jones & Co\",\"Ann Lee|ann@sj.example|555-0100; Bo|bo@sj.example\",\"po, bol\"\r\n" +
		"\"'=HYPERLINK(\"\"x\"\")\",Austin,Plain Co,,\r\n" +
		",,,,\r\n\r\n\r\n"
	rows, errs := csvio.Parse(csvio.Customers, strings.NewReader(in))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := []tms.Customer{
		{Name: "Smith, Jones & Co", Notes: "Dock 4, rear; call ahead\nno Sunday deliveries", Active: true,
			BillingAddress:     tms.Address{City: "Dallas"},
			Contacts:           []tms.Contact{{Name: "Ann Lee", Email: "ann@sj.example", Phone: "555-0100"}, {Name: "Bo", Email: "bo@sj.example"}},
			RequiredReferences: []string{"po", "bol"}, RequiredDocuments: []string{"pod"}},
		{Name: "Plain Co", Notes: `=HYPERLINK("x")`, Active: true, BillingAddress: tms.Address{City: "Austin"},
			Contacts: []tms.Contact{}, RequiredReferences: []string{}, RequiredDocuments: []string{"pod"}},
	}
	var got []tms.Customer
	for _, r := range rows {
		got = append(got, *r.Record.(*tms.Customer))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("customers (-want +got):\n%s", diff)
	}
	if rows[1].Line != 4 {
		t.Errorf("second row on line %d, want 4 (the first spans two lines)", rows[1].Line)
	}
}

func TestParseLoadRow(t *testing.T) {
	in := "customer,pickup_facility,pickup_start,pickup_end,delivery_facility,delivery_start,linehaul_cents,fuel_surcharge_cents,other_cents,hazmat_un_number,hazmat_class,temp_max_f,planned_miles\n" +
		"Acme Foods,12,2026-12-07 08:00,2026-12-07 10:00,Grocer Houston,2026-12-07T15:00,150000,21000,0,UN1203,3,38,\n"
	rows, errs := csvio.Parse(csvio.Loads, strings.NewReader(in))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	got := rows[0].Record.(*csvio.LoadRow)
	maxF := 38
	want := &csvio.LoadRow{Customer: "Acme Foods",
		Pickup:   csvio.StopRow{Facility: "12", Start: "2026-12-07 08:00", End: "2026-12-07 10:00"},
		Delivery: csvio.StopRow{Facility: "Grocer Houston", Start: "2026-12-07T15:00"}}
	want.Input.Charges = []tms.Charge{{Kind: "linehaul", AmountCents: 150000}, {Kind: "fuel_surcharge", AmountCents: 21000}}
	want.Input.Hazmat = &tms.Hazmat{UNNumber: "UN1203", Class: "3"}
	want.Input.TempMaxF = &maxF
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("load row (-want +got):\n%s", diff)
	}
}

// docs/CSV.md documents every column of every kind.
func TestDocsNameEveryColumn(t *testing.T) {
	doc, err := os.ReadFile("../../docs/CSV.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range csvio.Kinds {
		header, _ := csvio.Header(kind)
		for _, col := range header {
			if !strings.Contains(string(doc), "`"+col+"`") {
				t.Errorf("docs/CSV.md does not mention the %s column %s", kind, col)
			}
		}
	}
}
