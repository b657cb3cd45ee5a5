package documents

import (
	"bytes"
	"context"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// GenerateBOL renders the load's bill of lading as a PDF and stores it as the next version
// of the load's bol document. Whoever may upload a BOL to the load may generate one.
func (s *Service) GenerateBOL(ctx context.Context, loadID int64) (tms.Document, error) {
	o := tms.Owner{Kind: tms.OwnerLoad, ID: loadID}
	l, err := s.authorizeUpload(ctx, o, tms.DocBOL)
	if err != nil {
		return tms.Document{}, err
	}
	b, err := s.bolOf(ctx, *l)
	if err != nil {
		return tms.Document{}, err
	}
	pdf, err := renderBOL(b)
	if err != nil {
		return tms.Document{}, err
	}
	return s.store(ctx, o, tms.DocBOL, "BOL-"+l.Number+".pdf", "application/pdf", bytes.NewReader(pdf), int64(len(pdf)))
}

// bol is everything printed on a bill of lading.
type bol struct {
	Carrier   tms.CarrierSettings
	Load      tms.Load
	Equipment string // "Dry van 53'"
	Stops     []bolStop
	Printed   time.Time
}

// bolStop is a stop with its facility, times shown in the facility's zone.
type bolStop struct {
	tms.Stop
	Facility tms.Facility
}

// Shipper is the first pickup and Consignee the last delivery (a valid load starts with a
// pickup and ends with a delivery).
func (b bol) Shipper() bolStop   { return b.Stops[0] }
func (b bol) Consignee() bolStop { return b.Stops[len(b.Stops)-1] }

func (s *Service) bolOf(ctx context.Context, l tms.Load) (bol, error) {
	if len(l.Stops) == 0 {
		return bol{}, tms.Errorf(tms.CodeConflict, "load %s has no stops to print on a bill of lading", l.Number)
	}
	carrier, err := s.carrier(ctx)
	if err != nil {
		return bol{}, err
	}
	equipment, err := s.equipment(ctx, l)
	if err != nil {
		return bol{}, err
	}
	b := bol{Carrier: carrier, Load: l, Equipment: equipment, Printed: s.now()}
	facilities := map[int64]tms.Facility{}
	for _, st := range l.Stops {
		f, ok := facilities[st.FacilityID]
		if !ok {
			var err error
			if f, err = s.Store.Facility(ctx, st.FacilityID); err != nil {
				return bol{}, err
			}
			facilities[st.FacilityID] = f
		}
		b.Stops = append(b.Stops, bolStop{Stop: st, Facility: f})
	}
	return b, nil
}

// carrier is the carrier as its settings describe it (the letterhead of invoices too);
// CarrierName, when configured, names it.
func (s *Service) carrier(ctx context.Context) (tms.CarrierSettings, error) {
	c, err := s.Store.CarrierSettings(ctx)
	if s.CarrierName != "" {
		c.Name = s.CarrierName
	}
	return c, err
}

// equipment names the load's equipment for people, with the assigned trailer's length.
func (s *Service) equipment(ctx context.Context, l tms.Load) (string, error) {
	typ, length := l.EquipmentType, 0
	if l.TrailerID != nil {
		t, err := s.Store.Trailer(ctx, *l.TrailerID)
		if err != nil {
			return "", err
		}
		length = t.LengthFt
		if typ == "" {
			typ = t.Type
		}
	}
	return tms.EquipmentName(typ, length), nil
}

// Window is the appointment in the facility's time zone: "Mon 2026-12-07 08:00-10:00 CST".
func (st bolStop) Window() string {
	loc := st.Facility.Location()
	start, end := st.AppointmentStart.In(loc), st.AppointmentEnd.In(loc)
	text := start.Format("Mon 2006-01-02 15:04")
	switch {
	case !end.After(start):
	case start.YearDay() == end.YearDay() && start.Year() == end.Year():
		text += "-" + end.Format("15:04")
	default:
		text += " - " + end.Format("Mon 2006-01-02 15:04")
	}
	return text + " " + start.Format("MST")
}

// SaveGenerated stores a PDF the application rendered (an invoice) as the next version of
// the load's document of type typ; whoever may upload that type to the load may save it.
func (s *Service) SaveGenerated(ctx context.Context, loadID int64, typ tms.DocumentType, filename string, pdf []byte) (tms.Document, error) {
	o := tms.Owner{Kind: tms.OwnerLoad, ID: loadID}
	if _, err := s.authorizeUpload(ctx, o, typ); err != nil {
		return tms.Document{}, err
	}
	return s.store(ctx, o, typ, filename, "application/pdf", bytes.NewReader(pdf), int64(len(pdf)))
}
