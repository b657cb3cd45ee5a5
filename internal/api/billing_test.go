package api_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/pdftest"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// billEnv is a server with fixtures and a client per role.
type billEnv struct {
	srv                                          *apitest.Server
	f                                            storetest.Fixtures
	billing, dispatcher, viewer, driver, driver2 *apitest.Client
}

func eachBillingBackend(t *testing.T, fn func(t *testing.T, e billEnv)) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			srv := apitest.Start(t, apitest.DefaultConfig(t), f.Open(t))
			e := billEnv{srv: srv, f: storetest.NewFixtures(t, srv.App.Store)}
			e.billing = login(t, srv, "billing@example.com", tms.RoleBilling, 0)
			e.dispatcher = login(t, srv, "dispatcher@example.com", tms.RoleDispatcher, 0)
			e.viewer = login(t, srv, "viewer@example.com", tms.RoleViewer, 0)
			e.driver = login(t, srv, "dana@example.com", tms.RoleDriver, e.f.Driver.ID)
			e.driver2 = login(t, srv, "sam@example.com", tms.RoleDriver, e.f.Driver2.ID)
			fn(t, e)
		})
	}
}

// delivered stores a delivered load of the fixtures' customer driven by the first driver.
func (e billEnv) delivered(t testing.TB, later time.Duration) tms.Load {
	t.Helper()
	l := e.f.Load(e.f.MondayMorning.Add(later))
	l.Status, l.DriverID, l.TruckID, l.PlannedMiles = tms.StatusDelivered, &e.f.Driver.ID, &e.f.Truck.ID, 239.6
	if err := e.srv.App.Store.CreateLoad(context.Background(), &l); err != nil {
		t.Fatal(err)
	}
	return l
}

