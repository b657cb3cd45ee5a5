package edi

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/x12"
)

// roundTrip writes a set in an interchange and reads it back, failing on any reader issue.
func roundTrip(t *testing.T, functionalID string, set x12.Set) *x12.Set {
	t.Helper()
	env := x12.Envelope{SenderQualifier: "02", SenderID: "ANDI", ReceiverQualifier: "ZZ", ReceiverID: "SHIPPER",
		Usage: "T", Version: "004010", Delimiters: x12.DefaultDelimiters, Control: 7, Time: time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)}
	out, err := x12.Write(env, functionalID, []x12.Set{set})
	if err != nil {
		t.Fatal(err)
	}
	doc := x12.Read(out)
	if len(doc.Issues) > 0 {
		t.Fatalf("reading %s: %v", out, doc.Issues)
	}
	return firstSet(t, doc)
}

func TestResponseRoundTrip(t *testing.T) {
	for _, want := range []Response{
		{SCAC: "ANDI", ShipmentID: "MJW1094666", Date: "20261207", Action: ActionAccept, LoadNumber: "L-1001"},
		{SCAC: "ANDI", ShipmentID: "MJW1094666", Date: "20261207", Action: ActionDecline, Reason: "No truck available in the lane this week, sorry for the trouble"},
	} {
		got, err := ParseResponse(roundTrip(t, "GF", want.Set()))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	}
}

func TestResponseSamples(t *testing.T) {
	got, err := ParseResponse(firstSet(t, readSample(t, "990_astera_page.edi")))
	if err != nil || got.Action != ActionDecline || got.Reason != "PROBLEMS SCHEDULING" || got.ShipmentID != "2144832" {
		t.Errorf("astera 990: %+v %v", got, err)
	}
}

func TestStatusRoundTrip(t *testing.T) {
	want := StatusUpdate{
		LoadNumber: "L-1001", ShipmentID: "MJW1094666", SCAC: "ANDI",
		References: []Reference{{Qualifier: "BM", Value: "50000000003499592"}},
		Location:   Party{Role: "SF", Name: "MANNA PRO MO DC", Address: []string{"6600 EXECUTIVE DRIVE"}, City: "KANSAS CITY", State: "MO", Postal: "64120", Country: "US"},
		StopSeq:    1, Status: StatusDepartedPickup, Reason: ReasonLate,
		At:   DateTime{Date: "20261207", Time: "0815", Code: "CS"},
		City: "KANSAS CITY", State: "MO", Country: "US", Lat: 39.1, Lon: -94.5,
		EquipmentID: "TR-7", WeightLb: 13652, Pieces: 26,
	}
	got, err := ParseStatus(roundTrip(t, "QM", want.Set()))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestStatusSample(t *testing.T) {
	got, err := ParseStatus(firstSet(t, readSample(t, "214_nmtf_trachte_unresolvedrepo.edi")))
	if err != nil || got.Status != "X3" || got.At.Date != "20191218" || got.SCAC != "NMTF" {
		t.Errorf("nmtf 214: %+v %v", got, err)
	}
}

func TestFreightInvoiceRoundTrip(t *testing.T) {
	want := FreightInvoice{
		InvoiceNumber: "INV-000042", ShipmentID: "MJW1094666", Payment: "PP", Date: "20261207", NetCents: 215075,
		DeliveryDate: "20261205", SCAC: "ANDI", Currency: "USD",
		References: []Reference{{Qualifier: "BM", Value: "50000000003499592"}},
		Parties:    []Party{{Role: "BT", Name: "TRACTOR SUPPLY CO.", City: "BRENTWOOD", State: "TN", Postal: "37207"}},
		Lines:      []ChargeLine{{Code: "400", Description: "linehaul", Cents: 180000}, {Code: "FUE", Cents: 27575}, {Code: "DET", Cents: 7500}},
		WeightLb:   13652, Pieces: 26, TotalCents: 215075,
	}
	got, err := ParseFreightInvoice(roundTrip(t, "IM", want.Set()))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestFreightInvoiceSample(t *testing.T) {
	got, err := ParseFreightInvoice(firstSet(t, readSample(t, "210_cn_oopfactory.edi")))
	if err != nil || got.NetCents != 208360 || got.TotalCents != 208360 || got.Currency != "CAD" || len(got.Lines) != 3 {
		t.Errorf("CN 210: %+v %v", got, err)
	}
}

func supportAll(string) bool { return true }

func TestAcknowledgeSamples(t *testing.T) {
	for _, tc := range []struct {
		file      string
		status    string
		codes     []string
		setStatus []string
		setCodes  []string // of the first set
	}{
		{"204_jbhunt_tractorsupply_unresolvedrepo.edi", AckAccepted, nil, []string{"A"}, nil},
		{"210_dbschenker_oopfactory.edi", AckRejected, []string{"4"}, []string{"A"}, nil},
		{"210_ups_omniparser.edi", AckPartial, nil, []string{"R", "A", "A", "A", "A"}, []string{"4"}},
		{"214_x12types_2.edi", AckPartial, nil, []string{"R", "A"}, []string{"3"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			a := Acknowledge(readSample(t, tc.file), 1, 1, supportAll)
			var statuses []string
			for _, s := range a.Sets {
				statuses = append(statuses, s.Status)
			}
			if a.Status != tc.status || !cmp.Equal(a.Codes, tc.codes) || !cmp.Equal(statuses, tc.setStatus) || !cmp.Equal(a.Sets[0].Codes, tc.setCodes) {
				t.Errorf("got %s %v sets %v first %v, want %s %v sets %v first %v", a.Status, a.Codes, statuses, a.Sets[0].Codes, tc.status, tc.codes, tc.setStatus, tc.setCodes)
			}
			got, err := ParseAck(roundTrip(t, "FA", a.Set()))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(a, got); diff != "" {
				t.Errorf("997 round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAcknowledgeUnsupportedSet(t *testing.T) {
	a := Acknowledge(readSample(t, "990_astera_page.edi"), 1, 1, func(id string) bool { return id == "204" })
	if a.Status != AckRejected || a.Sets[0].Status != AckRejected || !cmp.Equal(a.Sets[0].Codes, []string{"1"}) {
		t.Errorf("unsupported 990: %+v", a)
	}
}
