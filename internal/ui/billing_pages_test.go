package ui_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

// deliveredLoad stores a delivered load of the fixtures' customer, Dallas to Houston.
func deliveredLoad(t *testing.T, srv *apitest.Server, f storetest.Fixtures, start time.Time) tms.Load {
	t.Helper()
	ctx := tms.WithActor(t.Context(), tms.Actor{Email: "test", Role: tms.RoleDispatcher})
	l := f.Load(start)
	l.Status = tms.StatusDelivered
	l.DriverID, l.TruckID = &f.Driver.ID, &f.Truck.ID
	if err := srv.App.Store.CreateLoad(ctx, &l); err != nil {
		t.Fatal(err)
	}
	return l
}

// billingPage logs a new user of role in.
func billingPage(t *testing.T, srv *apitest.Server, email string, role tms.Role) *page {
	t.Helper()
	u, pw := apitest.CreateUser(t, srv.App.Store, email, role)
	p := newPage(t, srv)
	p.login(u.Email, pw)
	return p
}

var invoiceLocation = regexp.MustCompile(`^/invoices/(\d+)$`)

func TestInvoiceLifecycle(t *testing.T) {
	srv, _, _ := start(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	l := deliveredLoad(t, srv, f, time.Now().AddDate(0, 0, -3).Truncate(time.Hour))
	p := billingPage(t, srv, "billing@example.com", tms.RoleBilling)

	r := p.get("/billing").Want(http.StatusOK)
	contains(t, r, "Acme Foods", l.Number, fmt.Sprintf(`href="/loads/%d"`, l.ID), "Missing documents: pod.", "$1,430.50")
	if strings.Contains(string(r.Body), `name="load_id"`) {
		t.Error("a blocked load can be ticked for an invoice")
	}
	r = p.post("/billing/invoices", url.Values{"load_id": {fmt.Sprint(l.ID)}}).Want(http.StatusConflict)
	contains(t, r, "cannot be invoiced: missing documents: pod", "<h1>Billing</h1>")
	p.post("/billing/invoice-ready", url.Values{"customer_id": {fmt.Sprint(f.Customer.ID)}}).Want(http.StatusConflict)

	fields := map[string]string{"csrf_token": p.csrf, "type": "pod", "return": fmt.Sprintf("/loads/%d", l.ID)}
	p.Upload(fmt.Sprintf("/loads/%d/documents", l.ID), fields, "pod.pdf", []byte("%PDF-1.4\n% a scan\n")).Want(http.StatusSeeOther)
	r = p.get("/billing").Want(http.StatusOK)
	contains(t, r, "Ready", fmt.Sprintf(`name="load_id" value="%d"`, l.ID), "Invoice all ready loads")

	r = p.post("/billing/invoices", url.Values{"load_id": {fmt.Sprint(l.ID)}}).Want(http.StatusSeeOther)
	m := invoiceLocation.FindStringSubmatch(r.Header.Get("Location"))
	if m == nil {
		t.Fatalf("after drafting: Location %q, want /invoices/{id}", r.Header.Get("Location"))
	}
	path := m[0]
	r = p.get(path).Want(http.StatusOK)
	contains(t, r, "Invoice INV-000001 drafted.", "<h1>INV-000001", `name="lines[0].amount" type="text" value="1250.00"`,
		fmt.Sprintf(`name="lines[0].load_id" value="%d"`, l.ID), "Send invoice", path+"/pdf")
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindSubmatch(r.Body)[1]

	edit := url.Values{"version": {string(version)}, "issue_date": {time.Now().Format(time.DateOnly)}, "terms_days": {"15"}, "notes": {"Thanks"},
		"lines_count": {"2"}, "lines[0].kind": {"linehaul"}, "lines[0].description": {l.Number + ": Linehaul"}, "lines[0].amount": {"1,300.00"},
		"lines[0].load_id": {fmt.Sprint(l.ID)}, "lines[1].kind": {"fuel_surcharge"}, "lines[1].description": {l.Number + ": Fuel"}, "lines[1].amount": {"180.50"}}
	edit.Set("op", "add-line")
	contains(t, p.post(path, edit).Want(http.StatusOK), `name="lines[2].kind"`)
	edit.Set("op", "save")
	edit.Set("lines[1].amount", "lots")
	contains(t, p.post(path, edit).Want(http.StatusUnprocessableEntity), "Must be an amount such as 1250.00.")
	edit.Set("lines[1].amount", "180.50")
	p.post(path, edit).Want(http.StatusSeeOther)
	contains(t, p.get(path).Want(http.StatusOK), "Invoice INV-000001 saved.", "$1,480.50", "Net 15")
	contains(t, p.post(path, edit).Want(http.StatusConflict), "version") // stale: the form's version was used

	r = p.get(path).Want(http.StatusOK)
	version = regexp.MustCompile(`name="version" value="(\d+)"`).FindSubmatch(r.Body)[1]
	p.post(path+"/send", url.Values{"version": {string(version)}}).Want(http.StatusSeeOther)
	r = p.get(path).Want(http.StatusOK)
	contains(t, r, "Invoice INV-000001 sent.", "Record payment", "Issue a credit memo")
	if strings.Contains(string(r.Body), `name="lines[0].amount"`) {
		t.Error("a sent invoice shows the line editor")
	}

	pay := url.Values{"amount": {"500"}, "date": {time.Now().Format(time.DateOnly)}, "method": {"check"}, "reference": {"1042"}}
	p.post(path+"/payments", pay).Want(http.StatusSeeOther)
	r = p.get(path).Want(http.StatusOK)
	contains(t, r, "Payment of $500.00 recorded", "Partially paid", `<strong id="balance">$980.50</strong>`, "1042")
	p.post(path+"/payments", url.Values{"amount": {"x"}, "date": {"soon"}, "method": {"check"}}).Want(http.StatusUnprocessableEntity)

	bounce := url.Values{"amount": {"100"}, "date": {time.Now().Format(time.DateOnly)}, "method": {"check"}, "reference": {"1043"}}
	p.post(path+"/payments", bounce).Want(http.StatusSeeOther)
	inv, pays := invoiceAt(t, srv, path)
	reverse := fmt.Sprintf("%s/payments/%d/reverse", path, pays[0].ID)
	contains(t, p.post(reverse, url.Values{"reason": {""}}).Want(http.StatusUnprocessableEntity), "Give the reason the payment is reversed")
	p.post(fmt.Sprintf("%s/payments/%d/reverse", path, pays[0].ID+100), url.Values{"reason": {"NSF"}}).Want(http.StatusNotFound)
	p.post(reverse, url.Values{"reason": {"NSF"}}).Want(http.StatusSeeOther)
	r = p.get(path).Want(http.StatusOK)
	contains(t, r, "Payment reversed; "+inv.Number, "Reversed</span> NSF", `<strong id="balance">$980.50</strong>`)

	p.post(path+"/credits", url.Values{"amount": {"30.50"}, "reason": {"Late delivery"}}).Want(http.StatusSeeOther)
	r = p.get(path).Want(http.StatusOK)
	contains(t, r, "Credit memo CM-", "$950.00")
	contains(t, p.post(path+"/credits", url.Values{"amount": {"0"}, "reason": {"none"}}).Want(http.StatusUnprocessableEntity), `id="c-amount-error"`)

	r = p.post(path+"/void", url.Values{"reason": {"Wrong customer"}}).Want(http.StatusConflict)
	contains(t, r, "has payments or credits applied")

	r = p.get(path + "/pdf").Want(http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("PDF Content-Type = %q", ct)
	}
	if cd := r.Header.Get("Content-Disposition"); cd != "inline; filename=INV-000001.pdf" {
		t.Errorf("PDF Content-Disposition = %q", cd)
	}
	if !bytes.HasPrefix(r.Body, []byte("%PDF")) {
		t.Errorf("PDF starts with %q", r.Body[:min(len(r.Body), 10)])
	}

	r = p.get("/invoices?status=partially_paid&q=INV").Want(http.StatusOK)
	contains(t, r, "INV-000001", "Acme Foods", "$950.00")
	contains(t, p.get("/invoices?kind=credit_memo").Want(http.StatusOK), "CM-")
	contains(t, p.get(fmt.Sprintf("/loads/%d", l.ID)).Want(http.StatusOK), `href="`+path+`"`, "INV-000001")

	r = p.get("/receivables/aging").Want(http.StatusOK)
	contains(t, r, "Acme Foods", "$950.00", "QuickBooks exports")
	r = p.get("/receivables/aging.csv").Want(http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("aging CSV Content-Type = %q", ct)
	}
	contains(t, r, "Acme Foods")
	p.get("/receivables/aging?as_of=someday").Want(http.StatusBadRequest)
	from, to := time.Now().AddDate(0, 0, -7).Format(time.DateOnly), time.Now().AddDate(0, 0, 1).Format(time.DateOnly)
	contains(t, p.get("/receivables/quickbooks-invoices.csv?from="+from+"&to="+to).Want(http.StatusOK), "INV-000001")
	contains(t, p.get("/receivables/quickbooks-payments.csv?from="+from+"&to="+to).Want(http.StatusOK), "INV-000001")
	p.get("/receivables/quickbooks-payments.csv").Want(http.StatusBadRequest)

	v := billingPage(t, srv, "viewer@example.com", tms.RoleViewer)
	r = v.get(path).Want(http.StatusOK)
	if strings.Contains(string(r.Body), `method="post" action="/invoices/`) {
		t.Error("a viewer sees write forms on the invoice page")
	}
	v.get("/billing").Want(http.StatusForbidden)
	v.get("/receivables/quickbooks-invoices.csv?from=" + from + "&to=" + to).Want(http.StatusForbidden)
	for _, post := range []string{"/billing/invoices", "/billing/invoice-ready", path, path + "/send", path + "/void", path + "/payments", path + "/credits",
		fmt.Sprintf("/loads/%d/rerate", l.ID), fmt.Sprintf("/loads/%d/proposals/1", l.ID)} {
		v.post(post, url.Values{}).Want(http.StatusForbidden)
	}
	d := billingPage(t, srv, "driver@example.com", tms.RoleDriver)
	d.get("/billing").Want(http.StatusForbidden)
	d.get(path).Want(http.StatusForbidden)
}

func TestVoidDraft(t *testing.T) {
	srv, email, pw := start(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	f.Customer.RequiredDocuments = []string{}
	ctx := tms.WithActor(t.Context(), tms.Actor{Email: "test", Role: tms.RoleAdmin})
	if _, err := srv.App.Store.UpdateCustomer(ctx, f.Customer.ID, func(c *tms.Customer) error { c.RequiredDocuments = []string{}; return nil }); err != nil {
		t.Fatal(err)
	}
	l := deliveredLoad(t, srv, f, time.Now().AddDate(0, 0, -2).Truncate(time.Hour))
	p := newPage(t, srv)
	p.login(email, pw)
	p.get("/billing").Want(http.StatusOK)
	r := p.post("/billing/invoice-ready", url.Values{"customer_id": {fmt.Sprint(f.Customer.ID)}}).Want(http.StatusSeeOther)
	path := r.Header.Get("Location")
	contains(t, p.get(path).Want(http.StatusOK), "Invoice INV-000001 drafted.", "Void this invoice")
	contains(t, p.post(path+"/void", url.Values{"reason": {""}}).Want(http.StatusUnprocessableEntity), "Is required.")
	p.post(path+"/void", url.Values{"reason": {"Duplicate"}}).Want(http.StatusSeeOther)
	contains(t, p.get(path).Want(http.StatusOK), "Invoice INV-000001 voided.", "Duplicate")
	contains(t, p.get("/billing").Want(http.StatusOK), l.Number, "Ready")
}

func TestDetentionProposal(t *testing.T) {
	srv, _, _ := start(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	day := time.Now().AddDate(0, 0, -2)
	chicago, _ := time.LoadLocation("America/Chicago")
	at := func(h, m int) time.Time { return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, chicago) }
	l := deliveredLoad(t, srv, f, at(2, 0))
	ctx := tms.WithActor(t.Context(), tms.Actor{Email: "test", Role: tms.RoleDispatcher})
	_, err := srv.App.Store.UpdateLoad(ctx, l.ID, func(_ tms.LoadTx, l *tms.Load) error {
		s := &l.Stops[1]
		arrived, departed := at(8, 0), at(11, 7)
		s.AppointmentStart, s.AppointmentEnd = at(8, 0), at(10, 0)
		s.ArrivedAt, s.DepartedAt = &arrived, &departed
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p := billingPage(t, srv, "billing@example.com", tms.RoleBilling)
	path := fmt.Sprintf("/loads/%d", l.ID)
	r := p.get(path).Want(http.StatusOK)
	contains(t, r, "Detention proposals", "Grocer Houston: $75.00", "08:00 C", "11:07 C", "3 h 07 min", "2 h 00 min", "1 h 00 min", "$75.00 per hour",
		"Re-rate from customer defaults", `name="decision" value="approved"`)
	contains(t, p.get("/billing").Want(http.StatusOK), "1 detention proposal to review", path+"#proposals")

	stop := fmt.Sprintf("%s/proposals/%d", path, l.Stops[1].ID)
	contains(t, p.post(stop, url.Values{"decision": {"approved"}, "amount": {"lots"}}).Want(http.StatusUnprocessableEntity), "detention amount must be")
	p.post(stop, url.Values{"decision": {"approved"}}).Want(http.StatusSeeOther)
	r = p.get(path).Want(http.StatusOK)
	contains(t, r, "Detention approved and added to the charges.", "No detention to review.", "Detention", "$1,505.50")
	p.post(stop, url.Values{"decision": {"rejected"}}).Want(http.StatusNotFound)

	loaded, err := srv.App.Store.Load(ctx, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	p.post(path+"/rerate", url.Values{"version": {fmt.Sprint(loaded.Version)}}).Want(http.StatusSeeOther)
	contains(t, p.get(path).Want(http.StatusOK), "Re-rated from the customer’s rate defaults")
	p.post(path+"/rerate", url.Values{"version": {fmt.Sprint(loaded.Version)}}).Want(http.StatusConflict)

	dispatcher := billingPage(t, srv, "dispatcher@example.com", tms.RoleDispatcher)
	r = dispatcher.get(path).Want(http.StatusOK)
	contains(t, r, "Detention proposals")
	dispatcher.post(stop, url.Values{"decision": {"approved"}}).Want(http.StatusForbidden)
}

// invoiceAt reads the invoice of an /invoices/{id} path and its payments, newest first.
func invoiceAt(t *testing.T, srv *apitest.Server, path string) (tms.Invoice, []tms.Payment) {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(path, "/invoices/"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := srv.App.Store.Invoice(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	pays, err := srv.App.Store.ListPayments(t.Context(), tms.PaymentFilter{InvoiceID: id})
	if err != nil {
		t.Fatal(err)
	}
	return inv, pays.Items
}
