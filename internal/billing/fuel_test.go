package billing_test

import (
	"testing"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/tms"
	"github.com/google/go-cmp/cmp"
)

func week(t *testing.T, s string) tms.Date {
	t.Helper()
	d, err := tms.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestFuelSurchargeAmounts(t *testing.T) {
	formula := tms.FuelSchedule{Method: tms.FuelFormula, PegMills: 1200, MPGTenths: 60}
	steps := tms.FuelSchedule{Method: tms.FuelStepTable, Steps: []tms.FuelStep{
		{FromMills: 3000, MillsPerMile: 300}, {FromMills: 3500, MillsPerMile: 400}, {FromMills: 4000, MillsPerMile: 500},
	}}
	percent := tms.FuelSchedule{Method: tms.FuelPercent, PercentBP: 2500}
	tests := []struct {
		name        string
		schedule    tms.FuelSchedule
		priceMills  int64
		milesTenths int64
		linehaul    tms.Cents
		wantPerMile int64
		wantAmount  tms.Cents
	}{
		// (3.859 - 1.200) / 6.0 = 0.44317 $/mi -> 443 mills/mi; 500.0 mi x $0.443 = $221.50.
		{"formula", formula, 3859, 5000, 0, 443, 22150},
		// (3.861 - 1.200) / 6.0 = 0.4435 -> half up to 444 mills/mi; 1,000.0 mi x $0.444 = $444.00.
		{"formula mill rounds half up", formula, 3861, 10000, 0, 444, 44400},
		// 443 mills/mi x 123.4 mi = 54,666.2 mills = 5,466.62 cents -> $54.67.
		{"formula cent rounds half up", formula, 3859, 1234, 0, 443, 5467},
		// (1.200 - 1.200) / 6.0 = 0: no surcharge at the peg.
		{"formula at peg", formula, 1200, 5000, 0, 0, 0},
		// (1.100 - 1.200) / 6.0 = -0.0167 -> max(0, ...) = 0: no credit below the peg.
		{"formula below peg", formula, 1100, 5000, 0, 0, 0},
		// $3.500 is exactly the second band's FromMills -> that band, 400 mills/mi; 500.0 mi x $0.400 = $200.00.
		{"step on band edge", steps, 3500, 5000, 0, 400, 20000},
		// $3.499 is one mill below the edge -> first band, 300 mills/mi; 500.0 mi x $0.300 = $150.00.
		{"step one mill below edge", steps, 3499, 5000, 0, 300, 15000},
		// $2.999 is below the first band (from $3.000) -> no surcharge.
		{"step below first band", steps, 2999, 5000, 0, 0, 0},
		// $5.000 is above the last band (from $4.000) -> 500 mills/mi; 500.0 mi x $0.500 = $250.00.
		{"step above last band", steps, 5000, 5000, 0, 500, 25000},
		// 25.00% of $2,000.00 = $500.00; miles do not matter.
		{"percent", percent, 3859, 5000, 200000, 0, 50000},
		// 25.00% of $1,234.58 = $308.645 -> half up $308.65.
		{"percent cent rounds half up", percent, 3859, 5000, 123458, 0, 30865},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := billing.FuelRatePerMile(tt.schedule, tt.priceMills); got != tt.wantPerMile {
				t.Errorf("FuelRatePerMile = %d mills, want %d", got, tt.wantPerMile)
			}
			got := billing.FuelSurcharge(tt.schedule, tms.DieselPrice{PriceMills: tt.priceMills}, tt.milesTenths, tt.linehaul)
			if got.AmountCents != tt.wantAmount {
				t.Errorf("amount = %v, want %v", got.AmountCents, tt.wantAmount)
			}
		})
	}
}

func TestFuelSurchargeLine(t *testing.T) {
	w := week(t, "2026-11-16")
	price := tms.DieselPrice{Week: w, PriceMills: 3876}
	tests := []struct {
		name     string
		schedule tms.FuelSchedule
		want     tms.Charge
	}{
		// (3.876 - 1.200) / 6.0 = 0.446 -> 446 mills/mi; 1,234.5 mi x $0.446 = $550.587 -> $550.59.
		{"formula", tms.FuelSchedule{Method: tms.FuelFormula, PegMills: 1200, MPGTenths: 60}, tms.Charge{
			Kind:        "fuel_surcharge",
			Description: "Fuel surcharge, diesel $3.876 (week of 2026-11-16): $0.446/mi x 1,234.5 mi",
			AmountCents: 55059,
			FuelIndex:   &tms.FuelIndex{Week: w, PriceMills: 3876},
		}},
		// 25.00% of $2,000.00 = $500.00.
		{"percent", tms.FuelSchedule{Method: tms.FuelPercent, PercentBP: 2500}, tms.Charge{
			Kind:        "fuel_surcharge",
			Description: "Fuel surcharge, diesel $3.876 (week of 2026-11-16): 25.00% of linehaul $2,000.00",
			AmountCents: 50000,
			FuelIndex:   &tms.FuelIndex{Week: w, PriceMills: 3876},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := billing.FuelSurcharge(tt.schedule, price, 12345, 200000)
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(tms.Date.Equal)); diff != "" {
				t.Errorf("FuelSurcharge (-want +got):\n%s", diff)
			}
		})
	}
}
