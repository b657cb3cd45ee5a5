package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/tms"
)

// dispatchedLoad stores a load and assigns the first driver, which dispatches it now.
func (e billEnv) dispatchedLoad(t *testing.T) tms.Load {
	t.Helper()
	l := e.f.Load(time.Now().Add(2 * time.Hour))
	if err := e.srv.App.Store.CreateLoad(context.Background(), &l); err != nil {
		t.Fatal(err)
	}
	e.dispatcher.Do("POST", fmt.Sprintf("/api/v1/loads/%d/assign", l.ID), map[string]any{"driver_id": e.f.Driver.ID, "truck_id": e.f.Truck.ID, "trailer_id": e.f.Trailer.ID, "version": l.Version}).Want(http.StatusOK).JSON(&l)
	got, err := e.srv.App.Store.Load(context.Background(), l.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestStopEventGuards(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		l := e.dispatchedLoad(t)
		stop := func(i int, verb string) string {
			return fmt.Sprintf("/api/v1/loads/%d/stops/%d/%s", l.ID, l.Stops[i].ID, verb)
		}
		e.viewer.Do("POST", stop(0, "arrive"), nil).Want(http.StatusForbidden)
		e.billing.Do("POST", stop(0, "arrive"), nil).Want(http.StatusForbidden)
		e.viewer.Do("POST", fmt.Sprintf("/api/v1/loads/%d/checkcalls", l.ID), map[string]any{"location": "Waco"}).Want(http.StatusForbidden)
		e.driver2.Do("POST", stop(0, "arrive"), nil).Want(http.StatusForbidden)

		e.driver.Do("POST", stop(0, "arrive"), map[string]any{"at": time.Now().Add(time.Hour)}).Want(http.StatusBadRequest)
		e.driver.Do("POST", stop(0, "arrive"), map[string]any{"at": "2020-01-01T00:00:00Z"}).Want(http.StatusBadRequest)
		e.driver.Do("POST", stop(0, "arrive"), map[string]any{"location": map[string]any{"lat": 1e308, "lon": 0}}).Want(http.StatusBadRequest)
		arrived := time.Now().Add(time.Second).UTC().Truncate(time.Second)
		e.driver.Do("POST", stop(0, "arrive"), map[string]any{"at": arrived}).Want(http.StatusOK)
		e.driver.Do("POST", stop(0, "arrive"), nil).Want(http.StatusConflict) // one arrival
		e.driver.Do("POST", stop(0, "depart"), map[string]any{"at": arrived.Add(-time.Second)}).Want(http.StatusBadRequest)
		e.driver.Do("POST", stop(0, "depart"), map[string]any{"at": arrived.Add(2 * time.Second)}).Want(http.StatusOK)
		e.driver.Do("POST", stop(0, "depart"), map[string]any{"at": arrived.Add(3 * time.Second)}).Want(http.StatusConflict) // one departure

		var cur tms.Load
		e.viewer.Do("GET", fmt.Sprintf("/api/v1/loads/%d", l.ID), nil).Want(http.StatusOK).JSON(&cur)
		fix := map[string]any{"arrived_at": arrived.Add(time.Second), "version": cur.Version}
		e.driver.Do("POST", stop(0, "correct"), fix).Want(http.StatusForbidden)
		e.dispatcher.Do("POST", stop(0, "correct"), fix).Want(http.StatusBadRequest) // no reason
		fix["reason"] = "driver pressed arrive late"
		e.dispatcher.Do("POST", stop(0, "correct"), fix).Want(http.StatusOK).JSON(&cur)
		if got := cur.Stops[0].ArrivedAt; got == nil || !got.Equal(arrived.Add(time.Second)) {
			t.Errorf("corrected arrival = %v, want %v", got, arrived.Add(time.Second))
		}
		var events []tms.LoadEvent
		e.dispatcher.Do("GET", fmt.Sprintf("/api/v1/loads/%d/events", l.ID), nil).Want(http.StatusOK).JSON(&events)
		if !slices.ContainsFunc(events, func(ev tms.LoadEvent) bool {
			return ev.Type == tms.EventStopCorrected && ev.Note == "driver pressed arrive late"
		}) {
			t.Errorf("events = %+v, want the correction with its reason", events)
		}
	})
}

func TestStrictWrites(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		admin := login(t, e.srv, "admin@example.com", tms.RoleAdmin, 0)
		var carrier tms.CarrierSettings
		admin.Do("PUT", "/api/v1/settings/carrier", map[string]any{"name": "Andi Freight", "version": 1}).Want(http.StatusOK).JSON(&carrier)
		admin.Do("PUT", "/api/v1/settings/carrier", map[string]any{}).Want(http.StatusBadRequest)
		admin.Do("PUT", "/api/v1/settings/carrier", map[string]any{"name": "Other"}).Want(http.StatusPreconditionRequired)
		admin.Do("PUT", "/api/v1/settings/carrier", map[string]any{"version": carrier.Version}).Want(http.StatusBadRequest)
		admin.Do("PUT", "/api/v1/settings/carrier", map[string]any{"name": strings.Repeat("x", 100_000), "version": carrier.Version}).Want(http.StatusBadRequest)
		l := e.delivered(t, 0)
		p := e.billing.Do("PUT", fmt.Sprintf("/api/v1/loads/%d/charges", l.ID), map[string]any{}).Want(http.StatusBadRequest).Problem()
		if p["errors"] == nil {
			t.Errorf("{} charges: problem %v, want field errors", p)
		}
		e.billing.Do("PUT", fmt.Sprintf("/api/v1/loads/%d/charges", l.ID), map[string]any{"charges": []any{}}).Want(http.StatusPreconditionRequired)
		admin.Do("PUT", fmt.Sprintf("/api/v1/customers/%d", e.f.Customer.ID), map[string]any{"name": "Acme"}).Want(http.StatusPreconditionRequired)
		var got tms.CarrierSettings
		admin.Do("GET", "/api/v1/settings/carrier", nil).Want(http.StatusOK).JSON(&got)
		if got.Name != "Andi Freight" {
			t.Errorf("carrier name after refused writes = %q, want Andi Freight", got.Name)
		}
		anon := e.srv.NewClient(t)
		anon.Do("POST", "/api/v1/auth/login", map[string]string{"email": "a\x00@example.com", "password": "x"}).Want(http.StatusBadRequest)
		anon.Do("POST", "/api/v1/auth/login", nil).Want(http.StatusBadRequest)
		big := strings.Repeat("x", 2<<20)
		admin.Do("POST", "/api/v1/customers", map[string]any{"name": big}).Want(http.StatusRequestEntityTooLarge)
	})
}

