package ui

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// fuelWeeks is how many weeks of diesel prices the fuel page lists.
const fuelWeeks = 26

type fuelData struct {
	Tabs      []navLink
	Prices    []priceRow
	AddPrice  []Control
	Problem   *actionProblem // "price", "import" or "fetch"
	CanFetch  bool           // an EIA API key is configured
	Schedules []scheduleRow
}

type priceRow struct {
	Week   tms.Date
	Price  string
	Source string
}

type scheduleRow struct {
	tms.FuelSchedule
	Terms string
}

// fuelPage lists the weekly diesel prices with the ways to add them, and the fuel
// surcharge schedules.
func (u *UI) fuelPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderFuel(w, r, http.StatusOK, nil)
}

func (u *UI) renderFuel(w http.ResponseWriter, r *http.Request, status int, p *actionProblem) error {
	ctx := r.Context()
	prices, err := u.store.ListDieselPrices(ctx, tms.Date{}, tms.Date{}, fuelWeeks)
	if err != nil {
		return err
	}
	d := fuelData{Tabs: billingTabs(r), Problem: p, CanFetch: u.billing != nil && u.billing.Diesel != nil}
	for _, pr := range prices {
		d.Prices = append(d.Prices, priceRow{Week: pr.Week, Price: millsText(pr.PriceMills), Source: pr.Source})
	}
	f := newForm(nil)
	if p != nil && p.Action == "price" {
		f = p.Form
	}
	d.AddPrice = []Control{
		control("p-", "week", "Week of", "date").required().hint("The Monday EIA dates the week by.").from(f),
		control("p-", "price", "Price ($ per gallon)", "text").required().hint("To the tenth of a cent, such as 3.859.").from(f),
	}
	if d.Schedules, err = u.scheduleRows(ctx); err != nil {
		return err
	}
	return u.render(w, r, status, viewFuel, "Fuel", d)
}

func (u *UI) scheduleRows(ctx context.Context) ([]scheduleRow, error) {
	ss, err := all(ctx, u.store.ListFuelSchedules, "")
	out := make([]scheduleRow, len(ss))
	for i, s := range ss {
		out[i] = scheduleRow{FuelSchedule: s, Terms: scheduleTerms(s)}
	}
	return out, err
}

// scheduleTerms sums up how a schedule computes its surcharge.
func scheduleTerms(s tms.FuelSchedule) string {
	switch s.Method {
	case tms.FuelFormula:
		return fmt.Sprintf("above %s a gallon at %s mpg", millsText(s.PegMills), fixedText(s.MPGTenths, 1))
	case tms.FuelStepTable:
		return fmt.Sprintf("%d price bands", len(s.Steps))
	case tms.FuelPercent:
		return percentText(s.PercentBP) + " of the linehaul"
	}
	return ""
}

// addDieselPrice stores one week's price typed by hand.
func (u *UI) addDieselPrice(w http.ResponseWriter, r *http.Request) error {
	return u.fuelAction(w, r, "price", func(f Form) (string, error) {
		v := tms.Validation{}
		p := tms.DieselPrice{Week: formDate(f, "week", v), Source: "manual",
			PriceMills: fixedField(f, "price", 3, "must be dollars to three decimals such as 3.859", v)}
		if err := v.Err(); err != nil {
			return "", err
		}
		_, err := u.store.PutDieselPrices(r.Context(), []tms.DieselPrice{p})
		return fmt.Sprintf("Saved %s for the week of %s.", millsText(p.PriceMills), p.Week), err
	}, "price_mills", "price")
}

// importDieselPrices stores the weekly prices of an uploaded CSV (week,price or EIA's layout).
func (u *UI) importDieselPrices(w http.ResponseWriter, r *http.Request) error {
	return u.fuelAction(w, r, "import", func(Form) (string, error) {
		file, _, err := r.FormFile("file")
		if err != nil {
			return "", tms.Errorf(tms.CodeInvalid, "choose a CSV file")
		}
		defer file.Close()
		n, err := u.billing.ImportDieselCSV(r.Context(), file)
		return fmt.Sprintf("Imported %d weekly prices.", n), err
	})
}

// fetchDieselPrices asks EIA for the weeks published since the newest stored one.
func (u *UI) fetchDieselPrices(w http.ResponseWriter, r *http.Request) error {
	return u.fuelAction(w, r, "fetch", func(Form) (string, error) {
		n, err := u.billing.FetchDiesel(r.Context())
		if tms.ErrorCode(err) == tms.CodeInternal {
			slog.WarnContext(r.Context(), "eia fetch failed", "err", err, "request_id", web.RequestID(r.Context()))
			err = tms.Errorf(tms.CodeConflict, "EIA could not be reached or refused the request; try again later, or enter the price by hand")
		}
		if n == 0 {
			return "EIA has published no newer prices.", err
		}
		return fmt.Sprintf("Fetched %d weekly prices from EIA.", n), err
	})
}

// fuelAction runs an action of the fuel page: done, back to the page with a notice;
// refused, the page again with why next to the form that asked.
func (u *UI) fuelAction(w http.ResponseWriter, r *http.Request, action string, do func(Form) (string, error), rename ...string) error {
	return u.formAction(w, r, "/settings/fuel", do,
		func(status int, f Form) error { return u.renderFuel(w, r, status, problem(action, f)) }, rename...)
}
