package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// FuzzBillingJSON sends arbitrary bodies to every billing route that reads one, as an admin,
// over records in every state (a draft and a sent invoice, a draft settlement, a load with
// a detention proposal). Bad input must get a 4xx, never a 500.
func FuzzBillingJSON(f *testing.F) {
	srv := apitest.Start(f, apitest.DefaultConfig(f), testenv.SQLite(f))
	e := billEnv{srv: srv}
	routes, token := billingFuzzFixtures(f, e)
	for i, seed := range billingFuzzSeeds {
		f.Add(uint8(i), []byte(seed))
	}
	h := srv.Config.Handler
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		rt := routes[int(route)%len(routes)]
		req := httptest.NewRequest(rt[0], rt[1], bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", rt[2])
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("%s %s with %q: status %d: %s", rt[0], rt[1], body, w.Code, w.Body)
		}
	})
}

// billingFuzzSeeds is a valid body per route of billingFuzzFixtures, in the same order.
var billingFuzzSeeds = []string{
	`{"load_ids":[1],"issue_date":"2026-12-08","notes":"x"}`,
	`{"lines":[{"kind":"linehaul","description":"Linehaul","amount_cents":100}],"issue_date":"2026-12-09","terms_days":15,"version":1}`,
	`{"amount_cents":100,"date":"2026-12-20","method":"check","reference":"1"}`,
	`{"amount_cents":50,"reason":"late","issue_date":"2026-12-21"}`,
	`{"reason":"wrong"}`,
	`{"driver_id":1,"period_start":"2026-12-07","period_end":"2026-12-13"}`,
	`{"kind":"deduction","description":"Fuel advance","amount_cents":-2000}`,
	`{"status":"approved","version":1}`,
	`[{"week":"2026-11-30","price_mills":3859}]`,
	"week,price\n2026-11-30,3.859\n",
	`{"name":"DOE","method":"step","steps":[{"from_mills":3000,"mills_per_mile":300}],"effective_lag_days":1,"active":true}`,
	`{"name":"Lone Star Freight","invoice_series":"INV","credit_memo_series":"CM"}`,
	`{"origin_state":"TX","method":"per_cwt","rate":400,"stop_off_cents":5000,"active":true}`,
	`{"decision":"approved","amount_cents":9000,"note":"ok"}`,
	`{"rate_cents":8000,"free_minutes":60,"increment_minutes":30,"driver_pay_cents":1500,"unit":"hour","name":"Detention","code":"detention"}`,
	`{"reason":"NSF"}`,
}

// billingFuzzFixtures creates the records the routes act on and an admin API token; it
// returns method, path and content type per route.
func billingFuzzFixtures(f *testing.F, e billEnv) ([][3]string, string) {
	e.f = storetest.NewFixtures(f, e.srv.App.Store)
	admin := login(f, e.srv, "admin@example.com", tms.RoleAdmin, 0)
	e.billing = admin
	draftLoad, sentLoad, detained := e.delivered(f, 0), e.delivered(f, 48*time.Hour), e.delivered(f, 96*time.Hour)
	var draft, sent tms.Invoice
	for _, l := range []tms.Load{draftLoad, sentLoad} {
		e.uploadPOD(f, l)
	}
	admin.Do("POST", "/api/v1/invoices", map[string]any{"load_ids": []int64{draftLoad.ID}}).Want(http.StatusCreated).JSON(&draft)
	admin.Do("POST", "/api/v1/invoices", map[string]any{"load_ids": []int64{sentLoad.ID}}).Want(http.StatusCreated).JSON(&sent)
	admin.Do("POST", fmt.Sprintf("/api/v1/invoices/%d/send", sent.ID), nil).Want(http.StatusOK)
	admin.Do("POST", fmt.Sprintf("/api/v1/invoices/%d/payments", sent.ID), map[string]any{"amount_cents": 100, "date": "2026-12-20", "method": "ach"}).Want(http.StatusCreated)
	var pays tms.Page[tms.Payment]
	admin.Do("GET", fmt.Sprintf("/api/v1/payments?invoice_id=%d", sent.ID), nil).Want(http.StatusOK).JSON(&pays)
	var st tms.Settlement
	admin.Do("POST", "/api/v1/settlements", map[string]any{"driver_id": e.f.Driver.ID, "period_start": "2026-12-01", "period_end": "2026-12-31"}).Want(http.StatusCreated).JSON(&st)
	stop := e.detainAtDelivery(f, detained)
	var tok struct {
		Secret string `json:"token"`
	}
	admin.Do("POST", "/api/v1/tokens", map[string]any{"name": "fuzz"}).Want(http.StatusCreated).JSON(&tok)
	const js, csv = "application/json", "text/csv"
	return [][3]string{
		{"POST", "/api/v1/invoices", js},
		{"PUT", fmt.Sprintf("/api/v1/invoices/%d", draft.ID), js},
		{"POST", fmt.Sprintf("/api/v1/invoices/%d/payments", sent.ID), js},
		{"POST", fmt.Sprintf("/api/v1/invoices/%d/credits", sent.ID), js},
		{"POST", fmt.Sprintf("/api/v1/invoices/%d/void", draft.ID), js},
		{"POST", "/api/v1/settlements", js},
		{"POST", fmt.Sprintf("/api/v1/settlements/%d/lines", st.ID), js},
		{"POST", fmt.Sprintf("/api/v1/settlements/%d/status", st.ID), js},
		{"POST", "/api/v1/fuel/prices", js},
		{"POST", "/api/v1/fuel/prices/import", csv},
		{"POST", "/api/v1/fuel/schedules", js},
		{"PUT", "/api/v1/settings/carrier", js},
		{"POST", fmt.Sprintf("/api/v1/customers/%d/rates", e.f.Customer.ID), js},
		{"POST", fmt.Sprintf("/api/v1/loads/%d/proposals/%d", detained.ID, stop), js},
		{"PUT", "/api/v1/accessorials/detention", js},
		{"POST", fmt.Sprintf("/api/v1/payments/%d/reverse", pays.Items[0].ID), js},
	}, tok.Secret
}
