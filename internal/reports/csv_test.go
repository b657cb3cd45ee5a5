package reports

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/tms"
)

var customerNames = map[int64]string{1: "Acme, Inc.", 2: "-Globex"}

func TestWriteAgingCSV(t *testing.T) {
	r := AgingReport{
		Rows: []AgingRow{
			{CustomerID: 1, CustomerName: "Acme, Inc.", AgingBuckets: AgingBuckets{Current: 100000, Days1To30: 2550, Total: 102550}},
			{CustomerID: 2, CustomerName: `=HYPERLINK("x")`, AgingBuckets: AgingBuckets{Over90: -1250, Total: -1250}},
		},
		Totals: AgingBuckets{Current: 100000, Days1To30: 2550, Over90: -1250, Total: 101300},
	}
	want := "customer,current,1-30,31-60,61-90,over 90,total\r\n" +
		`"Acme, Inc.",1000.00,25.50,0.00,0.00,0.00,1025.50` + "\r\n" +
		`"'=HYPERLINK(""x"")",0.00,0.00,0.00,0.00,-12.50,-12.50` + "\r\n" +
		"Total,1000.00,25.50,0.00,0.00,-12.50,1013.00\r\n"
	var b strings.Builder
	if err := WriteAgingCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteAgingCSV mismatch (-want +got):\n%s", diff)
	}
}

func TestWriteQuickBooksInvoices(t *testing.T) {
	invs := []tms.Invoice{
		{Number: "INV-1001", Kind: tms.KindInvoice, CustomerID: 1, Status: tms.InvoiceSent,
			IssueDate: date(t, "2026-03-02"), TermsDays: 30, DueDate: date(t, "2026-04-01"), LoadIDs: []int64{11, 12},
			Lines: []tms.InvoiceLine{
				{LoadID: 11, Kind: "linehaul", Description: "Chicago, IL to Dallas, TX", AmountCents: 250000},
				{LoadID: 11, Kind: "fuel_surcharge", Description: "FSC at $3.899", AmountCents: 31250},
				{LoadID: 12, Kind: "other", Description: "Rate adjustment", AmountCents: -1250},
			}},
		{Number: "INV-1002", Kind: tms.KindInvoice, CustomerID: 2, Status: tms.InvoicePaid,
			IssueDate: date(t, "2026-03-05"), DueDate: date(t, "2026-03-05"), LoadIDs: []int64{13},
			Lines: []tms.InvoiceLine{
				{LoadID: 13, Kind: "tonu", Description: "Truck ordered not used", AmountCents: 25000},
				{Kind: "detention", Description: "Detention 2h", AmountCents: 10000},
			}},
		{Number: "INV-1003", Kind: tms.KindInvoice, CustomerID: 1, Status: tms.InvoiceDraft,
			Lines: []tms.InvoiceLine{{Kind: "linehaul", Description: "draft", AmountCents: 1}}},
		{Number: "INV-1004", Kind: tms.KindInvoice, CustomerID: 1, Status: tms.InvoiceVoid,
			Lines: []tms.InvoiceLine{{Kind: "linehaul", Description: "void", AmountCents: 1}}},
		{Number: "CM-1", Kind: tms.KindCreditMemo, CustomerID: 1, Status: tms.InvoiceApplied,
			Lines: []tms.InvoiceLine{{Kind: "other", Description: "credit", AmountCents: 1}}},
	}
	loadNumbers := map[int64]string{11: "L-11", 12: "L-12", 13: "L-13"}
	want := "*InvoiceNo,*Customer,*InvoiceDate,*DueDate,Terms,Memo,Item(Product/Service),ItemDescription,ItemQuantity,ItemRate,*ItemAmount,Service Date\r\n" +
		`INV-1001,"Acme, Inc.",03/02/2026,04/01/2026,Net 30,"Loads L-11, L-12",Linehaul,"Load L-11 - Chicago, IL to Dallas, TX",1,2500.00,2500.00,` + "\r\n" +
		`INV-1001,"Acme, Inc.",03/02/2026,04/01/2026,Net 30,"Loads L-11, L-12",Fuel Surcharge,Load L-11 - FSC at $3.899,1,312.50,312.50,` + "\r\n" +
		`INV-1001,"Acme, Inc.",03/02/2026,04/01/2026,Net 30,"Loads L-11, L-12",Other,Load L-12 - Rate adjustment,1,-12.50,-12.50,` + "\r\n" +
		`INV-1002,'-Globex,03/05/2026,03/05/2026,Due on receipt,Loads L-13,TONU,Load L-13 - Truck ordered not used,1,250.00,250.00,` + "\r\n" +
		`INV-1002,'-Globex,03/05/2026,03/05/2026,Due on receipt,Loads L-13,Detention,Detention 2h,1,100.00,100.00,` + "\r\n"
	var b strings.Builder
	if err := WriteQuickBooksInvoices(&b, invs, customerNames, loadNumbers); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteQuickBooksInvoices mismatch (-want +got):\n%s", diff)
	}
}

