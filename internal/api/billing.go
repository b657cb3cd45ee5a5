package api

import (
	"bytes"
	"io"
	"net/http"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// billingRoutes: carrier settings, rating, fuel surcharge and the accessorial catalog.
// Office staff read them; billing staff and admins change them.
func (a *API) billingRoutes() []Route {
	dateRange := []string{"from", "to"}
	s := a.Store
	schedules := resource[tms.FuelSchedule]{"/api/v1/fuel/schedules", "fuel schedules", s.CreateFuelSchedule, s.FuelSchedule, s.ListFuelSchedules,
		s.UpdateFuelSchedule, func(v *tms.FuelSchedule) *tms.Meta { return &v.Meta }, authz.Accounting}
	rates := resource[tms.RateDefault]{update: s.UpdateRateDefault, meta: func(v *tms.RateDefault) *tms.Meta { return &v.Meta }}
	return append(schedules.routes(), []Route{
		{"GET /api/v1/settings/carrier", authz.OfficeRead, a.getCarrierSettings, Doc{Summary: "Carrier letterhead, remit-to and billing defaults", Tag: "billing", Out: tms.CarrierSettings{}}},
		{"PUT /api/v1/settings/carrier", authz.Settings, a.putCarrierSettings, Doc{Summary: "Change the carrier settings (send the version you read)", Tag: "billing", In: tms.CarrierSettings{}, Out: tms.CarrierSettings{}}},

		{"GET /api/v1/customers/{id}/rates", authz.OfficeRead, a.listRates, Doc{Summary: "A customer's rate defaults", Tag: "rating", Out: []tms.RateDefault{}}},
		{"POST /api/v1/customers/{id}/rates", authz.Accounting, a.createRate, Doc{Summary: "Add a rate default (optionally per lane) for a customer", Tag: "rating", In: tms.RateDefault{}, Out: tms.RateDefault{}, Status: 201}},
		{"PUT /api/v1/rates/{id}", authz.Accounting, rates.handleReplace, Doc{Summary: "Change a rate default", Tag: "rating", In: tms.RateDefault{}, Out: tms.RateDefault{}}},
		{"POST /api/v1/loads/{id}/rate", authz.Rating, a.rerateLoad, Doc{Summary: "Re-rate a load's linehaul, stop-offs and fuel surcharge from its customer's defaults", Tag: "rating", In: versionInput{}, Out: loadView{}}},

		{"GET /api/v1/fuel/prices", authz.OfficeRead, a.listDieselPrices, Doc{Summary: "Weekly U.S. on-highway diesel prices, newest first", Tag: "fuel", Out: []tms.DieselPrice{}, Query: append(dateRange, "limit")}},
		{"POST /api/v1/fuel/prices", authz.Accounting, a.putDieselPrices, Doc{Summary: "Enter or correct weekly diesel prices", Tag: "fuel", In: []tms.DieselPrice{}, Out: countResult{}, Status: 201}},
		{"POST /api/v1/fuel/prices/import", authz.Accounting, a.importDieselPrices, Doc{Summary: "Import weekly diesel prices from CSV (text/csv body: week,price or EIA's history layout)", Tag: "fuel", Out: countResult{}, Upload: "text/csv"}},
		{"POST /api/v1/fuel/prices/fetch", authz.Accounting, a.fetchDieselPrices, Doc{Summary: "Fetch new weekly prices from the EIA API (needs EIA_API_KEY)", Tag: "fuel", Out: countResult{}}},

		{"GET /api/v1/accessorials", authz.OfficeRead, a.listAccessorials, Doc{Summary: "The accessorial catalog", Tag: "billing", Out: []tms.Accessorial{}}},
		{"PUT /api/v1/accessorials/{code}", authz.Settings, a.updateAccessorial, Doc{Summary: "Change an accessorial's rate, free time, increment or driver pay", Tag: "billing", In: tms.Accessorial{}, Out: tms.Accessorial{}}},
	}...)
}

type countResult struct {
	Count int `json:"count"`
}

func (a *API) getCarrierSettings(w http.ResponseWriter, r *http.Request) error {
	c, err := a.Store.CarrierSettings(r.Context())
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, c)
}

