package edi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/edi"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/x12"
)

// The issue's walk through, on both engines: the J.B. Hunt 204 sample becomes a tender and is
// answered by a 997; accepting it creates the load and a 990; driving the load's stops by GPS
// (OsmAnd pings through a running server) emits the 214s; invoicing it emits a 210 whose
// amounts equal the invoice; the partner's 997 marks our 990 accepted.
func TestTenderToInvoice(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) { walkTender(t, f.Open(t)) })
	}
}

type scene struct {
	t       *testing.T
	s       tms.Store
	svc     *edi.Service
	partner tms.TradingPartner
	pickup  tms.Facility
	drop    tms.Facility
}

func walkTender(t *testing.T, s tms.Store) {
	sc := newScene(t, s)
	ctx := context.Background()
	sample, err := os.ReadFile("../../testdata/edi/204_jbhunt_tractorsupply_unresolvedrepo.edi")
	must(t, err)

	in, err := sc.svc.Receive(ctx, "204_jbhunt.edi", sample)
	if err != nil || in.Status != tms.EDIProcessed || in.Transaction != "204" {
		t.Fatalf("Receive: %+v %v", in, err)
	}
	ack := sc.readAck(sc.onlyOutbound("997"))
	if ack.FunctionalID != "SM" || ack.GroupControl != "27" || ack.Status != edi.AckAccepted {
		t.Errorf("997 for the 204: %+v", ack)
	}

	tenders, err := s.ListEDITenders(ctx, tms.EDITenderFilter{Status: tms.TenderPending})
	if err != nil || tenders.Total != 1 || tenders.Items[0].ShipmentID != "MJW1094666" {
		t.Fatalf("inbox: %+v %v", tenders, err)
	}
	tender, err := sc.svc.Accept(ctx, tenders.Items[0].ID, tenders.Items[0].Version, nil)
	must(t, err)
	load, err := s.Load(ctx, *tender.LoadID)
	must(t, err)
	sc.checkLoad(load)
	resp, err := edi.ParseResponse(sc.readSet(sc.onlyOutbound("990")))
	if err != nil || resp.Action != edi.ActionAccept || resp.LoadNumber != load.Number || resp.ShipmentID != "MJW1094666" {
		t.Errorf("990: %+v %v", resp, err)
	}

	sc.drive(load)
	n, err := sc.svc.EmitStatuses(ctx, 100)
	if err != nil || n != 4 {
		t.Fatalf("EmitStatuses = %d, %v; want 4", n, err)
	}
	sc.checkStatuses(load)
	if n, err := sc.svc.EmitStatuses(ctx, 100); n != 0 || err != nil {
		t.Errorf("a second pass queued %d (%v), want 0", n, err)
	}

	inv := sc.invoice(load)
	if _, err := sc.svc.EmitInvoice(ctx, inv.ID); err != nil {
		t.Fatal(err)
	}
	fi, err := edi.ParseFreightInvoice(sc.readSet(sc.onlyOutbound("210")))
	must(t, err)
	var sum int64
	for _, l := range fi.Lines {
		sum += l.Cents
	}
	if fi.TotalCents != int64(inv.TotalCents) || fi.NetCents != int64(inv.TotalCents) || sum != int64(inv.TotalCents) || fi.InvoiceNumber != inv.Number {
		t.Errorf("210 total %d net %d lines %d, want the invoice's %d", fi.TotalCents, fi.NetCents, sum, inv.TotalCents)
	}
	_, err = sc.svc.EmitInvoice(ctx, inv.ID)
	if tms.ErrorCode(err) != tms.CodeConflict {
		t.Errorf("a second 210 for the invoice: %v, want conflict", err)
	}

	sc.partnerAcks(sc.onlyOutbound("990"))
}

func newScene(t *testing.T, s tms.Store) *scene {
	ctx := context.Background()
	cust := tms.Customer{Name: "Tractor Supply Co.", Active: true, BillingAddress: tms.Address{Line1: "5401 Virginia Way", City: "Brentwood", State: "TN", Zip: "37207"}}
	must(t, s.CreateCustomer(ctx, &cust))
	sc := &scene{t: t, s: s, svc: &edi.Service{Store: s}}
	sc.pickup = tms.Facility{Name: "Manna Pro MO DC", Lat: 39.0997, Lon: -94.5786, TimeZone: "America/Chicago", Active: true,
		Address: tms.Address{Line1: "6600 Executive Drive", City: "Kansas City", State: "MO", Zip: "64120", Country: "US"}}
	sc.drop = tms.Facility{Name: "Macon Distribution", Lat: 32.8407, Lon: -83.6324, TimeZone: "America/New_York", Active: true,
		Address: tms.Address{Line1: "151 Tractor Drive", City: "Macon", State: "GA", Zip: "31216", Country: "US"}}
	must(t, s.CreateFacility(ctx, &sc.pickup))
	must(t, s.CreateFacility(ctx, &sc.drop))
	sc.partner = tms.TradingPartner{Name: "Tractor Supply EDI", CustomerID: &cust.ID, ISAQualifier: "08", ISAID: "6120930002",
		OurISAQualifier: "02", OurISAID: "ANDI", SCAC: "ANDI", Transactions: tms.EDITransactions, Active: true}
	must(t, s.CreateTradingPartner(ctx, &sc.partner))
	return sc
}

