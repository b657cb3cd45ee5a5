package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/api"
	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/tms"
)

// replaceCase is a replace (PUT) of one record: a complete body the server accepts, carrying
// the record's version, and a field the replace requires.
type replaceCase struct {
	path     string
	body     map[string]any
	required string
}

// TestReplaceRequiresRequiredFields: for every PUT of the route table, the record's complete
// body with one required field left out is refused with 400 naming that field (not taken as
// "keep the old value", nor wiped), and changes nothing: the complete body is then accepted
// under the same version.
func TestReplaceRequiresRequiredFields(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		admin := login(t, e.srv, "admin@example.com", tms.RoleAdmin, 0)
		cases := replaceCases(t, e, admin)
		for _, rt := range (&api.API{Store: e.srv.App.Store}).Routes() {
			if strings.HasPrefix(rt.Pattern, "PUT ") && cases[rt.Pattern] == nil {
				t.Errorf("%s: no required-field case", rt.Pattern)
			}
		}
		for pattern, build := range cases {
			c := build()
			partial := map[string]any{}
			for k, v := range c.body {
				if k != c.required {
					partial[k] = v
				}
			}
			p := admin.Do("PUT", c.path, partial).Want(http.StatusBadRequest).Problem()
			if fields, _ := p["errors"].(map[string]any); fields[c.required] == nil {
				t.Errorf("%s without %s: problem %v, want a field error on %s", pattern, c.required, p, c.required)
			}
			admin.Do("PUT", c.path, c.body).Want(http.StatusOK)
		}
	})
}

