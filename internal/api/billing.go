package api

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// billingRoutes: carrier settings, rating, fuel surcharge and the accessorial catalog.
// Office staff read them; billing staff and admins change them.
func (a *API) billingRoutes() []Route {
	dateRange := []string{"from", "to"}
	return []Route{
		{"GET /api/v1/settings/carrier", office, a.getCarrierSettings, Doc{Summary: "Carrier letterhead, remit-to and billing defaults", Tag: "billing", Out: tms.CarrierSettings{}}},
		{"PUT /api/v1/settings/carrier", adminsOnly, a.putCarrierSettings, Doc{Summary: "Change the carrier settings (send the version you read)", Tag: "billing", In: tms.CarrierSettings{}, Out: tms.CarrierSettings{}}},

		{"GET /api/v1/customers/{id}/rates", office, a.listRates, Doc{Summary: "A customer's rate defaults", Tag: "rating", Out: []tms.RateDefault{}}},
		{"POST /api/v1/customers/{id}/rates", accounting, a.createRate, Doc{Summary: "Add a rate default (optionally per lane) for a customer", Tag: "rating", In: tms.RateDefault{}, Out: tms.RateDefault{}, Status: 201}},
		{"PUT /api/v1/rates/{id}", accounting, a.updateRate, Doc{Summary: "Change a rate default", Tag: "rating", In: tms.RateDefault{}, Out: tms.RateDefault{}}},
		{"POST /api/v1/loads/{id}/rate", billers, a.rerateLoad, Doc{Summary: "Re-rate a load's linehaul, stop-offs and fuel surcharge from its customer's defaults", Tag: "rating", In: versionInput{}, Out: loadView{}}},

		{"GET /api/v1/fuel/prices", office, a.listDieselPrices, Doc{Summary: "Weekly U.S. on-highway diesel prices, newest first", Tag: "fuel", Out: []tms.DieselPrice{}, Query: append(dateRange, "limit")}},
		{"POST /api/v1/fuel/prices", accounting, a.putDieselPrices, Doc{Summary: "Enter or correct weekly diesel prices", Tag: "fuel", In: []tms.DieselPrice{}, Out: countResult{}, Status: 201}},
		{"POST /api/v1/fuel/prices/import", accounting, a.importDieselPrices, Doc{Summary: "Import weekly diesel prices from CSV (text/csv body: week,price or EIA's history layout)", Tag: "fuel", Out: countResult{}}},
		{"POST /api/v1/fuel/prices/fetch", accounting, a.fetchDieselPrices, Doc{Summary: "Fetch new weekly prices from the EIA API (needs EIA_API_KEY)", Tag: "fuel", Out: countResult{}}},
		{"GET /api/v1/fuel/schedules", office, a.listFuelSchedules, Doc{Summary: "Fuel surcharge schedules", Tag: "fuel", Out: tms.Page[tms.FuelSchedule]{}, Query: append([]string{"q", "status"}, pageParams...)}},
		{"POST /api/v1/fuel/schedules", accounting, a.createFuelSchedule, Doc{Summary: "Create a fuel surcharge schedule", Tag: "fuel", In: tms.FuelSchedule{}, Out: tms.FuelSchedule{}, Status: 201}},
		{"GET /api/v1/fuel/schedules/{id}", office, a.getFuelSchedule, Doc{Summary: "Get a fuel surcharge schedule", Tag: "fuel", Out: tms.FuelSchedule{}}},
		{"PUT /api/v1/fuel/schedules/{id}", accounting, a.updateFuelSchedule, Doc{Summary: "Change a fuel surcharge schedule", Tag: "fuel", In: tms.FuelSchedule{}, Out: tms.FuelSchedule{}}},

		{"GET /api/v1/accessorials", office, a.listAccessorials, Doc{Summary: "The accessorial catalog", Tag: "billing", Out: []tms.Accessorial{}}},
		{"PUT /api/v1/accessorials/{code}", accounting, a.updateAccessorial, Doc{Summary: "Change an accessorial's rate, free time, increment or driver pay", Tag: "billing", In: tms.Accessorial{}, Out: tms.Accessorial{}}},
	}
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

func (a *API) putCarrierSettings(w http.ResponseWriter, r *http.Request) error {
	var in tms.CarrierSettings
	if err := web.DecodeJSON(r, &in); err != nil {
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

func (a *API) updateRate(w http.ResponseWriter, r *http.Request) error {
	return updateRecord(w, r, a.Store.UpdateRateDefault, func(stored, in *tms.RateDefault) {
		in.CustomerID = stored.CustomerID
	})
}

// updateRecord decodes a record, checks the version the client saw and replaces the stored
// one with it (keep copies identity fields the client may not change).
func updateRecord[T any, P interface {
	*T
	RecordMeta() *tms.Meta
}](w http.ResponseWriter, r *http.Request, update func(ctx context.Context, id int64, fn func(P) error) (T, error), keep func(stored, in P)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in T
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	expected, err := expectedVersion(r, P(&in).RecordMeta().Version)
	if err != nil {
		return err
	}
	out, err := update(r.Context(), id, func(stored P) error {
		if err := tms.CheckVersion(expected, stored.RecordMeta().Version); err != nil {
			return err
		}
		keep(stored, &in)
		*P(&in).RecordMeta() = *stored.RecordMeta()
		*stored = in
		return nil
	})
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, out)
}

func (a *API) rerateLoad(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in versionInput
	if err := decodeOptionalJSON(r, &in); err != nil {
		return err
	}
	expected, err := expectedVersion(r, in.Version)
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
	limit := queryInt(q.Get("limit"), v, "limit")
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

func (a *API) listFuelSchedules(w http.ResponseWriter, r *http.Request) error {
	p, err := pageRequest(r)
	if err != nil {
		return err
	}
	page, err := a.Store.ListFuelSchedules(r.Context(), tms.MasterFilter{Text: r.URL.Query().Get("q"), Status: r.URL.Query().Get("status"), Page: p})
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, page)
}

func (a *API) createFuelSchedule(w http.ResponseWriter, r *http.Request) error {
	var s tms.FuelSchedule
	if err := web.DecodeJSON(r, &s); err != nil {
		return err
	}
	if err := a.Store.CreateFuelSchedule(r.Context(), &s); err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, s)
}

func (a *API) getFuelSchedule(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	s, err := a.Store.FuelSchedule(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, s)
}

func (a *API) updateFuelSchedule(w http.ResponseWriter, r *http.Request) error {
	return updateRecord(w, r, a.Store.UpdateFuelSchedule, func(*tms.FuelSchedule, *tms.FuelSchedule) {})
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
	expected, err := expectedVersion(r, in.Version)
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

// writeCSV sends a generated CSV file as an attachment.
func writeCSV(w http.ResponseWriter, name string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err := w.Write(buf.Bytes())
	return err
}