// podPNG is a small signed-paper picture, the kind a driver's phone uploads.
func podPNG(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 120, 160))
	for x := 10; x < 110; x++ {
		img.Set(x, 120, color.Black)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func (e billEnv) uploadPOD(t testing.TB, l tms.Load) {
	t.Helper()
	e.billing.Upload(fmt.Sprintf("/api/v1/loads/%d/documents", l.ID), map[string]string{"type": "pod"}, "pod.png", podPNG(t)).Want(http.StatusCreated)
}

// detainAtDelivery records 3h07m at the delivery from its appointment start (detention
// after 2 h free) and returns the stop's id.
func (e billEnv) detainAtDelivery(t testing.TB, l tms.Load) int64 {
	t.Helper()
	arrived, departed := l.Stops[1].AppointmentStart, l.Stops[1].AppointmentStart.Add(3*time.Hour+7*time.Minute)
	_, err := e.srv.App.Store.UpdateLoad(context.Background(), l.ID, func(_ tms.LoadTx, l *tms.Load) error {
		l.Stops[1].ArrivedAt, l.Stops[1].DepartedAt = &arrived, &departed
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return l.Stops[1].ID
}

func (e billEnv) loadStatus(t *testing.T, id int64) tms.LoadStatus {
	t.Helper()
	l, err := e.srv.App.Store.Load(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return l.Status
}

// The whole receivables path through the API: the POD gate names the POD, numbers stay
// gap-free across a void, the PDF renders, payments and a credit memo settle the invoice
// and the load follows to paid.
func TestInvoiceLifecycleThroughTheAPI(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		l := e.delivered(t, 0)
		body := map[string]any{"load_ids": []int64{l.ID}, "issue_date": "2026-12-08"}
		p := e.billing.Do("POST", "/api/v1/invoices", body).Want(http.StatusConflict).Problem()
		if detail := fmt.Sprint(p["detail"]); !strings.Contains(detail, "missing documents: pod") {
			t.Fatalf("invoice without a POD: %v, want the POD named", p)
		}
		e.uploadPOD(t, l)
		e.dispatcher.Do("POST", "/api/v1/invoices", body).Want(http.StatusForbidden)

		var first tms.Invoice
		e.billing.Do("POST", "/api/v1/invoices", body).Want(http.StatusCreated).JSON(&first)
		if first.Number != "INV-000001" || first.TotalCents != sumLines(first) || first.TotalCents != l.TotalCents {
			t.Fatalf("invoice = %s total %d (lines %d), want INV-000001 at the load's %d", first.Number, first.TotalCents, sumLines(first), l.TotalCents)
		}
		checkInvoicePDF(t, e.viewer, first, "", 1)
		e.billing.Do("POST", fmt.Sprintf("/api/v1/invoices/%d/void", first.ID), map[string]any{"reason": "wrong date"}).Want(http.StatusOK)
		if got := e.loadStatus(t, l.ID); got != tms.StatusDelivered {
			t.Fatalf("load after void = %s, want delivered", got)
		}

		var inv tms.Invoice
		e.billing.Do("POST", "/api/v1/invoices", body).Want(http.StatusCreated).JSON(&inv)
		if inv.Number != "INV-000002" {
			t.Fatalf("invoice after a void = %s, want INV-000002", inv.Number)
		}
		path := fmt.Sprintf("/api/v1/invoices/%d", inv.ID)
		e.billing.Do("POST", path+"/send", map[string]any{"version": inv.Version}).Want(http.StatusOK).JSON(&inv)
		if inv.Status != tms.InvoiceSent || inv.DocumentID == nil {
			t.Fatalf("sent invoice = %s document %v, want sent with its PDF stored", inv.Status, inv.DocumentID)
		}
		checkInvoicePDF(t, e.viewer, inv, "?pod=1", 2)

		e.billing.Do("POST", path+"/payments", map[string]any{"amount_cents": inv.TotalCents + 1, "date": "2026-12-20", "method": "ach"}).Want(http.StatusBadRequest)
		e.viewer.Do("POST", path+"/payments", map[string]any{"amount_cents": 100, "date": "2026-12-20", "method": "ach"}).Want(http.StatusForbidden)
		e.billing.Do("POST", path+"/payments", map[string]any{"amount_cents": 100000, "date": "2026-12-20", "method": "check", "reference": "4411"}).Want(http.StatusCreated).JSON(&inv)
		if inv.Status != tms.InvoicePartiallyPaid {
			t.Fatalf("after a partial payment: %s, want partially_paid", inv.Status)
		}
		var credit struct {
			Memo    tms.Invoice `json:"credit_memo"`
			Invoice tms.Invoice `json:"invoice"`
		}
		e.billing.Do("POST", path+"/credits", map[string]any{"amount_cents": 3050, "reason": "late delivery"}).Want(http.StatusCreated).JSON(&credit)
		if credit.Memo.Number != "CM-000001" || credit.Invoice.Balance() != inv.TotalCents-100000-3050 {
			t.Fatalf("credit memo %s, balance %d", credit.Memo.Number, credit.Invoice.Balance())
		}
		e.billing.Do("POST", path+"/payments", map[string]any{"amount_cents": credit.Invoice.Balance(), "date": "2026-12-28", "method": "ach"}).Want(http.StatusCreated).JSON(&inv)
		if inv.Status != tms.InvoicePaid || e.loadStatus(t, l.ID) != tms.StatusPaid {
			t.Fatalf("after the rest: invoice %s, load %s; want both paid", inv.Status, e.loadStatus(t, l.ID))
		}
		e.billing.Do("POST", path+"/void", map[string]any{"reason": "oops"}).Want(http.StatusConflict)

		var pays tms.Page[tms.Payment]
		e.viewer.Do("GET", fmt.Sprintf("/api/v1/payments?invoice_id=%d", inv.ID), nil).Want(http.StatusOK).JSON(&pays)
		bounced := fmt.Sprintf("/api/v1/payments/%d/reverse", pays.Items[0].ID)
		e.dispatcher.Do("POST", bounced, map[string]any{"reason": "NSF"}).Want(http.StatusForbidden)
		e.billing.Do("POST", bounced, map[string]any{"reason": "NSF"}).Want(http.StatusOK).JSON(&inv)
		if inv.Status != tms.InvoicePartiallyPaid || e.loadStatus(t, l.ID) != tms.StatusInvoiced {
			t.Fatalf("after reversing the last payment: invoice %s, load %s; want partially_paid and invoiced", inv.Status, e.loadStatus(t, l.ID))
		}
		e.billing.Do("POST", bounced, map[string]any{"reason": "NSF"}).Want(http.StatusConflict)

		csv := e.billing.Do("GET", "/api/v1/exports/quickbooks/invoices.csv?from=2026-12-01&to=2026-12-31", nil).Want(http.StatusOK)
		if text := string(csv.Body); !strings.Contains(text, "INV-000002") || strings.Contains(text, "INV-000001") {
			t.Errorf("QuickBooks invoices = %q, want the sent invoice only (the void one left out)", text)
		}
		e.billing.Do("GET", "/api/v1/exports/quickbooks/payments.csv?from=2026-12-01", nil).Want(http.StatusBadRequest)
	})
}

func sumLines(inv tms.Invoice) tms.Cents {
	var s tms.Cents
	for _, l := range inv.Lines {
		s += l.AmountCents
	}
	return s
}

// checkInvoicePDF downloads the invoice PDF, renders page 1 to PNG with pdftoppm and reads
// its number and total back with pdftotext.
func checkInvoicePDF(t *testing.T, c *apitest.Client, inv tms.Invoice, query string, pages int) {
	t.Helper()
	r := c.Do("GET", fmt.Sprintf("/api/v1/invoices/%d/pdf%s", inv.ID, query), nil).Want(http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Fatalf("pdf content type = %q", ct)
	}
	file := pdftest.WriteFile(t, r.Body)
	pdftest.CheckPage(t, file, 1)
	if got := pdftest.Pages(t, file); got != pages {
		t.Errorf("%s%s has %d pages, want %d", inv.Number, query, got, pages)
	}
	text := pdftest.Text(t, file, 1, 1)
	for _, want := range []string{inv.Number, inv.TotalCents.String(), "Acme Foods"} {
		if !strings.Contains(text, want) {
			t.Errorf("invoice PDF text lacks %q:\n%s", want, text)
		}
	}
}

// Detention measured at a stop is proposed with its evidence, never added silently; billing
// staff approve it and it becomes a charge.
func TestDetentionProposalThroughTheAPI(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		l := e.delivered(t, 0)
		e.detainAtDelivery(t, l)
		path := fmt.Sprintf("/api/v1/loads/%d/proposals", l.ID)
		var props []map[string]any
		e.billing.Do("GET", path, nil).Want(http.StatusOK).JSON(&props)
		// 187 minutes at the dock, 120 free, 67 billable -> 60 in completed 15-minute increments at $75/h.
		if len(props) != 1 || props[0]["amount_cents"] != float64(7500) || props[0]["billable_minutes"] != float64(60) || props[0]["facility_name"] != "Grocer Houston" {
			t.Fatalf("proposals = %v, want one of $75.00 for 60 minutes at Grocer Houston", props)
		}
		stop := fmt.Sprintf("%s/%d", path, l.Stops[1].ID)
		e.dispatcher.Do("POST", stop, map[string]any{"decision": "approved"}).Want(http.StatusForbidden)
		e.billing.Do("POST", stop, map[string]any{"decision": "maybe"}).Want(http.StatusBadRequest)
		var got tms.Load
		e.billing.Do("POST", stop, map[string]any{"decision": "approved"}).Want(http.StatusOK).JSON(&got)
		if got.TotalCents != l.TotalCents+7500 {
			t.Fatalf("total after approval = %d, want %d", got.TotalCents, l.TotalCents+7500)
		}
		e.billing.Do("GET", path, nil).Want(http.StatusOK).JSON(&props)
		if len(props) != 0 {
			t.Fatalf("proposals after the decision = %v, want none", props)
		}
		e.billing.Do("POST", stop, map[string]any{"decision": "rejected"}).Want(http.StatusNotFound)
	})
}

