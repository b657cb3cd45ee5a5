package edi

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/anditms/tms/internal/x12"
)

func readSample(t *testing.T, name string) *x12.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../testdata/edi", name))
	if err != nil {
		t.Fatal(err)
	}
	return x12.Read(data)
}

func firstSet(t *testing.T, doc *x12.Document) *x12.Set {
	t.Helper()
	if len(doc.Interchanges) == 0 || len(doc.Interchanges[0].Groups) == 0 || len(doc.Interchanges[0].Groups[0].Sets) == 0 {
		t.Fatalf("no set read: %v", doc.Issues)
	}
	return doc.Interchanges[0].Groups[0].Sets[0]
}

func TestParseTenderSamples(t *testing.T) {
	for _, tc := range []struct {
		file               string
		shipment, purpose  string
		stops, pickups     int
		weight, rate       int64
		firstStop, lastRef string
		hazmat             string
	}{
		{"204_jbhunt_tractorsupply_unresolvedrepo.edi", "MJW1094666", "00", 2, 1, 13652, 0, "MANNA PRO MO DC", "50000000003499593", ""},
		{"204_x12types_1.edi", "6XULT02DCM", "00", 2, 1, 0, 0, "BNSF OAKLAND RAMP", "", ""},
		{"204_x12types_2.edi", "3PHLT0XXXX", "00", 2, 1, 0, 0, "UNION PACIFIC ICTF RAMP", "", "UN3166/9/"},
		{"204_x12types_3.edi", "", "00", 2, 1, 0, 0, "CN", "", "UN3077//III"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			tender, err := ParseTender(firstSet(t, readSample(t, tc.file)))
			if tc.shipment == "" {
				if err == nil {
					t.Fatal("a 204 without B2-04 was accepted")
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if tender.ShipmentID != tc.shipment || tender.Purpose != tc.purpose {
				t.Errorf("shipment %q purpose %q, want %q %q", tender.ShipmentID, tender.Purpose, tc.shipment, tc.purpose)
			}
			pickups := 0
			for _, s := range tender.Stops {
				if s.Pickup {
					pickups++
				}
			}
			if len(tender.Stops) != tc.stops || pickups != tc.pickups {
				t.Fatalf("%d stops (%d pickups), want %d (%d)", len(tender.Stops), pickups, tc.stops, tc.pickups)
			}
			if got := tender.Stops[0].Location.Name; got != tc.firstStop {
				t.Errorf("first stop at %q, want %q", got, tc.firstStop)
			}
			if int64(tender.WeightLb) != tc.weight || tender.RateCents != tc.rate {
				t.Errorf("weight %d rate %d, want %d %d", tender.WeightLb, tender.RateCents, tc.weight, tc.rate)
			}
			last := tender.Stops[len(tender.Stops)-1]
			if tc.lastRef != "" && (len(last.References) == 0 || last.References[len(last.References)-1].Value != tc.lastRef) {
				t.Errorf("last stop references %v, want %s last", last.References, tc.lastRef)
			}
			var hz string
			if tender.Hazmat != nil {
				hz = tender.Hazmat.UNNumber + "/" + tender.Hazmat.Class + "/" + tender.Hazmat.PackingGroup
			}
			if hz != tc.hazmat {
				t.Errorf("hazmat %q, want %q", hz, tc.hazmat)
			}
		})
	}
}

func TestParseTenderDetails(t *testing.T) {
	tender, err := ParseTender(firstSet(t, readSample(t, "204_jbhunt_tractorsupply_unresolvedrepo.edi")))
	if err != nil {
		t.Fatal(err)
	}
	pick := tender.Stops[0]
	if pick.Location.City != "KANSAS CITY" || pick.Location.State != "MO" || pick.Location.Postal != "64120" || len(pick.Location.Address) != 1 {
		t.Errorf("pickup location %+v", pick.Location)
	}
	if len(pick.Times) != 1 || pick.Times[0] != (DateTime{Qualifier: "69", Date: "20190621", Time: "0000", Code: "LT"}) {
		t.Errorf("pickup times %+v", pick.Times)
	}
	if tender.RespondBy == nil || tender.RespondBy.Date != "20190612" {
		t.Errorf("respond by %+v", tender.RespondBy)
	}
	if len(tender.Parties) != 1 || tender.Parties[0].Role != "SH" || tender.Parties[0].Name != "TRACTOR SUPPLY CO." {
		t.Errorf("parties %+v", tender.Parties)
	}
	if tender.Stops[1].Pickup || tender.Stops[1].Reason != "UL" || tender.Stops[1].Pieces != 13200 {
		t.Errorf("delivery %+v", tender.Stops[1])
	}
}
