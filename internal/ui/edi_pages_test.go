package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"testing"

	"github.com/anditms/tms/internal/tms"
)

// The EDI pages: a dispatcher creates the partner as master data, the 204 read by the EDI
// service shows in the inbox and on its page, a refused accept (a stop no facility matches)
// comes back with why, choosing the facility accepts it, and the file log lists the 204 and
// the queued 997 and 990.
func TestEDIPages(t *testing.T) {
	srv, _, _ := start(t)
	s := srv.App.Store
	ctx := context.Background()
	p := billingPage(t, srv, "dispatcher@example.com", tms.RoleDispatcher)
	cust := tms.Customer{Name: "Tractor Supply", Active: true}
	must(t, s.CreateCustomer(ctx, &cust))
	kc := tms.Facility{Name: "Manna Pro MO DC", Lat: 39.1, Lon: -94.57, TimeZone: "America/Chicago", Active: true, Address: tms.Address{City: "Kansas City", State: "MO"}}
	macon := tms.Facility{Name: "Macon yard", Lat: 32.84, Lon: -83.63, TimeZone: "America/New_York", Active: true, Address: tms.Address{City: "Macon", State: "GA"}}
	must(t, s.CreateFacility(ctx, &kc))
	must(t, s.CreateFacility(ctx, &macon))

	p.get("/edi/partners/new").Want(http.StatusOK)
	p.post("/edi/partners/new", url.Values{"name": {"Tractor Supply EDI"}, "customer_id": {fmt.Sprint(cust.ID)}, "isa_qualifier": {"08"},
		"isa_id": {"6120930002"}, "our_isa_qualifier": {"02"}, "our_isa_id": {"ANDI"}, "scac": {"ANDI"},
		"transactions": {"204, 990, 214, 210, 997"}, "active": {"on"}}).Want(http.StatusSeeOther)

	sample, err := os.ReadFile("../../testdata/edi/204_jbhunt_tractorsupply_unresolvedrepo.edi")
	must(t, err)
	if _, err := srv.App.EDI.Receive(ctx, "204.edi", sample); err != nil {
		t.Fatal(err)
	}
	contains(t, p.get("/edi/tenders").Want(http.StatusOK), "MJW1094666", "Tractor Supply EDI", "KANSAS CITY, MO → MACON, GA")
	tenders, _ := s.ListEDITenders(ctx, tms.EDITenderFilter{})
	tender := tenders.Items[0]
	path := fmt.Sprintf("/edi/tenders/%d", tender.ID)
	contains(t, p.get(path).Want(http.StatusOK), "MANNA PRO MO DC", "120 MACON DC", "Accept and create the load")

	version := url.Values{"version": {fmt.Sprint(tender.Version)}}
	contains(t, p.post(path+"/accept", version).Want(http.StatusUnprocessableEntity), "Choose a facility for: stop 2 (120 MACON DC")
	version.Set("facility_2", fmt.Sprint(macon.ID))
	p.post(path+"/accept", version).Want(http.StatusSeeOther)
	accepted, _ := s.EDITender(ctx, tender.ID)
	if accepted.Status != tms.TenderAccepted || accepted.LoadID == nil {
		t.Fatalf("after accepting: %+v", accepted)
	}
	contains(t, p.get("/edi/files").Want(http.StatusOK), "204.edi", "997", "990", "Processed", "Pending")
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