// checkLoad: stops matched by name (pickup) and by street and city (delivery), times read in
// each facility's zone, references and equipment carried over.
func (sc *scene) checkLoad(l tms.Load) {
	t := sc.t
	chicago, _ := time.LoadLocation("America/Chicago")
	if len(l.Stops) != 2 || l.Stops[0].FacilityID != sc.pickup.ID || l.Stops[1].FacilityID != sc.drop.ID {
		t.Fatalf("stops %+v", l.Stops)
	}
	if want := time.Date(2019, 6, 21, 0, 0, 0, 0, chicago); !l.Stops[0].AppointmentStart.Equal(want) {
		t.Errorf("pickup appointment %v, want %v", l.Stops[0].AppointmentStart, want)
	}
	if l.References.BOL != "50000000003499592" || l.References.CustomerLoad != "MJW1094666" || l.WeightLb != 13652 {
		t.Errorf("load references %+v weight %d", l.References, l.WeightLb)
	}
}

// drive assigns the load to a truck with a phone and sends OsmAnd pings: two inside each
// facility, then two far outside it.
func (sc *scene) drive(l tms.Load) {
	t, ctx := sc.t, context.Background()
	truck := tms.Truck{UnitNumber: "T-EDI"}
	must(t, sc.s.CreateTruck(ctx, &truck))
	dev := tms.Device{UniqueID: "edi-phone", TruckID: &truck.ID, SpeedUnit: "mph", Active: true}
	must(t, sc.s.CreateDevice(ctx, &dev))
	at := time.Now().Add(-3 * time.Hour).Truncate(time.Second)
	_, err := sc.s.UpdateLoad(ctx, l.ID, func(tx tms.LoadTx, l *tms.Load) error {
		tx.AddEvent(tms.LoadEvent{Type: tms.EventStatus, FromStatus: l.Status, ToStatus: tms.StatusDispatched, At: at.Add(-time.Hour)})
		l.TruckID, l.Status = &truck.ID, tms.StatusDispatched
		return nil
	})
	must(t, err)
	srv := apitest.Start(t, apitest.DefaultConfig(t), sc.s)
	c := srv.NewClient(t)
	for _, f := range []tms.Facility{sc.pickup, sc.drop} {
		for _, p := range []tms.Point{{Lat: f.Lat, Lon: f.Lon}, {Lat: f.Lat, Lon: f.Lon}, {Lat: f.Lat + 0.2, Lon: f.Lon}, {Lat: f.Lat + 0.2, Lon: f.Lon}} {
			at = at.Add(5 * time.Minute)
			q := url.Values{"id": {dev.UniqueID}, "lat": {fmt.Sprint(p.Lat)}, "lon": {fmt.Sprint(p.Lon)}, "timestamp": {fmt.Sprint(at.Unix())}}
			c.Do("GET", "/osmand?"+q.Encode(), nil).Want(http.StatusOK)
			must(t, srv.App.Tracking.WaitIdle(ctx))
		}
	}
}

func (sc *scene) checkStatuses(l tms.Load) {
	files, err := sc.s.ListEDIFiles(context.Background(), tms.EDIFileFilter{Transaction: "214", Page: tms.PageRequest{Sort: "id"}})
	must(sc.t, err)
	var got []string
	for _, f := range files.Items {
		u, err := edi.ParseStatus(sc.readSet(f))
		must(sc.t, err)
		got = append(got, fmt.Sprintf("%s %s %s %s", u.Status, u.City, u.At.Code, u.LoadNumber))
	}
	central, eastern := zoneCode("America/Chicago"), zoneCode("America/New_York")
	want := []string{"X3 Kansas City " + central + " " + l.Number, "AF Kansas City " + central + " " + l.Number,
		"X1 Macon " + eastern + " " + l.Number, "D1 Macon " + eastern + " " + l.Number}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		sc.t.Errorf("214s:\n got %q\nwant %q", got, want)
	}
}

