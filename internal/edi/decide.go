package edi

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Accept accepts a pending tender: its load is created with the stops matched to facilities
// (facilities maps a stop's S5 sequence to a facility for stops the names do not match), and
// a 990 accepting it is queued, all in one transaction.
func (s *Service) Accept(ctx context.Context, id int64, version int, facilities map[int]int64) (tms.EDITender, error) {
	t, partner, tender, err := s.pending(ctx, id)
	if err != nil {
		return t, err
	}
	if partner.CustomerID == nil {
		return t, tms.Errorf(tms.CodeInvalid, "trading partner %s is not linked to a customer", partner.Name)
	}
	load, err := s.loadFor(ctx, tender, *partner.CustomerID, facilities)
	if err != nil {
		return t, err
	}
	return s.Store.DecideEDITender(ctx, id, tms.TenderDecision{
		Version: version, Status: tms.TenderAccepted, Load: &load, Response: outbound(partner, "990"),
		Render: s.respond(partner, tender, ActionAccept, ""),
	})
}

// Decline declines a pending tender with a reason and queues the 990 saying so.
func (s *Service) Decline(ctx context.Context, id int64, version int, reason string) (tms.EDITender, error) {
	t, partner, tender, err := s.pending(ctx, id)
	if err != nil {
		return t, err
	}
	return s.Store.DecideEDITender(ctx, id, tms.TenderDecision{
		Version: version, Status: tms.TenderDeclined, Reason: reason, Response: outbound(partner, "990"),
		Render: s.respond(partner, tender, ActionDecline, reason),
	})
}

func (s *Service) pending(ctx context.Context, id int64) (tms.EDITender, tms.TradingPartner, Tender, error) {
	var tender Tender
	t, err := s.Store.EDITender(ctx, id)
	if err != nil {
		return t, tms.TradingPartner{}, tender, err
	}
	if t.Status != tms.TenderPending {
		return t, tms.TradingPartner{}, tender, tms.Errorf(tms.CodeConflict, "the tender is already %s", t.Status)
	}
	partner, err := s.Store.TradingPartner(ctx, t.PartnerID)
	if err != nil {
		return t, partner, tender, err
	}
	return t, partner, tender, json.Unmarshal(t.Detail, &tender)
}

// respond renders the 990 once the load (if any) has its number and the control is drawn.
func (s *Service) respond(p tms.TradingPartner, tender Tender, action, reason string) func(tms.EDITender, *tms.Load, int64) ([]byte, string, error) {
	return func(_ tms.EDITender, load *tms.Load, control int64) ([]byte, string, error) {
		r := Response{SCAC: p.SCAC, ShipmentID: tender.ShipmentID, Date: s.now().UTC().Format("20060102"), Action: action, Reason: reason}
		if load != nil {
			r.LoadNumber = load.Number
		}
		return s.render(p, r.Set())(control)
	}
}

// loadFor builds the load a tender asks for.
func (s *Service) loadFor(ctx context.Context, t Tender, customerID int64, chosen map[int]int64) (tms.Load, error) {
	l := tms.Load{
		CustomerID: customerID, Commodity: t.Commodity, WeightLb: t.WeightLb, Pieces: t.Pieces,
		EquipmentType: equipmentType(t.Equipment), References: references(t), Notes: strings.Join(t.Notes, "\n"),
		Charges: []tms.Charge{},
	}
	if t.RateCents > 0 {
		l.Charges = append(l.Charges, tms.Charge{Kind: "linehaul", Description: "EDI tender " + t.ShipmentID, AmountCents: tms.Cents(t.RateCents)})
	}
	if h := t.Hazmat; h != nil && h.Class != "" && len(h.UNNumber) == 6 {
		l.Hazmat = &tms.Hazmat{UNNumber: h.UNNumber, Class: h.Class, PackingGroup: h.PackingGroup}
	}
	var missing []string
	for _, st := range t.Stops {
		fac, err := s.facilityFor(ctx, st, chosen)
		if err != nil {
			missing = append(missing, fmt.Sprintf("stop %d (%s, %s %s): %v", st.Seq, st.Location.Name, st.Location.City, st.Location.State, err))
			continue
		}
		stop, err := stopAt(st, fac)
		if err != nil {
			return l, tms.Errorf(tms.CodeInvalid, "stop %d: %v", st.Seq, err)
		}
		l.Stops = append(l.Stops, stop)
	}
	if len(missing) > 0 {
		return l, tms.Errorf(tms.CodeInvalid, "choose a facility for: %s", strings.Join(missing, "; "))
	}
	return l, nil
}