// replaceCases builds, per PUT pattern, a record and its replace case.
func replaceCases(t *testing.T, e billEnv, admin *apitest.Client) map[string]func() replaceCase {
	// read returns the record at path as the server shows it, which is also a complete body.
	read := func(path string) map[string]any {
		var rec map[string]any
		admin.Do("GET", path, nil).Want(http.StatusOK).JSON(&rec)
		return rec
	}
	// created posts body to path and returns the new record's path under prefix.
	created := func(path string, body map[string]any, prefix string) string {
		var rec struct{ ID int64 }
		admin.Do("POST", path, body).Want(http.StatusCreated).JSON(&rec)
		return fmt.Sprintf("%s/%d", prefix, rec.ID)
	}
	record := func(path, required string) func() replaceCase {
		return func() replaceCase { return replaceCase{path, read(path), required} }
	}
	f := e.f
	return map[string]func() replaceCase{
		"PUT /api/v1/customers/{id}":  record(fmt.Sprintf("/api/v1/customers/%d", f.Customer.ID), "name"),
		"PUT /api/v1/facilities/{id}": record(fmt.Sprintf("/api/v1/facilities/%d", f.Shipper.ID), "name"),
		"PUT /api/v1/drivers/{id}":    record(fmt.Sprintf("/api/v1/drivers/%d", f.Driver.ID), "name"),
		"PUT /api/v1/trucks/{id}":     record(fmt.Sprintf("/api/v1/trucks/%d", f.Truck.ID), "unit_number"),
		"PUT /api/v1/trailers/{id}":   record(fmt.Sprintf("/api/v1/trailers/%d", f.Trailer.ID), "unit_number"),
		"PUT /api/v1/settings/carrier": func() replaceCase {
			admin.Do("PUT", "/api/v1/settings/carrier", map[string]any{"name": "Andi Freight", "version": read("/api/v1/settings/carrier")["version"]}).Want(http.StatusOK)
			return replaceCase{"/api/v1/settings/carrier", read("/api/v1/settings/carrier"), "name"}
		},
		"PUT /api/v1/devices/{id}": func() replaceCase {
			path := created("/api/v1/devices", map[string]any{"unique_id": "phone-7"}, "/api/v1/devices")
			return replaceCase{path, read(path), "unique_id"}
		},
		"PUT /api/v1/edi/partners/{id}": func() replaceCase {
			path := created("/api/v1/edi/partners", map[string]any{"name": "Acme EDI", "isa_qualifier": "ZZ", "isa_id": "ACME",
				"our_isa_qualifier": "ZZ", "our_isa_id": "ANDI", "scac": "ANDI"}, "/api/v1/edi/partners")
			return replaceCase{path, read(path), "isa_id"}
		},
		"PUT /api/v1/fuel/schedules/{id}": func() replaceCase {
			path := created("/api/v1/fuel/schedules", map[string]any{"name": "DOE weekly", "method": "formula", "peg_mills": 1200,
				"mpg_tenths": 65, "active": true}, "/api/v1/fuel/schedules")
			return replaceCase{path, read(path), "method"}
		},
		"PUT /api/v1/rates/{id}": func() replaceCase {
			var rate map[string]any
			admin.Do("POST", fmt.Sprintf("/api/v1/customers/%d/rates", f.Customer.ID), map[string]any{"customer_id": f.Customer.ID,
				"method": "flat", "rate": 120000}).Want(http.StatusCreated).JSON(&rate)
			return replaceCase{fmt.Sprintf("/api/v1/rates/%v", rate["id"]), rate, "method"}
		},
		"PUT /api/v1/accessorials/{code}": func() replaceCase {
			var list []map[string]any
			admin.Do("GET", "/api/v1/accessorials", nil).Want(http.StatusOK).JSON(&list)
			for _, a := range list {
				if a["code"] == "detention" {
					return replaceCase{"/api/v1/accessorials/detention", a, "unit"}
				}
			}
			t.Fatalf("no detention accessorial in %v", list)
			return replaceCase{}
		},
		"PUT /api/v1/webhooks/{id}": func() replaceCase {
			var sub map[string]any
			body := map[string]any{"url": "https://127.0.0.1:9/hook", "events": []string{tms.WebhookInvoicePaid}, "description": "ERP"}
			admin.Do("POST", "/api/v1/webhooks", body).Want(http.StatusCreated).JSON(&sub)
			body["version"], body["enabled"] = sub["version"], false
			return replaceCase{fmt.Sprintf("/api/v1/webhooks/%v", sub["id"]), body, "url"}
		},
		"PUT /api/v1/loads/{id}": func() replaceCase {
			l := f.Load(f.MondayMorning)
			if err := e.srv.App.Store.CreateLoad(tms.WithActor(context.Background(), tms.Actor{Role: tms.RoleAdmin, Email: "setup@example.com", Source: tms.SourceUser}), &l); err != nil {
				t.Fatal(err)
			}
			stops := []map[string]any{}
			for _, s := range l.Stops {
				stops = append(stops, map[string]any{"kind": s.Kind, "facility_id": s.FacilityID,
					"appointment_start": s.AppointmentStart, "appointment_end": s.AppointmentEnd})
			}
			return replaceCase{fmt.Sprintf("/api/v1/loads/%d", l.ID), map[string]any{"customer_id": l.CustomerID, "commodity": l.Commodity,
				"weight_lb": l.WeightLb, "pieces": l.Pieces, "equipment_type": l.EquipmentType, "charges": l.Charges, "stops": stops,
				"version": l.Version}, "customer_id"}
		},
		"PUT /api/v1/loads/{id}/charges": func() replaceCase {
			l := e.delivered(t, 0)
			return replaceCase{fmt.Sprintf("/api/v1/loads/%d/charges", l.ID), map[string]any{"charges": l.Charges, "version": l.Version}, "charges"}
		},
		"PUT /api/v1/invoices/{id}": func() replaceCase {
			l := e.delivered(t, 24*time.Hour)
			e.uploadPOD(t, l)
			var inv map[string]any
			e.billing.Do("POST", "/api/v1/invoices", map[string]any{"load_ids": []int64{l.ID}, "issue_date": "2026-12-08"}).Want(http.StatusCreated).JSON(&inv)
			return replaceCase{fmt.Sprintf("/api/v1/invoices/%v", inv["id"]), map[string]any{"lines": inv["lines"], "issue_date": inv["issue_date"],
				"version": inv["version"]}, "issue_date"}
		},
	}
}
