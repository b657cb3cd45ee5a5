package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"testing"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/x12"
)

// The EDI routes end to end: a dispatcher sets up the partner, uploads the 204,
// accepts the tender (a version is required) and the partner's pickup takes the 997 and the
// 990 once; the raw upload downloads byte for byte; a viewer cannot upload.
func TestEDIRoutes(t *testing.T) {
	store := testenv.SQLite(t)
	srv := apitest.Start(t, apitest.DefaultConfig(t), store)
	dispatcher := login(t, srv, "dispatcher@example.com", tms.RoleDispatcher, 0)
	viewer := login(t, srv, "viewer@example.com", tms.RoleViewer, 0)
	sample, err := os.ReadFile("../../testdata/edi/204_jbhunt_tractorsupply_unresolvedrepo.edi")
	if err != nil {
		t.Fatal(err)
	}
	var cust tms.Customer
	dispatcher.Do("POST", "/api/v1/customers", tms.Customer{Name: "Tractor Supply", Active: true}).Want(http.StatusCreated).JSON(&cust)
	for _, f := range []tms.Facility{
		{Name: "Manna Pro MO DC", Lat: 39.1, Lon: -94.57, TimeZone: "America/Chicago", Active: true, Address: tms.Address{City: "Kansas City", State: "MO"}},
		{Name: "120 Macon DC", Lat: 32.84, Lon: -83.63, TimeZone: "America/New_York", Active: true, Address: tms.Address{City: "Macon", State: "GA"}},
	} {
		dispatcher.Do("POST", "/api/v1/facilities", f).Want(http.StatusCreated)
	}
	partner := tms.TradingPartner{Name: "Tractor Supply EDI", CustomerID: &cust.ID, ISAQualifier: "08", ISAID: "6120930002",
		OurISAQualifier: "02", OurISAID: "ANDI", SCAC: "ANDI", Transactions: tms.EDITransactions, Active: true}
	viewer.Do("POST", "/api/v1/edi/partners", partner).Want(http.StatusForbidden)
	dispatcher.Do("POST", "/api/v1/edi/partners", partner).Want(http.StatusCreated).JSON(&partner)

	viewer.Upload("/api/v1/edi/files", nil, "204.edi", sample).Want(http.StatusForbidden)
	var in tms.EDIFile
	dispatcher.Upload("/api/v1/edi/files", nil, "204.edi", sample).Want(http.StatusCreated).JSON(&in)
	if in.Status != tms.EDIProcessed || in.Transaction != "204" {
		t.Fatalf("uploaded: %+v", in)
	}
	raw := viewer.Do("GET", fmt.Sprintf("/api/v1/edi/files/%d/payload", in.ID), nil).Want(http.StatusOK)
	if !bytes.Equal(raw.Body, sample) || raw.Header.Get("Content-Type") != "application/edi-x12" {
		t.Errorf("raw download differs from the upload (%s)", raw.Header.Get("Content-Type"))
	}

	var inbox tms.Page[tms.EDITender]
	viewer.Do("GET", "/api/v1/edi/tenders?status=pending", nil).Want(http.StatusOK).JSON(&inbox)
	if inbox.Total != 1 {
		t.Fatalf("inbox: %+v", inbox)
	}
	accept := fmt.Sprintf("/api/v1/edi/tenders/%d/accept", inbox.Items[0].ID)
	dispatcher.Do("POST", accept, map[string]any{}).Want(http.StatusBadRequest)
	var tender tms.EDITender
	dispatcher.Do("POST", accept, map[string]any{"version": inbox.Items[0].Version}).Want(http.StatusOK).JSON(&tender)
	if tender.Status != tms.TenderAccepted || tender.LoadID == nil {
		t.Fatalf("accepted: %+v", tender)
	}

	var picked []struct {
		File    tms.EDIFile `json:"file"`
		Payload string      `json:"payload"`
	}
	pickup := fmt.Sprintf("/api/v1/edi/partners/%d/outbox", partner.ID)
	dispatcher.Do("POST", pickup, nil).Want(http.StatusOK).JSON(&picked)
	var sets []string
	for _, p := range picked {
		doc := x12.Read([]byte(p.Payload))
		if len(doc.Issues) > 0 || p.File.Status != tms.EDISent {
			t.Errorf("picked %s: %v %s", p.File.Transaction, doc.Issues, p.File.Status)
		}
		sets = append(sets, p.File.Transaction)
	}
	if fmt.Sprint(sets) != "[997 990]" {
		t.Errorf("picked %v, want the 997 then the 990", sets)
	}
	dispatcher.Do("POST", pickup, nil).Want(http.StatusOK).JSON(&picked)
	if len(picked) != 0 {
		t.Errorf("a second pickup took %d files again", len(picked))
	}
}
