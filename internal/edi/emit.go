package edi

import (
	"context"
	"errors"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// statusCursor names the 214 job's place in the load event log.
const statusCursor = "214"

// EmitStatuses reads the load event log from where it stopped and queues a 214 for every
// stop arrival and departure of a load whose customer has a partner taking 214s. The cursor
// moves with each file in one transaction, so a restart resumes and two workers never write
// the same 214. It returns how many were queued.
func (s *Service) EmitStatuses(ctx context.Context, batch int) (int, error) {
	after, err := s.Store.EDICursor(ctx, statusCursor)
	if err != nil {
		return 0, err
	}
	events, err := s.Store.LoadEventsSince(ctx, after, batch)
	if err != nil || len(events) == 0 {
		return 0, err
	}
	queued := 0
	for _, e := range events {
		f, render, err := s.statusFile(ctx, e)
		if err != nil {
			return queued, err
		}
		if err := s.Store.QueueEDIFileAt(ctx, statusCursor, e.ID, f, render); err != nil {
			return queued, err
		}
		if f != nil && f.ID != 0 {
			queued++
		}
	}
	return queued, nil
}

// statusFile returns the 214 an event calls for, or nil when it calls for none.
func (s *Service) statusFile(ctx context.Context, e tms.LoadEvent) (*tms.EDIFile, tms.Render, error) {
	if (e.Type != tms.EventStopArrived && e.Type != tms.EventStopDeparted) || e.StopID == nil {
		return nil, nil, nil
	}
	load, err := s.Store.Load(ctx, e.LoadID)
	if err != nil {
		return nil, nil, err
	}
	partner, err := s.Store.PartnerByCustomer(ctx, load.CustomerID)
	if tms.ErrorCode(err) == tms.CodeNotFound || err == nil && !partner.Uses("214") {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	i := load.StopIndex(*e.StopID)
	if i < 0 {
		return nil, nil, nil // the stop was removed since
	}
	fac, err := s.Store.Facility(ctx, load.Stops[i].FacilityID)
	if err != nil {
		return nil, nil, err
	}
	u, err := statusUpdate(partner, load, i, fac, e)
	if err != nil {
		return nil, nil, err
	}
	f := outbound(partner, "214")
	f.LoadID, f.SourceEventID = &load.ID, &e.ID
	return f, s.render(partner, u.Set()), nil
}

// statusUpdate describes event e at stop i of load as a 214.
func statusUpdate(p tms.TradingPartner, load tms.Load, i int, fac tms.Facility, e tms.LoadEvent) (StatusUpdate, error) {
	loc, err := time.LoadLocation(fac.TimeZone)
	if err != nil {
		return StatusUpdate{}, err
	}
	stop := load.Stops[i]
	u := StatusUpdate{
		LoadNumber: load.Number, ShipmentID: load.References.CustomerLoad, SCAC: p.SCAC, StopSeq: stop.Seq,
		Status: statusCode(stop.Kind, e.Type), Reason: ReasonNormal, At: dateTimeIn(e.At, loc),
		City: fac.Address.City, State: fac.Address.State, Country: fac.Address.Country, Lat: fac.Lat, Lon: fac.Lon,
		Location: facilityParty(stop.Kind, fac), WeightLb: load.WeightLb, Pieces: load.Pieces,
	}
	if e.Lat != nil && e.Lon != nil {
		u.Lat, u.Lon = *e.Lat, *e.Lon
	}
	if stop.ArrivedAt != nil && stop.ArrivedAt.After(stop.AppointmentEnd) {
		u.Reason = ReasonLate
	}
	for _, r := range []Reference{{"BM", load.References.BOL}, {"PO", load.References.PO}} {
		if r.Value != "" {
			u.References = append(u.References, r)
		}
	}
	return u, nil
}

func statusCode(kind tms.StopKind, event tms.EventType) string {
	switch {
	case kind == tms.StopPickup && event == tms.EventStopArrived:
		return StatusArrivedPickup
	case kind == tms.StopPickup:
		return StatusDepartedPickup
	case event == tms.EventStopArrived:
		return StatusArrivedDelivery
	}
	return StatusDepartedDelivery
}

func facilityParty(kind tms.StopKind, f tms.Facility) Party {
	role := "ST" // ship to
	if kind == tms.StopPickup {
		role = "SF" // ship from
	}
	return Party{Role: role, Name: f.Name, Address: nonBlank(f.Address.Line1, f.Address.Line2), City: f.Address.City,
		State: f.Address.State, Postal: f.Address.Zip, Country: f.Address.Country}
}

func nonBlank(vs ...string) []string {
	var out []string
	for _, v := range vs {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// chargeCodes map charge kinds onto L1-08 codes.
var chargeCodes = map[string]string{
	"linehaul": "400", "fuel_surcharge": "FUE", "detention": "DET", "layover": "LAY", "lumper": "LUM",
	"stop_off": "SOC", "tonu": "TON", "driver_assist": "DAS", "other": "MSC",
}

// ErrNoPartner is returned when a customer has no partner taking the transaction set.
var ErrNoPartner = errors.New("the customer has no trading partner taking this transaction set")

// EmitInvoice queues the 210 for an invoice sent to a customer whose partner takes 210s;
// CodeConflict when it was queued before.
func (s *Service) EmitInvoice(ctx context.Context, invoiceID int64) (tms.EDIFile, error) {
	inv, err := s.Store.Invoice(ctx, invoiceID)
	if err != nil {
		return tms.EDIFile{}, err
	}
	if inv.Kind != tms.KindInvoice || !(inv.Status.Open() || inv.Status == tms.InvoicePaid) {
		return tms.EDIFile{}, tms.Errorf(tms.CodeConflict, "only a sent invoice is sent as a 210; this one is %s", inv.Status)
	}
	partner, err := s.Store.PartnerByCustomer(ctx, inv.CustomerID)
	if err == nil && !partner.Uses("210") {
		err = &tms.Error{Code: tms.CodeNotFound, Message: ErrNoPartner.Error(), Err: ErrNoPartner}
	}
	if err != nil {
		return tms.EDIFile{}, err
	}
	fi, err := s.freightInvoice(ctx, partner, inv)
	if err != nil {
		return tms.EDIFile{}, err
	}
	f := outbound(partner, "210")
	f.InvoiceID = &inv.ID
	if len(inv.LoadIDs) > 0 {
		f.LoadID = &inv.LoadIDs[0]
	}
	return *f, s.Store.QueueEDIFile(ctx, f, s.render(partner, fi.Set()))
}

func (s *Service) freightInvoice(ctx context.Context, p tms.TradingPartner, inv tms.Invoice) (FreightInvoice, error) {
	cust, err := s.Store.Customer(ctx, inv.CustomerID)
	if err != nil {
		return FreightInvoice{}, err
	}
	a := cust.BillingAddress
	fi := FreightInvoice{
		InvoiceNumber: inv.Number, Payment: "PP", Date: inv.IssueDate.Time().Format("20060102"), SCAC: p.SCAC, Currency: "USD",
		NetCents: int64(inv.TotalCents), TotalCents: int64(inv.TotalCents),
		Parties: []Party{{Role: "BT", Name: cust.Name, Address: nonBlank(a.Line1, a.Line2), City: a.City, State: a.State, Postal: a.Zip, Country: a.Country}},
	}
	for _, id := range inv.LoadIDs {
		load, err := s.Store.Load(ctx, id)
		if err != nil {
			return fi, err
		}
		fi.WeightLb, fi.Pieces = fi.WeightLb+load.WeightLb, fi.Pieces+load.Pieces
		if fi.ShipmentID == "" {
			fi.ShipmentID = load.References.CustomerLoad
		}
		if d := deliveredAt(load); d != nil && fi.DeliveryDate == "" {
			fi.DeliveryDate = d.UTC().Format("20060102")
		}
		for _, r := range []Reference{{"BM", load.References.BOL}, {"PO", load.References.PO}, {"CN", load.Number}} {
			if r.Value != "" {
				fi.References = append(fi.References, r)
			}
		}
	}
	for _, l := range inv.Lines {
		fi.Lines = append(fi.Lines, ChargeLine{Code: or(chargeCodes[l.Kind], "MSC"), Description: l.Description, Cents: int64(l.AmountCents)})
	}
	return fi, nil
}

func deliveredAt(l tms.Load) *time.Time {
	if len(l.Stops) == 0 {
		return nil
	}
	return l.Stops[len(l.Stops)-1].DepartedAt
}

// EmitInvoices queues the 210s of invoices issued in the last days (sent, part paid or paid)
// to customers whose partner takes 210s; ones already queued are skipped (the file log
// holds one 210 per invoice). It returns how many were queued.
func (s *Service) EmitInvoices(ctx context.Context, days int) (int, error) {
	partners, err := s.Store.ListTradingPartners(ctx, tms.MasterFilter{Status: "active", Page: tms.PageRequest{Limit: 500}})
	if err != nil {
		return 0, err
	}
	queued := 0
	from := tms.DateOf(s.now().AddDate(0, 0, -days))
	for _, p := range partners.Items {
		if p.CustomerID == nil || !p.Uses("210") {
			continue
		}
		invs, err := s.Store.ListInvoices(ctx, tms.InvoiceFilter{CustomerID: *p.CustomerID, Kind: tms.KindInvoice, From: from,
			Statuses: []tms.InvoiceStatus{tms.InvoiceSent, tms.InvoicePartiallyPaid, tms.InvoicePaid}, Page: tms.PageRequest{Limit: 500}})
		if err != nil {
			return queued, err
		}
		for _, inv := range invs.Items {
			_, err := s.EmitInvoice(ctx, inv.ID)
			switch tms.ErrorCode(err) {
			case "":
				queued++
			case tms.CodeConflict: // queued before
			default:
				return queued, err
			}
		}
	}
	return queued, nil
}