// A driver's settlement: pay from the profile, a recurring deduction, locked once approved,
// and the driver reads only their own approved statement.
func TestSettlementThroughTheAPI(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		ctx := context.Background()
		_, err := e.srv.App.Store.UpdateDriver(ctx, e.f.Driver.ID, func(d *tms.Driver) error {
			d.Pay = tms.PayProfile{Basis: tms.PayPerLoadedMile, Rate: 550}
			d.Deductions = []tms.Deduction{{Description: "Escrow", AmountCents: 5000}}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		e.delivered(t, 0)
		body := map[string]any{"driver_id": e.f.Driver.ID, "period_start": "2026-12-07", "period_end": "2026-12-13"}
		e.dispatcher.Do("POST", "/api/v1/settlements", body).Want(http.StatusForbidden)
		var st tms.Settlement
		e.billing.Do("POST", "/api/v1/settlements", body).Want(http.StatusCreated).JSON(&st)
		// 239.6 mi x $0.550 = $131.78; escrow -$50.00; net $81.78.
		if st.GrossCents != 13178 || st.DeductionsCents != 5000 || st.NetCents != 8178 {
			t.Fatalf("settlement gross %d deductions %d net %d, want 13178 5000 8178", st.GrossCents, st.DeductionsCents, st.NetCents)
		}
		e.billing.Do("POST", "/api/v1/settlements", body).Want(http.StatusCreated) // nothing left to settle: an empty draft
		path := fmt.Sprintf("/api/v1/settlements/%d", st.ID)
		e.driver.Do("GET", path, nil).Want(http.StatusNotFound) // a draft is not the driver's yet
		e.billing.Do("POST", path+"/lines", map[string]any{"kind": "deduction", "description": "Fuel advance", "amount_cents": -2000}).Want(http.StatusOK).JSON(&st)
		e.billing.Do("POST", path+"/status", map[string]any{"status": "approved", "version": st.Version}).Want(http.StatusOK).JSON(&st)
		e.billing.Do("POST", path+"/lines", map[string]any{"kind": "bonus", "description": "Safety", "amount_cents": 1000}).Want(http.StatusConflict)
		var mine tms.Page[tms.Settlement]
		e.driver.Do("GET", "/api/v1/settlements", nil).Want(http.StatusOK).JSON(&mine)
		if mine.Total != 1 || mine.Items[0].NetCents != 6178 {
			t.Fatalf("driver's statements = %+v, want the approved one netting 6178", mine.Items)
		}
		r := e.driver.Do("GET", path+"/pdf", nil).Want(http.StatusOK)
		if !bytes.HasPrefix(r.Body, []byte("%PDF")) {
			t.Fatal("statement is not a PDF")
		}
		e.driver2.Do("GET", path+"/pdf", nil).Want(http.StatusNotFound)
		e.driver2.Do("GET", "/api/v1/settlements", nil).Want(http.StatusOK).JSON(&mine)
		if mine.Total != 0 {
			t.Fatalf("another driver sees %d statements, want 0", mine.Total)
		}
	})
}

