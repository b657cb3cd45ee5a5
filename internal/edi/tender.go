package edi

import (
	"errors"
	"fmt"

	"github.com/anditms/tms/internal/x12"
)

// Tender purposes (B2A-01).
const (
	PurposeOriginal = "00"
	PurposeCancel   = "01"
	PurposeChange   = "04"
)

// Tender is a 204 Motor Carrier Load Tender as read.
type Tender struct {
	SCAC        string       `json:"scac"`
	ShipmentID  string       `json:"shipment_id"` // B2-04, the partner's key for the tender
	Payment     string       `json:"payment,omitempty"`
	Purpose     string       `json:"purpose"`
	RespondBy   *DateTime    `json:"respond_by,omitempty"`
	Parties     []Party      `json:"parties"`
	References  []Reference  `json:"references"`
	Equipment   string       `json:"equipment,omitempty"` // N7-11, e.g. TL, TV, RT, CN
	EquipmentID string       `json:"equipment_id,omitempty"`
	Commodity   string       `json:"commodity,omitempty"`
	WeightLb    int          `json:"weight_lb"`
	Pieces      int          `json:"pieces"`
	Hazmat      *Hazmat      `json:"hazmat,omitempty"`
	RateCents   int64        `json:"rate_cents"` // L3-05, 0 when the tender names no rate
	Notes       []string     `json:"notes,omitempty"`
	Stops       []TenderStop `json:"stops"`
}

// Hazmat is the first LH1/LH2 of a tender.
type Hazmat struct {
	UNNumber     string `json:"un_number"`
	Class        string `json:"class,omitempty"`
	PackingGroup string `json:"packing_group,omitempty"`
}

// TenderStop is one S5 loop.
type TenderStop struct {
	Seq        int         `json:"seq"`
	Reason     string      `json:"reason"` // S5-02: LD, CL, PL, PA ... pick up; UL, CU, PU, DT ... deliver
	Pickup     bool        `json:"pickup"`
	WeightLb   int         `json:"weight_lb,omitempty"`
	Pieces     int         `json:"pieces,omitempty"`
	Times      []DateTime  `json:"times"`
	References []Reference `json:"references"`
	Location   Party       `json:"location"`
}

// pickupReasons are the S5-02 stop reasons that load freight.
var pickupReasons = map[string]bool{"LD": true, "CL": true, "PL": true, "PA": true, "SL": true, "RT": true}

// tenderReader keeps the loop a 204 segment belongs to.
type tenderReader struct {
	t     Tender
	stop  *TenderStop
	party *Party
}

// ParseTender reads a 204 transaction set.
func ParseTender(s *x12.Set) (Tender, error) {
	if s.ID != "204" {
		return Tender{}, fmt.Errorf("set %s is not a 204", s.ID)
	}
	r := &tenderReader{t: Tender{Purpose: PurposeOriginal}}
	for _, seg := range s.Segments {
		r.segment(seg)
	}
	r.closeStop()
	r.t.sumStopWeights()
	return r.t, r.t.validate()
}

func (r *tenderReader) segment(seg x12.Segment) {
	if r.party != nil && r.party.read(seg) {
		return
	}
	switch seg.ID() {
	case "B2":
		r.t.SCAC, r.t.ShipmentID, r.t.Payment = seg.Get(2), seg.Get(4), seg.Get(6)
	case "B2A":
		if p := seg.Get(1); p != "" {
			r.t.Purpose = p
		}
	case "S5":
		r.closeStop()
		r.stop = &TenderStop{Seq: parseCount(seg.Get(1)), Reason: seg.Get(2), WeightLb: parsePounds(seg.Get(3), seg.Get(4)), Pieces: parseCount(seg.Get(5))}
		r.party = nil
	case "N1":
		r.openParty(seg)
	case "L11":
		r.reference(Reference{Qualifier: seg.Get(2), Value: seg.Get(1)})
	case "G62":
		r.dateTime(DateTime{Qualifier: seg.Get(1), Date: seg.Get(2), Time: seg.Get(4), Code: seg.Get(5)})
	case "N7":
		r.t.EquipmentID, r.t.Equipment = seg.Get(2), seg.Get(11)
	case "L5":
		if r.t.Commodity == "" {
			r.t.Commodity = seg.Get(2)
		}
	case "NTE":
		r.t.Notes = append(r.t.Notes, seg.Get(2))
	case "LH1":
		if r.t.Hazmat == nil {
			r.t.Hazmat = &Hazmat{UNNumber: seg.Get(3), PackingGroup: seg.Get(10)}
		}
	case "LH2":
		if r.t.Hazmat != nil && r.t.Hazmat.Class == "" {
			r.t.Hazmat.Class = seg.Get(1)
		}
	case "L3":
		r.totals(seg)
	}
}