func (a *API) putCarrierSettings(w http.ResponseWriter, r *http.Request) (err error) {
	var in tms.CarrierSettings
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version, err = requireVersion(r, in.Version); err != nil {
		return err
	}
	c, err := a.Store.UpdateCarrierSettings(r.Context(), func(c *tms.CarrierSettings) error { *c = in; return nil })
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, c)
}

func (a *API) listRates(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.Store.Customer(r.Context(), id); err != nil {
		return err
	}
	rates, err := a.Store.ListRateDefaults(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, rates)
}

func (a *API) createRate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var rd tms.RateDefault
	if err := web.DecodeJSON(r, &rd); err != nil {
		return err
	}
	rd.CustomerID = id
	if err := a.Store.CreateRateDefault(r.Context(), &rd); err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, rd)
}

func (a *API) rerateLoad(w http.ResponseWriter, r *http.Request) error {
	id, expected, err := pathAndVersion(r)
	if err != nil {
		return err
	}
	l, err := a.Billing.Rerate(r.Context(), id, expected)
	if err != nil {
		return err
	}
	return a.writeLoad(w, r, http.StatusOK, l)
}

func (a *API) listDieselPrices(w http.ResponseWriter, r *http.Request) error {
	q, v := r.URL.Query(), tms.Validation{}
	from, to := queryDate(q.Get("from"), v, "from"), queryDate(q.Get("to"), v, "to")
	limit := web.QueryInt(q.Get("limit"), v, "limit")
	if err := v.Err(); err != nil {
		return err
	}
	prices, err := a.Store.ListDieselPrices(r.Context(), from, to, limit)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, prices)
}

// queryDate reads an optional YYYY-MM-DD query parameter.
func queryDate(s string, v tms.Validation, field string) tms.Date {
	if s == "" {
		return tms.Date{}
	}
	d, err := tms.ParseDate(s)
	v.Check(err == nil, field, "must be a YYYY-MM-DD date")
	return d
}

func (a *API) putDieselPrices(w http.ResponseWriter, r *http.Request) error {
	var prices []tms.DieselPrice
	if err := web.DecodeJSON(r, &prices); err != nil {
		return err
	}
	if len(prices) == 0 || len(prices) > 1000 {
		return tms.Errorf(tms.CodeInvalid, "send 1 to 1,000 weekly prices")
	}
	n, err := a.Store.PutDieselPrices(r.Context(), prices)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, countResult{n})
}

func (a *API) importDieselPrices(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return tms.Errorf(tms.CodeInvalid, "the CSV body could not be read (at most 1 MiB)")
	}
	n, err := a.Billing.ImportDieselCSV(r.Context(), bytes.NewReader(body))
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, countResult{n})
}

func (a *API) fetchDieselPrices(w http.ResponseWriter, r *http.Request) error {
	n, err := a.Billing.FetchDiesel(r.Context())
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, countResult{n})
}

func (a *API) listAccessorials(w http.ResponseWriter, r *http.Request) error {
	list, err := a.Store.ListAccessorials(r.Context())
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, list)
}

func (a *API) updateAccessorial(w http.ResponseWriter, r *http.Request) error {
	var in tms.Accessorial
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	expected, err := requireVersion(r, in.Version)
	if err != nil {
		return err
	}
	out, err := a.Store.UpdateAccessorial(r.Context(), r.PathValue("code"), func(stored *tms.Accessorial) error {
		if err := tms.CheckVersion(expected, stored.Version); err != nil {
			return err
		}
		in.Meta = stored.Meta
		*stored = in
		return nil
	})
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, out)
}