func TestWriteQuickBooksPayments(t *testing.T) {
	pays := []tms.Payment{
		{InvoiceID: 1, CustomerID: 1, AmountCents: 100000, Date: date(t, "2026-03-20"), Method: "check", Reference: "CHK 5521"},
		{InvoiceID: 2, CustomerID: 2, AmountCents: 25000, Date: date(t, "2026-03-21"), Method: "ach", Reference: "@ACH-778", Notes: "short pay, see remit"},
		{InvoiceID: 1, CustomerID: 1, AmountCents: 5000, Date: date(t, "2026-03-22"), Method: "factoring", Notes: "+fee"},
	}
	invoiceNumbers := map[int64]string{1: "INV-1001", 2: "INV-1002"}
	want := "Payment Date,Customer,Payment Method,Reference No,Invoice No,Amount,Memo\r\n" +
		`03/20/2026,"Acme, Inc.",Check,CHK 5521,INV-1001,1000.00,` + "\r\n" +
		`03/21/2026,'-Globex,ACH,'@ACH-778,INV-1002,250.00,"short pay, see remit"` + "\r\n" +
		`03/22/2026,"Acme, Inc.",Factoring,,INV-1001,50.00,'+fee` + "\r\n"
	var b strings.Builder
	if err := WriteQuickBooksPayments(&b, pays, invoiceNumbers, customerNames); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteQuickBooksPayments mismatch (-want +got):\n%s", diff)
	}
}

func TestWriteOperatingCSV(t *testing.T) {
	o := Operating{
		Overall: Metrics{Loads: 3, RevenueCents: 470000, LoadedMilesTenths: 18000, EmptyMilesTenths: 1500,
			RevenuePerMileCents: 261, DeadheadBP: 769, OnTimePickupBP: 6667, OnTimeDeliveryBP: 5000},
		ByCustomer: []Group{{ID: 1, Name: "Acme", Metrics: Metrics{Loads: 2, RevenueCents: 370000, LoadedMilesTenths: 15000,
			EmptyMilesTenths: 1000, RevenuePerMileCents: 247, DeadheadBP: 625, OnTimePickupBP: 5000, OnTimeDeliveryBP: 10000}}},
		ByDriver: []Group{{ID: 10, Name: "=Dana", Metrics: Metrics{Loads: 1, RevenueCents: 100000, LoadedMilesTenths: 3333,
			EmptyMilesTenths: 5, RevenuePerMileCents: 300, DeadheadBP: 15, OnTimePickupBP: 0, OnTimeDeliveryBP: 10000}}},
	}
	want := "scope,name,loads,revenue,loaded miles,empty miles,revenue per mile,deadhead %,on-time pickup %,on-time delivery %\r\n" +
		"overall,All loads,3,4700.00,1800.0,150.0,2.61,7.69,66.67,50.00\r\n" +
		"customer,Acme,2,3700.00,1500.0,100.0,2.47,6.25,50.00,100.00\r\n" +
		"driver,'=Dana,1,1000.00,333.3,0.5,3.00,0.15,0.00,100.00\r\n"
	var b strings.Builder
	if err := WriteOperatingCSV(&b, o); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteOperatingCSV mismatch (-want +got):\n%s", diff)
	}
}

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{"+1 Freight", "'+1 Freight"},
		{"-Acme", "'-Acme"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tTabbed", "'\tTabbed"},
		{"\rReturned", "'\rReturned"},
		{"Acme", "Acme"},
		{"1-800 Trucking", "1-800 Trucking"},
		{"'quoted", "'quoted"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := text(tt.in); got != tt.want {
			t.Errorf("text(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecimal(t *testing.T) {
	tests := []struct {
		n      int64
		places int
		want   string
	}{
		{123456, 2, "1234.56"},
		{-1250, 2, "-12.50"},
		{-5, 2, "-0.05"},
		{0, 2, "0.00"},
		{8750, 2, "87.50"},
		{18000, 1, "1800.0"},
		{3, 1, "0.3"},
	}
	for _, tt := range tests {
		if got := decimal(tt.n, tt.places); got != tt.want {
			t.Errorf("decimal(%d, %d): got %q, want %q", tt.n, tt.places, got, tt.want)
		}
	}
}

func TestAgingCSVRoundTrip(t *testing.T) {
	r := AgingReport{
		Rows: []AgingRow{
			{CustomerName: "Quote \"Q\" Logistics", AgingBuckets: AgingBuckets{Current: 1, Total: 1}},
			{CustomerName: "Line\nBreak, LLC", AgingBuckets: AgingBuckets{Days31To60: 199, Total: 199}},
			{CustomerName: "+Plus Freight", AgingBuckets: AgingBuckets{Over90: -100, Total: -100}},
		},
		Totals: AgingBuckets{Current: 1, Days31To60: 199, Over90: -100, Total: 100},
	}
	var b strings.Builder
	if err := WriteAgingCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"customer", "current", "1-30", "31-60", "61-90", "over 90", "total"},
		{"Quote \"Q\" Logistics", "0.01", "0.00", "0.00", "0.00", "0.00", "0.01"},
		{"Line\nBreak, LLC", "0.00", "0.00", "1.99", "0.00", "0.00", "1.99"},
		{"'+Plus Freight", "0.00", "0.00", "0.00", "0.00", "-1.00", "-1.00"},
		{"Total", "0.01", "0.00", "1.99", "0.00", "-1.00", "1.00"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("read back mismatch (-want +got):\n%s", diff)
	}
}
