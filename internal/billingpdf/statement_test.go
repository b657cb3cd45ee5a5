package billingpdf_test

import (
	"strings"
	"testing"

	"github.com/anditms/tms/internal/billingpdf"
	"github.com/anditms/tms/internal/pdftest"
	"github.com/anditms/tms/internal/tms"
)

func sampleStatement() billingpdf.StatementData {
	return billingpdf.StatementData{
		Carrier: carrier(),
		Driver:  tms.Driver{Name: "José Núñez"},
		Settlement: tms.Settlement{Number: "ST-000042", Status: tms.SettlementApproved,
			PeriodStart: date("2026-12-06"), PeriodEnd: date("2026-12-12"), LoadIDs: []int64{11, 12},
			Lines: []tms.SettlementLine{
				{LoadID: 11, Kind: tms.LineTripPay, Description: "812 loaded miles at $0.60", AmountCents: 48720},
				{LoadID: 12, Kind: tms.LineTripPay, Description: "Flat per load", AmountCents: 35000},
				{LoadID: 11, Kind: tms.LineDetentionPay, Description: "Detention at Café Olé", AmountCents: 5000},
				{LoadID: 12, Kind: tms.LineReimbursement, Description: "Lumper receipt #88", AmountCents: 8500},
				{Kind: tms.LineDeduction, Description: "Escrow", AmountCents: -10000},
				{Kind: tms.LineDeduction, Description: "Occupational accident insurance", AmountCents: -4550},
			}},
		LoadNumbers: map[int64]string{11: "L-1001", 12: "L-1002"},
	}
}

// TestRenderStatement renders a driver settlement and reads it back with poppler: earnings
// $887.20 + reimbursements $85.00 = gross $972.20, deductions -$145.50, net $826.70.
func TestRenderStatement(t *testing.T) {
	pdf, err := billingpdf.RenderStatement(sampleStatement())
	if err != nil {
		t.Fatal(err)
	}
	file := pdftest.WriteFile(t, pdf)
	pdftest.CheckPage(t, file, 1)
	text := pdftest.Text(t, file, 0, 0)
	for _, want := range []string{"Andi Trucking LLC", "MC# MC-123456", "DRIVER SETTLEMENT", "ST-000042",
		"2026-12-06 – 2026-12-12", "Approved", "José Núñez",
		"EARNINGS", "Trip pay", "L-1001", "L-1002", "812 loaded miles at $0.60", "$487.20", "$350.00", "Detention pay", "$50.00", "Total earnings", "$887.20",
		"REIMBURSEMENTS", "Lumper receipt #88", "$85.00",
		"DEDUCTIONS", "Escrow", "-$100.00", "Occupational accident insurance", "-$45.50", "Total deductions", "-$145.50",
		"Gross pay", "$972.20", "NET PAY", "$826.70"} {
		if !strings.Contains(text, want) {
			t.Errorf("the statement's text lacks %q:\n%s", want, text)
		}
	}
}

// TestRenderStatementPositiveDeduction shows a deduction stored positive as negative all the same.
func TestRenderStatementPositiveDeduction(t *testing.T) {
	d := sampleStatement()
	d.Settlement.Lines = []tms.SettlementLine{
		{Kind: tms.LineTripPay, Description: "Trip", AmountCents: 50000},
		{Kind: tms.LineDeduction, Description: "Fuel advance", AmountCents: 20000},
	}
	pdf, err := billingpdf.RenderStatement(d)
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, pdftest.WriteFile(t, pdf), 0, 0)
	for _, want := range []string{"-$200.00", "NET PAY", "$300.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("the statement's text lacks %q:\n%s", want, text)
		}
	}
}
