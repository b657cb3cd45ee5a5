package edi

import (
	"fmt"
	"math"
	"strconv"

	"github.com/anditms/tms/internal/x12"
)

// AT7-01 shipment status codes for the stop events this system knows.
const (
	StatusArrivedPickup    = "X3"
	StatusDepartedPickup   = "AF"
	StatusArrivedDelivery  = "X1"
	StatusDepartedDelivery = "D1" // completed unloading: the truck leaves the consignee
)

// AT7-02 reasons: on time, or late for a carrier-side reason this system cannot tell apart.
const (
	ReasonNormal = "NS"
	ReasonLate   = "AJ" // other carrier related
)

// StatusUpdate is one 214 Shipment Status Message: one event at one stop.
type StatusUpdate struct {
	LoadNumber  string      `json:"load_number"` // B10-01, the carrier's reference
	ShipmentID  string      `json:"shipment_id"` // B10-02, the tender's B2-04
	SCAC        string      `json:"scac"`
	References  []Reference `json:"references,omitempty"`
	Location    Party       `json:"location"`
	StopSeq     int         `json:"stop_seq"`
	Status      string      `json:"status"`
	Reason      string      `json:"reason"`
	At          DateTime    `json:"at"`
	City        string      `json:"city"`
	State       string      `json:"state"`
	Country     string      `json:"country,omitempty"`
	Lat         float64     `json:"lat"`
	Lon         float64     `json:"lon"`
	EquipmentID string      `json:"equipment_id,omitempty"`
	WeightLb    int         `json:"weight_lb,omitempty"`
	Pieces      int         `json:"pieces,omitempty"`
}

// Set renders the update as a 214 body.
func (u StatusUpdate) Set() x12.Set {
	segs := []x12.Segment{x12.NewSegment("B10", u.LoadNumber, u.ShipmentID, u.SCAC)}
	for _, r := range u.References {
		segs = append(segs, x12.NewSegment("L11", r.Value, r.Qualifier))
	}
	if u.Location.Role != "" {
		segs = append(segs, u.Location.segments()...)
	}
	lon, ew := dms(u.Lon, 3, "E", "W")
	lat, ns := dms(u.Lat, 2, "N", "S")
	segs = append(segs,
		x12.NewSegment("LX", strconv.Itoa(max(u.StopSeq, 1))),
		x12.NewSegment("AT7", u.Status, u.Reason, "", "", u.At.Date, u.At.Time, u.At.Code),
		x12.NewSegment("MS1", u.City, u.State, u.Country, lon, lat, ew, ns))
	if u.EquipmentID != "" {
		segs = append(segs, x12.NewSegment("MS2", u.SCAC, u.EquipmentID))
	}
	if u.WeightLb > 0 || u.Pieces > 0 {
		segs = append(segs, x12.NewSegment("AT8", "G", "L", strconv.Itoa(u.WeightLb), strconv.Itoa(u.Pieces)))
	}
	return x12.Set{ID: "214", Segments: segs}
}

// ParseStatus reads the first status of a 214 (the form this system writes).
func ParseStatus(s *x12.Set) (StatusUpdate, error) {
	if s.ID != "214" {
		return StatusUpdate{}, fmt.Errorf("set %s is not a 214", s.ID)
	}
	var u StatusUpdate
	var party *Party
	for _, seg := range s.Segments {
		if party != nil && party.read(seg) {
			continue
		}
		party = nil
		switch seg.ID() {
		case "B10":
			u.LoadNumber, u.ShipmentID, u.SCAC = seg.Get(1), seg.Get(2), seg.Get(3)
		case "L11":
			u.References = append(u.References, Reference{Qualifier: seg.Get(2), Value: seg.Get(1)})
		case "N1":
			u.Location = partyFrom(seg)
			party = &u.Location
		case "LX":
			u.StopSeq = parseCount(seg.Get(1))
		case "AT7":
			if u.Status == "" {
				u.Status, u.Reason = seg.Get(1), seg.Get(2)
				u.At = DateTime{Date: seg.Get(5), Time: seg.Get(6), Code: seg.Get(7)}
			}
		case "MS1":
			u.City, u.State, u.Country = seg.Get(1), seg.Get(2), seg.Get(3)
			u.Lon, u.Lat = fromDMS(seg.Get(4), seg.Get(6), "W"), fromDMS(seg.Get(5), seg.Get(7), "S")
		case "MS2":
			u.EquipmentID = seg.Get(2)
		case "AT8":
			u.WeightLb, u.Pieces = parsePounds(seg.Get(3), seg.Get(2)), parseCount(seg.Get(4))
		}
	}
	if u.Status == "" {
		return u, fmt.Errorf("214 has no AT7 status")
	}
	return u, nil
}

// dms writes a coordinate as MS1 wants it: degrees (width digits), minutes and seconds, and
// the hemisphere letter.
func dms(deg float64, width int, pos, neg string) (string, string) {
	dir := pos
	if deg < 0 {
		dir, deg = neg, -deg
	}
	secs := int(math.Round(deg * 3600))
	return fmt.Sprintf("%0*d%02d%02d", width, secs/3600, secs/60%60, secs%60), dir
}

// fromDMS reads DDDMMSS/DDMMSS back into degrees; 0 when malformed.
func fromDMS(v, dir, neg string) float64 {
	if len(v) < 5 {
		return 0
	}
	d, err1 := strconv.Atoi(v[:len(v)-4])
	m, err2 := strconv.Atoi(v[len(v)-4 : len(v)-2])
	s, err3 := strconv.Atoi(v[len(v)-2:])
	if err1 != nil || err2 != nil || err3 != nil {
		return 0
	}
	deg := float64(d) + float64(m)/60 + float64(s)/3600
	if dir == neg {
		deg = -deg
	}
	return deg
}