func (r *tenderReader) openParty(seg x12.Segment) {
	p := partyFrom(seg)
	if r.stop != nil && r.stop.Location.Role == "" {
		r.stop.Location = p
		r.party = &r.stop.Location
		return
	}
	if r.stop != nil { // further parties of a stop (bill-to at a stop) count as the tender's
		r.closeStop()
	}
	r.t.Parties = append(r.t.Parties, p)
	r.party = &r.t.Parties[len(r.t.Parties)-1]
}

func (r *tenderReader) reference(ref Reference) {
	if r.stop != nil {
		r.stop.References = append(r.stop.References, ref)
		return
	}
	r.t.References = append(r.t.References, ref)
}

func (r *tenderReader) dateTime(d DateTime) {
	if r.stop != nil {
		r.stop.Times = append(r.stop.Times, d)
		return
	}
	if d.Qualifier == "64" { // must respond by
		r.t.RespondBy = &d
	}
}

func (r *tenderReader) totals(seg x12.Segment) {
	r.closeStop()
	unit := "L"
	if seg.Get(12) == "K" { // L3-12 weight unit code
		unit = "K"
	}
	if w := parsePounds(seg.Get(1), unit); w > 0 {
		r.t.WeightLb = w
	}
	if c, err := parseCents(seg.Get(5)); err == nil {
		r.t.RateCents = c
	}
	if n := parseCount(seg.Get(11)); n > 0 {
		r.t.Pieces = n
	}
}

// closeStop files the open stop, deciding pickup or delivery from its reason (or, for
// reasons not known, from being first).
func (r *tenderReader) closeStop() {
	if r.stop == nil {
		return
	}
	s := *r.stop
	s.Pickup = pickupReasons[s.Reason] || (len(r.t.Stops) == 0 && !deliveryReason(s.Reason))
	if s.Seq == 0 {
		s.Seq = len(r.t.Stops) + 1
	}
	r.t.Stops = append(r.t.Stops, s)
	r.stop, r.party = nil, nil
}

func deliveryReason(reason string) bool {
	switch reason {
	case "UL", "CU", "PU", "DT", "SU":
		return true
	}
	return false
}

func (t *Tender) validate() error {
	var errs []error
	if t.ShipmentID == "" {
		errs = append(errs, errors.New("B2-04 shipment ID is missing"))
	}
	switch t.Purpose {
	case PurposeOriginal, PurposeChange, PurposeCancel:
	default:
		errs = append(errs, fmt.Errorf("B2A-01 purpose %q is not 00, 01 or 04", t.Purpose))
	}
	if t.Purpose != PurposeCancel && len(t.Stops) < 2 {
		errs = append(errs, fmt.Errorf("a tender needs at least 2 stops, it has %d", len(t.Stops)))
	}
	return errors.Join(errs...)
}

// sumStopWeights weighs the tender by its pickups when L3 gives no weight.
func (t *Tender) sumStopWeights() {
	if t.WeightLb > 0 {
		return
	}
	for _, s := range t.Stops {
		if s.Pickup {
			t.WeightLb += s.WeightLb
		}
	}
}
