package seed

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/tms"
)

// dieselMills are the demo weekly diesel prices, oldest first, in mills per gallon: eight
// Mondays ending with the week of the seeding day.
var dieselMills = []int64{3718, 3742, 3779, 3806, 3851, 3893, 3874, 3912}

// demoDomain is the demo carrier's e-mail domain.
const demoDomain = "anditrucking.example.com"

// reeferShippers are the shippers on the reefer step table; the others are on the default.
var reeferShippers = []int{5, 13} // Front Range Organics and First Coast Seafood

// fuelRates are the stored fuel schedules and diesel prices the demo loads are charged by.
type fuelRates struct {
	standard, reefer tms.FuelSchedule
	prices           []tms.DieselPrice // oldest first
}

// surcharge is the fuel surcharge of a trip as billing would rate it: the shipper's schedule
// at the price in effect on the pickup day.
func (r *fuelRates) surcharge(t trip, linehaul tms.Cents) tms.Charge {
	sch := r.standard
	if slices.Contains(reeferShippers, t.from) {
		sch = r.reefer
	}
	day := sch.IndexDay(t.pickup.UTC())
	price := r.prices[0]
	for _, p := range r.prices {
		if !p.Week.Time().After(day.Time()) {
			price = p
		}
	}
	return billing.FuelSurcharge(sch, price, tms.MilesTenths(t.miles), linehaul)
}

// addBillingSetup stores the carrier's letterhead, the diesel prices, the fuel surcharge
// schedules (the formula one as the carrier default, a step table for the reefer shippers)
// and a few customer rate defaults, so loads booked in the UI are rated; f.fuel keeps the
// schedules and prices for the demo loads' surcharges.
func addBillingSetup(ctx context.Context, s tms.Store, bill *billing.Service, f *fleet, now time.Time) error {
	formula := tms.FuelSchedule{Name: "DOE national average, peg $1.20 at 6.0 mpg", Method: tms.FuelFormula,
		PegMills: 1200, MPGTenths: 60, EffectiveLagDays: 1, Active: true}
	step := tms.FuelSchedule{Name: "Reefer step table, 4 cents a mile per 25 cents of diesel", Method: tms.FuelStepTable,
		Steps: reeferSteps(), EffectiveLagDays: 1, Active: true}
	for _, sch := range []*tms.FuelSchedule{&formula, &step} {
		if err := s.CreateFuelSchedule(ctx, sch); err != nil {
			return fmt.Errorf("fuel schedule %s: %w", sch.Name, err)
		}
	}
	if err := letterhead(ctx, s, carrierName(bill), formula.ID); err != nil {
		return err
	}
	f.fuel = &fuelRates{standard: formula, reefer: step, prices: dieselPrices(now)}
	if _, err := s.PutDieselPrices(ctx, f.fuel.prices); err != nil {
		return fmt.Errorf("diesel prices: %w", err)
	}
	for _, i := range reeferShippers {
		_, err := s.UpdateCustomer(ctx, f.customers[i].ID, func(c *tms.Customer) error { c.FuelScheduleID = &step.ID; return nil })
		if err != nil {
			return fmt.Errorf("fuel schedule of %s: %w", f.customers[i].Name, err)
		}
	}
	return addRateDefaults(ctx, s, f)
}

// reeferSteps add 4 cents a mile for every 25 cents diesel costs above $3.00.
func reeferSteps() []tms.FuelStep {
	var steps []tms.FuelStep
	for k := range int64(7) {
		steps = append(steps, tms.FuelStep{FromMills: 3000 + 250*k, MillsPerMile: 400 + 40*k})
	}
	return steps
}

func carrierName(bill *billing.Service) string {
	if bill.Docs != nil && bill.Docs.CarrierName != "" {
		return bill.Docs.CarrierName
	}
	return documents.DefaultCarrierName
}

// letterhead fills the carrier settings printed on invoices and statements.
func letterhead(ctx context.Context, s tms.Store, name string, fuelScheduleID int64) error {
	_, err := s.UpdateCarrierSettings(ctx, func(c *tms.CarrierSettings) error {
		c.Name = name
		c.Address = tms.Address{Line1: "4550 Irving Blvd", City: "Dallas", State: "TX", Zip: "75247", Country: "US"}
		c.Phone, c.Email = "(214) 555-0190", "billing@"+demoDomain
		c.MCNumber, c.DOTNumber = "1184523", "3398127"
		c.RemitToName = name + " c/o Lockbox"
		c.RemitTo = tms.Address{Line1: "PO Box 671134", City: "Dallas", State: "TX", Zip: "75267-1134", Country: "US"}
		c.InvoiceFooter = "Thank you for your business. Questions: billing@" + demoDomain
		c.FuelScheduleID = &fuelScheduleID
		return nil
	})
	if err != nil {
		return fmt.Errorf("carrier settings: %w", err)
	}
	return nil
}

// dieselPrices dates dieselMills on the Mondays up to the seeding day, as entered by hand.
func dieselPrices(now time.Time) []tms.DieselPrice {
	monday := weekStart(tms.DateOf(now.UTC()))
	out := make([]tms.DieselPrice, len(dieselMills))
	for i, mills := range dieselMills {
		week := addDays(monday, 7*(i-len(dieselMills)+1))
		out[i] = tms.DieselPrice{Week: week, PriceMills: mills, Source: "manual"}
	}
	return out
}

// weekStart is the Monday on or before d.
func weekStart(d tms.Date) tms.Date {
	return addDays(d, -((int(d.Time().Weekday()) + 6) % 7))
}

func addDays(d tms.Date, n int) tms.Date { return tms.DateOf(d.Time().AddDate(0, 0, n)) }

// addRateDefaults gives a few customers standard rates: a per-mile rate with stop-offs and a
// higher in-state lane for Lone Star, a per-mile rate for Peachtree and a flat rate for Buckeye.
func addRateDefaults(ctx context.Context, s tms.Store, f *fleet) error {
	for _, r := range []tms.RateDefault{
		{CustomerID: f.customers[0].ID, Method: tms.LinehaulPerMile, Rate: 2750, StopOffCents: 7500, Active: true},
		{CustomerID: f.customers[0].ID, OriginState: "TX", DestState: "TX", Method: tms.LinehaulPerMile, Rate: 3100, StopOffCents: 7500, Active: true},
		{CustomerID: f.customers[3].ID, Method: tms.LinehaulPerMile, Rate: 2900, StopOffCents: 10000, Active: true},
		{CustomerID: f.customers[11].ID, Method: tms.LinehaulFlat, Rate: 115000, Active: true},
	} {
		if err := s.CreateRateDefault(ctx, &r); err != nil {
			return fmt.Errorf("rate default: %w", err)
		}
	}
	return nil
}