// TestIdempotencyKeyScope: a key is scoped to the full path, so the same key and body on a
// second invoice's payments records a second payment; another body under a used key is 422.
func TestIdempotencyKeyScope(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		var invs [2]tms.Invoice
		for i := range invs {
			l := e.delivered(t, time.Duration(i)*time.Hour)
			e.uploadPOD(t, l)
			e.billing.Do("POST", "/api/v1/invoices", map[string]any{"load_ids": []int64{l.ID}, "issue_date": "2026-12-08"}).Want(http.StatusCreated).JSON(&invs[i])
			e.billing.Do("POST", fmt.Sprintf("/api/v1/invoices/%d/send", invs[i].ID), map[string]any{"version": invs[i].Version}).Want(http.StatusOK)
		}
		pay := map[string]any{"amount_cents": 100, "date": "2026-12-20", "method": "ach"}
		for _, inv := range invs {
			var got tms.Invoice
			r := e.billing.Do("POST", fmt.Sprintf("/api/v1/invoices/%d/payments", inv.ID), pay, "Idempotency-Key", "pay-1").Want(http.StatusCreated)
			r.JSON(&got)
			if got.ID != inv.ID || r.Header.Get("Idempotent-Replayed") != "" {
				t.Errorf("payment on invoice %d answered invoice %d (replayed %q)", inv.ID, got.ID, r.Header.Get("Idempotent-Replayed"))
			}
		}
		pay["amount_cents"] = 200
		e.billing.Do("POST", fmt.Sprintf("/api/v1/invoices/%d/payments", invs[0].ID), pay, "Idempotency-Key", "pay-1").Want(http.StatusUnprocessableEntity)
	})
}

// TestPasswordChangeEndsOtherSessions: the other session is logged out, the changing one
// goes on, and the answer lists the API tokens to revoke.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		u, pw := apitest.CreateUser(t, e.srv.App.Store, "twice@example.com", tms.RoleDispatcher)
		laptop, phone := e.srv.NewClient(t).Login(u.Email, pw), e.srv.NewClient(t).Login(u.Email, pw)
		laptop.Do("POST", "/api/v1/tokens", map[string]string{"name": "script"}).Want(http.StatusCreated)
		var answer struct {
			OtherSessionsEnded bool           `json:"other_sessions_ended"`
			APITokens          []tms.APIToken `json:"api_tokens"`
		}
		laptop.Do("POST", "/api/v1/me/password", map[string]string{"current_password": pw, "new_password": "a-new-long-password"}).Want(http.StatusOK).JSON(&answer)
		if !answer.OtherSessionsEnded || len(answer.APITokens) != 1 {
			t.Errorf("answer = %+v, want other sessions ended and the one token listed", answer)
		}
		laptop.Do("GET", "/api/v1/me", nil).Want(http.StatusOK)
		phone.Do("GET", "/api/v1/me", nil).Want(http.StatusUnauthorized)

		admin := login(t, e.srv, "admin@example.com", tms.RoleAdmin, 0)
		var cur tms.User
		admin.Do("GET", fmt.Sprintf("/api/v1/users/%d", u.ID), nil).Want(http.StatusOK).JSON(&cur)
		admin.Do("PATCH", fmt.Sprintf("/api/v1/users/%d", u.ID), map[string]any{"password": "an-admin-reset-password", "version": cur.Version}).Want(http.StatusOK)
		laptop.Do("GET", "/api/v1/me", nil).Want(http.StatusUnauthorized)
	})
}

func TestLastAdminAndActiveDefault(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		admin := login(t, e.srv, "admin@example.com", tms.RoleAdmin, 0)
		var me tms.User
		admin.Do("GET", "/api/v1/me", nil).Want(http.StatusOK).JSON(&me)
		admin.Do("PATCH", fmt.Sprintf("/api/v1/users/%d", me.ID), map[string]any{"role": "viewer", "version": me.Version}).Want(http.StatusConflict)
		admin.Do("PATCH", fmt.Sprintf("/api/v1/users/%d", me.ID), map[string]any{"active": false, "version": me.Version}).Want(http.StatusConflict)
		other, _ := apitest.CreateUser(t, e.srv.App.Store, "second-admin@example.com", tms.RoleAdmin)
		admin.Do("PATCH", fmt.Sprintf("/api/v1/users/%d", other.ID), map[string]any{"role": "viewer", "version": other.Version}).Want(http.StatusOK)

		for _, path := range []string{"/api/v1/customers", "/api/v1/devices"} {
			var rec struct {
				Active bool `json:"active"`
			}
			body := map[string]any{"name": "Default active " + path}
			if path == "/api/v1/devices" {
				body["unique_id"] = "active-default-1"
			}
			admin.Do("POST", path, body).Want(http.StatusCreated).JSON(&rec)
			if !rec.Active {
				t.Errorf("POST %s without active: inactive, want active", path)
			}
		}
	})
}
