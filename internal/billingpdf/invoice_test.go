package billingpdf_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/billingpdf"
	"github.com/anditms/tms/internal/pdftest"
	"github.com/anditms/tms/internal/tms"
)

func carrier() tms.CarrierSettings {
	return tms.CarrierSettings{
		Name: "Andi Trucking LLC", Address: tms.Address{Line1: "100 Freight Way", City: "Fort Worth", State: "TX", Zip: "76102"},
		Phone: "817-555-0100", Email: "billing@anditrucking.example", MCNumber: "MC-123456", DOTNumber: "7654321",
		RemitToName: "Andi Trucking LLC c/o Lockbox", RemitTo: tms.Address{Line1: "PO Box 4410", City: "Dallas", State: "TX", Zip: "75201"},
		InvoiceFooter: "Thank you for your business. Questions: billing@anditrucking.example",
	}
}

func date(s string) tms.Date {
	d, err := tms.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

var (
	dallas  = tms.Facility{Name: "Café Olé Distribution", Address: tms.Address{City: "Dallas", State: "TX"}, TimeZone: "America/Chicago"}
	atlanta = tms.Facility{Name: "Peach DC", Address: tms.Address{City: "Atlanta", State: "GA"}, TimeZone: "America/New_York"}
	nowhere = tms.Facility{Name: "Yard Without Zone", Address: tms.Address{City: "Tulsa", State: "OK"}, TimeZone: "Mars/Olympus"}
)

// sampleInvoice bills two loads (three stops) with four lines totalling $4,017.45.
func sampleInvoice() billingpdf.InvoiceData {
	load1 := tms.Load{Meta: tms.Meta{ID: 11}, Number: "L-1001", Commodity: "Canned goods", WeightLb: 42000, Pieces: 20,
		References: tms.References{BOL: "BOL-77", PO: "PO-5521", Pickup: "PU-9", CustomerLoad: "CL-3300"}}
	load2 := tms.Load{Meta: tms.Meta{ID: 12}, Number: "L-1002", Commodity: "Paper", WeightLb: 18500}
	return billingpdf.InvoiceData{
		Carrier:  carrier(),
		Customer: tms.Customer{Name: "Grocer Supply Co", BillingAddress: tms.Address{Line1: "9 Market St", City: "Houston", State: "TX", Zip: "77002"}},
		Invoice: tms.Invoice{Number: "INV-000123", Kind: tms.KindInvoice, Status: tms.InvoiceSent,
			IssueDate: date("2026-12-10"), TermsDays: 30, DueDate: date("2027-01-09"), LoadIDs: []int64{11, 12},
			Lines: []tms.InvoiceLine{
				{LoadID: 11, Kind: "linehaul", Description: "Linehaul Dallas, TX to Atlanta, GA", AmountCents: 245000},
				{LoadID: 11, Kind: "fuel_surcharge", Description: "Fuel surcharge", AmountCents: 31245},
				{LoadID: 11, Kind: "detention", Description: "Detention – 1.5 h at Café Olé", AmountCents: 7500},
				{LoadID: 12, Kind: "linehaul", Description: "Linehaul Tulsa, OK", AmountCents: 118000},
			}},
		Loads: []billingpdf.LoadDetail{
			{Load: load1, Stops: []billingpdf.StopDetail{
				{Facility: dallas, Stop: tms.Stop{Seq: 1, Kind: tms.StopPickup,
					AppointmentStart: at("2026-12-07T14:00:00Z"), AppointmentEnd: at("2026-12-07T16:00:00Z"),
					ArrivedAt: ptr(at("2026-12-07T13:50:00Z")), DepartedAt: ptr(at("2026-12-07T15:20:00Z"))}},
				{Facility: atlanta, Stop: tms.Stop{Seq: 2, Kind: tms.StopDelivery,
					AppointmentStart: at("2026-12-08T13:00:00Z"), AppointmentEnd: at("2026-12-08T15:00:00Z"),
					ArrivedAt: ptr(at("2026-12-08T12:45:00Z"))}},
			}},
			{Load: load2, Stops: []billingpdf.StopDetail{
				{Facility: nowhere, Stop: tms.Stop{Seq: 1, Kind: tms.StopDelivery, AppointmentStart: at("2026-12-09T18:00:00Z")}},
			}},
		},
	}
}

// TestRenderInvoice renders invoices and credit memos and reads them back with poppler.
func TestRenderInvoice(t *testing.T) {
	base := []string{"Andi Trucking LLC", "100 Freight Way", "Fort Worth, TX 76102", "817-555-0100", "MC# MC-123456", "USDOT# 7654321",
		"Grocer Supply Co", "9 Market St", "Houston, TX 77002"}
	tests := []struct {
		name    string
		edit    func(*billingpdf.InvoiceData)
		want    []string
		notWant []string
	}{{
		name: "invoice",
		want: []string{"INVOICE", "INV-000123", "2026-12-10", "Net 30", "2027-01-09",
			"BILL TO", "REMIT TO", "Andi Trucking LLC c/o Lockbox", "PO Box 4410",
			"LOAD L-1001", "LOAD L-1002", "BOL # BOL-77", "PO # PO-5521", "Pickup # PU-9", "Customer load # CL-3300",
			"Café Olé Distribution", "Dallas, TX", "Peach DC", "Atlanta, GA",
			"Mon 2026-12-07 08:00-10:00 CST", "2026-12-07 07:50 CST", "2026-12-07 09:20 CST", // pickup, Chicago time
			"Tue 2026-12-08 08:00-10:00 EST", "2026-12-08 07:45 EST", // delivery, New York time
			"Wed 2026-12-09 18:00 UTC", // a zone that does not load prints UTC
			"Commodity: Canned goods", "Weight: 42,000 lb", "Pieces: 20",
			"Detention – 1.5 h at Café Olé", "$2,450.00", "$312.45", "$75.00", "$1,180.00", "TOTAL", "$4,017.45",
			"Thank you for your business.", "Page 1 of 1"},
		notWant: []string{"BALANCE DUE", "Amount paid", "VOID"},
	}, {
		name: "partly paid and credited",
		edit: func(d *billingpdf.InvoiceData) {
			d.Invoice.PaidCents, d.Invoice.CreditedCents = 100000, 1745
		},
		want: []string{"Amount paid", "-$1,000.00", "Credits applied", "-$17.45", "BALANCE DUE", "$3,000.00"},
	}, {
		name: "credit memo",
		edit: func(d *billingpdf.InvoiceData) {
			d.Invoice.Kind, d.Invoice.Number, d.Invoice.AppliesTo = tms.KindCreditMemo, "CM-000007", ptr(int64(123))
			d.Invoice.Lines = d.Invoice.Lines[2:3]
			d.AppliesToNumber = "INV-000123"
		},
		want:    []string{"CREDIT MEMO", "CM-000007", "Applies to invoice", "INV-000123", "TOTAL CREDIT", "$75.00"},
		notWant: []string{"Net 30", "Due date", "$4,017.45"},
	}, {
		name: "void, remit to the carrier",
		edit: func(d *billingpdf.InvoiceData) {
			d.Invoice.Status, d.Invoice.VoidReason = tms.InvoiceVoid, "billed to the wrong customer"
			d.Carrier.RemitToName, d.Carrier.RemitTo = "", tms.Address{}
		},
		want:    []string{"VOID", "billed to the wrong customer"},
		notWant: []string{"PO Box 4410", "Lockbox"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sampleInvoice()
			if tt.edit != nil {
				tt.edit(&d)
			}
			pdf, err := billingpdf.RenderInvoice(d)
			if err != nil {
				t.Fatal(err)
			}
			file := pdftest.WriteFile(t, pdf)
			pdftest.CheckPage(t, file, 1)
			text := pdftest.Text(t, file, 0, 0)
			for _, want := range append(base, tt.want...) {
				if !strings.Contains(text, want) {
					t.Errorf("the PDF's text lacks %q:\n%s", want, text)
				}
			}
			for _, bad := range tt.notWant {
				if strings.Contains(text, bad) {
					t.Errorf("the PDF's text has %q, want it absent", bad)
				}
			}
		})
	}
}

// TestRenderInvoiceLong checks that a long invoice flows onto more pages and repeats the
// lines table's header on each.
func TestRenderInvoiceLong(t *testing.T) {
	d := sampleInvoice()
	d.Invoice.Lines = nil
	for i := range 90 {
		d.Invoice.Lines = append(d.Invoice.Lines, tms.InvoiceLine{LoadID: 11, Kind: "stop_off",
			Description: fmt.Sprintf("Stop-off charge number %d", i+1), AmountCents: tms.Cents(1000 + i)})
	}
	pdf, err := billingpdf.RenderInvoice(d)
	if err != nil {
		t.Fatal(err)
	}
	file := pdftest.WriteFile(t, pdf)
	pages := pdftest.Pages(t, file)
	if pages < 3 {
		t.Fatalf("got %d pages for 90 lines, want at least 3", pages)
	}
	last := pdftest.Text(t, file, pages, pages)
	for _, want := range []string{"DESCRIPTION", "AMOUNT", "Stop-off charge number 90", "TOTAL", fmt.Sprintf("Page %d of %d", pages, pages)} {
		if !strings.Contains(last, want) {
			t.Errorf("the last page lacks %q:\n%s", want, last)
		}
	}
	if second := pdftest.Text(t, file, 2, 2); !strings.Contains(second, "DESCRIPTION") {
		t.Errorf("page 2 does not repeat the table header:\n%s", second)
	}
}

// TestRenderEmpty renders documents with nothing filled in: no panic, a PDF comes out.
func TestRenderEmpty(t *testing.T) {
	tests := []struct {
		name   string
		render func() ([]byte, error)
	}{
		{"zero invoice", func() ([]byte, error) { return billingpdf.RenderInvoice(billingpdf.InvoiceData{}) }},
		{"zero credit memo", func() ([]byte, error) {
			return billingpdf.RenderInvoice(billingpdf.InvoiceData{Invoice: tms.Invoice{Kind: tms.KindCreditMemo}})
		}},
		{"loads without stops or references", func() ([]byte, error) {
			return billingpdf.RenderInvoice(billingpdf.InvoiceData{
				Loads: []billingpdf.LoadDetail{{}, {Stops: []billingpdf.StopDetail{{}}}},
				Invoice: tms.Invoice{Lines: []tms.InvoiceLine{{}, {LoadID: 99, Kind: "other"}},
					DocumentID: nil, AppliesTo: nil, SentAt: nil, IssueDate: date("2026-01-01")},
			})
		}},
		{"characters outside cp1252", func() ([]byte, error) {
			return billingpdf.RenderInvoice(billingpdf.InvoiceData{Customer: tms.Customer{Name: "東京物流 ✓"},
				Invoice: tms.Invoice{Lines: []tms.InvoiceLine{{Description: "🚚 émoji"}}}})
		}},
		{"zero statement", func() ([]byte, error) { return billingpdf.RenderStatement(billingpdf.StatementData{}) }},
		{"statement lines without loads", func() ([]byte, error) {
			return billingpdf.RenderStatement(billingpdf.StatementData{Settlement: tms.Settlement{
				Lines: []tms.SettlementLine{{}, {Kind: tms.LineDeduction}, {LoadID: 5, Kind: tms.LineTripPay}}}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf, err := tt.render()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Fatalf("got %.20q, want a PDF", pdf)
			}
		})
	}
}
