package edi

import (
	"fmt"
	"strconv"

	"github.com/anditms/tms/internal/x12"
)

// FreightInvoice is a 210 Motor Carrier Freight Details and Invoice.
type FreightInvoice struct {
	InvoiceNumber string       `json:"invoice_number"` // B3-02
	ShipmentID    string       `json:"shipment_id"`    // B3-03, the tender's B2-04
	Payment       string       `json:"payment"`        // B3-04: PP prepaid, CC collect, TP third party
	Date          string       `json:"date"`           // B3-06 CCYYMMDD
	NetCents      int64        `json:"net_cents"`      // B3-07
	DeliveryDate  string       `json:"delivery_date,omitempty"`
	SCAC          string       `json:"scac"`
	Currency      string       `json:"currency"`
	References    []Reference  `json:"references,omitempty"`
	Parties       []Party      `json:"parties,omitempty"`
	Lines         []ChargeLine `json:"lines"`
	WeightLb      int          `json:"weight_lb"`
	Pieces        int          `json:"pieces"`
	TotalCents    int64        `json:"total_cents"` // L3-05
}

// ChargeLine is one LX/L1 line: an amount with its charge code (L1-08).
type ChargeLine struct {
	Code        string `json:"code"`
	Description string `json:"description,omitempty"`
	Cents       int64  `json:"cents"`
}

// Set renders the invoice as a 210 body; amounts are N2 (implied decimals).
func (f FreightInvoice) Set() x12.Set {
	delivered := ""
	if f.DeliveryDate != "" {
		delivered = "035"
	}
	segs := []x12.Segment{
		x12.NewSegment("B3", "", f.InvoiceNumber, f.ShipmentID, f.Payment, "", f.Date, formatCents(f.NetCents), "", f.DeliveryDate, delivered, f.SCAC),
		x12.NewSegment("C3", f.Currency),
	}
	for _, r := range f.References {
		segs = append(segs, x12.NewSegment("N9", r.Qualifier, r.Value))
	}
	for _, p := range f.Parties {
		segs = append(segs, p.segments()...)
	}
	for i, l := range f.Lines {
		n := strconv.Itoa(i + 1)
		segs = append(segs, x12.NewSegment("LX", n),
			x12.NewSegment("L1", n, "", "", formatCents(l.Cents), "", "", "", l.Code, "", "", "", l.Description))
	}
	segs = append(segs, x12.NewSegment("L3", strconv.Itoa(f.WeightLb), "G", "", "", formatCents(f.TotalCents), "", "", "", "", "", strconv.Itoa(f.Pieces)))
	return x12.Set{ID: "210", Segments: segs}
}

// ParseFreightInvoice reads a 210.
func ParseFreightInvoice(s *x12.Set) (FreightInvoice, error) {
	if s.ID != "210" {
		return FreightInvoice{}, fmt.Errorf("set %s is not a 210", s.ID)
	}
	var f FreightInvoice
	var party *Party
	var errs []error
	cents := func(v string) int64 {
		c, err := parseCents(v)
		if err != nil {
			errs = append(errs, err)
		}
		return c
	}
	for _, seg := range s.Segments {
		if party != nil && party.read(seg) {
			continue
		}
		party = nil
		switch seg.ID() {
		case "B3":
			f.InvoiceNumber, f.ShipmentID, f.Payment, f.Date = seg.Get(2), seg.Get(3), seg.Get(4), seg.Get(6)
			f.NetCents, f.DeliveryDate, f.SCAC = cents(seg.Get(7)), seg.Get(9), seg.Get(11)
		case "C3":
			f.Currency = seg.Get(1)
		case "N9":
			f.References = append(f.References, Reference{Qualifier: seg.Get(1), Value: seg.Get(2)})
		case "N1":
			f.Parties = append(f.Parties, partyFrom(seg))
			party = &f.Parties[len(f.Parties)-1]
		case "L1":
			f.Lines = append(f.Lines, ChargeLine{Code: seg.Get(8), Description: seg.Get(12), Cents: cents(seg.Get(4))})
		case "L3":
			f.WeightLb, f.TotalCents, f.Pieces = parsePounds(seg.Get(1), "L"), cents(seg.Get(5)), parseCount(seg.Get(11))
		}
	}
	if len(errs) > 0 {
		return f, fmt.Errorf("210 amounts: %v", errs)
	}
	return f, nil
}