// A load booked without charges is rated from its customer's defaults and fuel schedule,
// the surcharge recording the diesel week and price it used.
func TestNewLoadIsRated(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		ctx := context.Background()
		s := e.srv.App.Store
		sched := tms.FuelSchedule{Name: "DOE", Method: tms.FuelFormula, PegMills: 1200, MPGTenths: 60, EffectiveLagDays: 1, Active: true}
		must(t, s.CreateFuelSchedule(ctx, &sched))
		_, err := s.UpdateCustomer(ctx, e.f.Customer.ID, func(c *tms.Customer) error { c.FuelScheduleID = &sched.ID; return nil })
		must(t, err)
		must(t, s.CreateRateDefault(ctx, &tms.RateDefault{CustomerID: e.f.Customer.ID, OriginState: "TX", DestState: "TX", Method: tms.LinehaulPerMile, Rate: 2500, Active: true}))
		_, err = s.PutDieselPrices(ctx, []tms.DieselPrice{{Week: mustDate(t, "2026-11-30"), PriceMills: 3859}, {Week: mustDate(t, "2026-12-07"), PriceMills: 4100}})
		must(t, err)
		in := map[string]any{"customer_id": e.f.Customer.ID, "planned_miles": 500, "stops": []map[string]any{
			{"kind": "pickup", "facility_id": e.f.Shipper.ID, "appointment_start": "2026-12-07T14:00:00Z", "appointment_end": "2026-12-07T16:00:00Z"},
			{"kind": "delivery", "facility_id": e.f.Receiver.ID, "appointment_start": "2026-12-07T20:00:00Z", "appointment_end": "2026-12-07T22:00:00Z"}}}
		var l struct {
			Charges []tms.Charge `json:"charges"`
		}
		e.dispatcher.Do("POST", "/api/v1/loads", in).Want(http.StatusCreated).JSON(&l)
		// Monday 2026-12-07's price takes effect on Tuesday, so the 11-30 week applies:
		// (3.859 - 1.200) / 6.0 = 0.443 $/mi; 500 mi -> $221.50; linehaul 500 mi x $2.50 = $1,250.00.
		if len(l.Charges) != 2 || l.Charges[0].AmountCents != 125000 || l.Charges[1].AmountCents != 22150 ||
			l.Charges[1].FuelIndex == nil || l.Charges[1].FuelIndex.PriceMills != 3859 {
			t.Fatalf("charges of the new load = %+v, want linehaul 125000 and FSC 22150 from the 3.859 week", l.Charges)
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustDate(t *testing.T, s string) tms.Date {
	d, err := tms.ParseDate(s)
	must(t, err)
	return d
}