// zoneCode is the X12 time code of a US zone now: CST -> CS, EDT -> ED.
func zoneCode(zone string) string {
	loc, _ := time.LoadLocation(zone)
	abbr, _ := time.Now().In(loc).Zone()
	return abbr[:2]
}

// invoice bills the delivered load through the store and sends the invoice.
func (sc *scene) invoice(l tms.Load) tms.Invoice {
	ctx := context.Background()
	l, err := sc.s.Load(ctx, l.ID)
	must(sc.t, err)
	if l.Status != tms.StatusDelivered {
		sc.t.Fatalf("load is %s after driving it, want delivered", l.Status)
	}
	inv := tms.Invoice{CustomerID: l.CustomerID, IssueDate: tms.DateOf(time.Now()), TermsDays: 30, LoadIDs: []int64{l.ID},
		Lines: []tms.InvoiceLine{{LoadID: l.ID, Kind: "linehaul", Description: "Kansas City to Macon", AmountCents: 245000},
			{LoadID: l.ID, Kind: "fuel_surcharge", Description: "Fuel", AmountCents: 31275}, {LoadID: l.ID, Kind: "detention", Description: "2 h at Macon", AmountCents: 15000}}}
	must(sc.t, sc.s.CreateInvoice(ctx, &inv, nil))
	inv, err = sc.s.UpdateInvoice(ctx, inv.ID, func(i *tms.Invoice) error {
		now := time.Now()
		i.Status, i.SentAt = tms.InvoiceSent, &now
		return nil
	})
	must(sc.t, err)
	return inv
}

// partnerAcks sends the partner's 997 for our file and checks the file turns accepted.
func (sc *scene) partnerAcks(out tms.EDIFile) {
	ctx := context.Background()
	env := x12.Envelope{SenderQualifier: "08", SenderID: "6120930002", ReceiverQualifier: "02", ReceiverID: "ANDI",
		Usage: "P", Version: "004010", Delimiters: x12.DefaultDelimiters, Control: 555, Time: time.Now()}
	ack := edi.Ack{FunctionalID: "GF", GroupControl: out.GroupControl, Status: edi.AckAccepted, Included: 1, Received: 1, Accepted: 1,
		Sets: []edi.SetAck{{ID: "990", Control: "0001", Status: edi.AckAccepted}}}
	payload, err := x12.Write(env, "FA", []x12.Set{ack.Set()})
	must(sc.t, err)
	in, err := sc.svc.Receive(ctx, "997.edi", payload)
	if err != nil || in.Status != tms.EDIProcessed {
		sc.t.Fatalf("partner 997: %+v %v", in, err)
	}
	got, err := sc.s.EDIFile(ctx, out.ID)
	if err != nil || got.Status != tms.EDIAccepted || got.AckFileID == nil || *got.AckFileID != in.ID {
		sc.t.Errorf("our 990 after the partner's 997: %+v %v", got, err)
	}
	if n := len(sc.outbound("997")); n != 1 {
		sc.t.Errorf("%d 997s queued; a 997 is never acknowledged", n)
	}
}

func (sc *scene) outbound(set string) []tms.EDIFile {
	page, err := sc.s.ListEDIFiles(context.Background(), tms.EDIFileFilter{Direction: tms.EDIOutbound, Transaction: set})
	must(sc.t, err)
	return page.Items
}

func (sc *scene) onlyOutbound(set string) tms.EDIFile {
	sc.t.Helper()
	files := sc.outbound(set)
	if len(files) != 1 {
		sc.t.Fatalf("%d outbound %s files, want 1", len(files), set)
	}
	return files[0]
}

// readSet reads a queued file back through the reader, which must find nothing wrong.
func (sc *scene) readSet(f tms.EDIFile) *x12.Set {
	sc.t.Helper()
	full, err := sc.s.EDIFile(context.Background(), f.ID)
	must(sc.t, err)
	doc := x12.Read(full.Payload)
	if len(doc.Issues) > 0 || len(doc.Interchanges) != 1 {
		sc.t.Fatalf("reading our %s: %v\n%s", f.Transaction, doc.Issues, full.Payload)
	}
	ic := doc.Interchanges[0]
	if ic.Header.Control != f.Control || ic.Groups[0].Control != f.GroupControl {
		sc.t.Errorf("file log says control %s/%s, the file %s/%s", f.Control, f.GroupControl, ic.Header.Control, ic.Groups[0].Control)
	}
	return ic.Groups[0].Sets[0]
}

func (sc *scene) readAck(f tms.EDIFile) edi.Ack {
	a, err := edi.ParseAck(sc.readSet(f))
	must(sc.t, err)
	return a
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