// facilityFor returns the facility chosen for a stop, or the one whose name (or street and
// city) matches the stop's N1/N3/N4.
func (s *Service) facilityFor(ctx context.Context, st TenderStop, chosen map[int]int64) (tms.Facility, error) {
	if id, ok := chosen[st.Seq]; ok {
		return s.Store.Facility(ctx, id)
	}
	loc := st.Location
	for _, text := range []string{loc.Name, loc.City} {
		if text == "" {
			continue
		}
		page, err := s.Store.ListFacilities(ctx, tms.MasterFilter{Text: text, Status: "active", Page: tms.PageRequest{Limit: 100}})
		if err != nil {
			return tms.Facility{}, err
		}
		for _, f := range page.Items {
			if matches(f, loc) {
				return f, nil
			}
		}
	}
	return tms.Facility{}, fmt.Errorf("no facility matches")
}

func matches(f tms.Facility, loc Party) bool {
	sameCity := strings.EqualFold(f.Address.City, loc.City) && strings.EqualFold(f.Address.State, loc.State)
	if strings.EqualFold(f.Name, loc.Name) && (loc.City == "" || sameCity) {
		return true
	}
	return sameCity && len(loc.Address) > 0 && strings.EqualFold(f.Address.Line1, loc.Address[0])
}

// stopAt turns a tender stop into a load stop at fac, its G62 times read in fac's zone: the
// window runs from the earliest to the latest time given (one time is a point appointment).
func stopAt(st TenderStop, fac tms.Facility) (tms.Stop, error) {
	loc, err := time.LoadLocation(fac.TimeZone)
	if err != nil {
		return tms.Stop{}, err
	}
	kind := tms.StopDelivery
	if st.Pickup {
		kind = tms.StopPickup
	}
	stop := tms.Stop{Kind: kind, FacilityID: fac.ID, References: referenceText(st.References)}
	for _, d := range st.Times {
		at, err := d.In(loc)
		if err != nil {
			return stop, err
		}
		if stop.AppointmentStart.IsZero() || at.Before(stop.AppointmentStart) {
			stop.AppointmentStart = at
		}
		if at.After(stop.AppointmentEnd) {
			stop.AppointmentEnd = at
		}
	}
	if stop.AppointmentStart.IsZero() {
		return stop, fmt.Errorf("the tender gives no date for the stop")
	}
	stop.AppointmentStart, stop.AppointmentEnd = stop.AppointmentStart.UTC(), stop.AppointmentEnd.UTC()
	return stop, nil
}

// references maps L11 qualifiers onto the load's references; the shipment ID becomes the
// customer's load number (the 214s and 210s quote it back).
func references(t Tender) tms.References {
	r := tms.References{CustomerLoad: t.ShipmentID}
	all := append([]Reference{}, t.References...)
	for _, st := range t.Stops {
		all = append(all, st.References...)
	}
	for _, ref := range all {
		switch {
		case ref.Qualifier == "BM" && r.BOL == "":
			r.BOL = ref.Value
		case ref.Qualifier == "PO" && r.PO == "":
			r.PO = ref.Value
		case ref.Qualifier == "P8" && r.Pickup == "":
			r.Pickup = ref.Value
		}
	}
	return r
}

func referenceText(refs []Reference) string {
	parts := make([]string, len(refs))
	for i, r := range refs {
		parts[i] = r.Qualifier + " " + r.Value
	}
	return strings.Join(parts, ", ")
}

// equipmentType maps N7-11 equipment codes onto trailer types ("" when unknown).
func equipmentType(code string) string {
	switch code {
	case "TV", "TL", "VN", "CV":
		return "dry_van"
	case "RT", "TR", "CR":
		return "reefer"
	case "FT", "FR", "TF":
		return "flatbed"
	case "CN":
		return "container"
	case "TN":
		return "tanker"
	}
	return ""
}
