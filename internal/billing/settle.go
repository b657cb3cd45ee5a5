package billing

import (
	"context"
	"slices"
	"time"

	"github.com/anditms/tms/internal/billingpdf"
	"github.com/anditms/tms/internal/reports"
	"github.com/anditms/tms/internal/tms"
)

// SettlementInput asks for a driver's settlement of a pay period (dates inclusive).
type SettlementInput struct {
	DriverID    int64    `json:"driver_id"`
	PeriodStart tms.Date `json:"period_start"`
	PeriodEnd   tms.Date `json:"period_end"`
}

// CreateSettlement drafts a driver's settlement: every load the driver delivered in the
// period that no other live settlement pays, priced by the driver's pay profile, plus
// accessorial pay, reimbursements and the recurring deductions.
func (s *Service) CreateSettlement(ctx context.Context, in SettlementInput) (tms.Settlement, error) {
	d, err := s.Store.Driver(ctx, in.DriverID)
	if err != nil {
		return tms.Settlement{}, err
	}
	st := tms.Settlement{DriverID: d.ID, PeriodStart: in.PeriodStart, PeriodEnd: in.PeriodEnd}
	if err := st.Validate(); err != nil {
		return st, err
	}
	loads, history, err := s.deliveredIn(ctx, d.ID, in.PeriodStart, in.PeriodEnd)
	if err != nil {
		return st, err
	}
	pay, err := s.payInput(ctx, d, loads, history)
	if err != nil {
		return st, err
	}
	pay.PeriodStart, pay.PeriodEnd = in.PeriodStart, in.PeriodEnd
	st.Lines = BuildSettlementLines(pay)
	for _, l := range loads {
		st.LoadIDs = append(st.LoadIDs, l.ID)
	}
	return st, s.Store.CreateSettlement(ctx, &st)
}

// deliveredIn returns the driver's unsettled loads delivered in [start, end] and, for empty
// miles, every load of the driver up to the period's end.
func (s *Service) deliveredIn(ctx context.Context, driverID int64, start, end tms.Date) ([]tms.Load, []tms.Load, error) {
	history, err := s.allLoads(ctx, tms.LoadFilter{DriverID: driverID, From: start.Time().AddDate(0, 0, -14), To: end.Time().AddDate(0, 0, 1),
		Statuses: []tms.LoadStatus{tms.StatusDelivered, tms.StatusInvoiced, tms.StatusPaid}})
	if err != nil {
		return nil, nil, err
	}
	var in []tms.Load
	var ids []int64
	for _, l := range history {
		if day := tms.DateOf(deliveredAt(l)); !day.Time().Before(start.Time()) && !day.Time().After(end.Time()) {
			in = append(in, l)
			ids = append(ids, l.ID)
		}
	}
	settled, err := s.Store.SettledLoads(ctx, driverID, ids)
	in = slices.DeleteFunc(in, func(l tms.Load) bool { _, done := settled[l.ID]; return done })
	return in, history, err
}

// deliveredAt is when the last stop was reached (its appointment end if not recorded), UTC.
func deliveredAt(l tms.Load) time.Time {
	last := l.Stops[len(l.Stops)-1]
	if last.ArrivedAt != nil {
		return last.ArrivedAt.UTC()
	}
	return last.AppointmentEnd.UTC()
}

// payInput gathers the catalog and the empty miles for the driver's settlement.
func (s *Service) payInput(ctx context.Context, d tms.Driver, loads, history []tms.Load) (PayInput, error) {
	in := PayInput{Driver: d, Loads: loads, Catalog: map[string]tms.Accessorial{}}
	catalog, err := s.Store.ListAccessorials(ctx)
	if err != nil {
		return in, err
	}
	for _, a := range catalog {
		in.Catalog[a.Code] = a
	}
	facilities, err := s.facilities(ctx, history...)
	if err != nil {
		return in, err
	}
	in.DeadheadTenths, err = reports.EmptyMiles(ctx, s.Router, history, facilities)
	return in, err
}

// AddSettlementLine adds a manual line (a fuel advance deduction, a bonus) to a draft.
func (s *Service) AddSettlementLine(ctx context.Context, id int64, expected int, line tms.SettlementLine) (tms.Settlement, error) {
	return s.Store.UpdateSettlement(ctx, id, func(st *tms.Settlement) error {
		if err := tms.CheckVersion(expected, st.Version); err != nil {
			return err
		}
		st.Lines = append(st.Lines, line)
		return nil
	})
}

// MoveSettlement approves, pays, reopens (draft) or voids a settlement.
func (s *Service) MoveSettlement(ctx context.Context, id int64, expected int, to tms.SettlementStatus) (tms.Settlement, error) {
	return s.Store.UpdateSettlement(ctx, id, func(st *tms.Settlement) error {
		if err := tms.CheckVersion(expected, st.Version); err != nil {
			return err
		}
		st.Status = to
		return nil
	})
}

// StatementPDF renders a settlement's statement.
func (s *Service) StatementPDF(ctx context.Context, id int64) (tms.Settlement, []byte, error) {
	st, err := s.Store.Settlement(ctx, id)
	if err != nil {
		return st, nil, err
	}
	d := billingpdf.StatementData{Settlement: st, LoadNumbers: map[int64]string{}}
	if d.Carrier, err = s.Store.CarrierSettings(ctx); err != nil {
		return st, nil, err
	}
	if d.Driver, err = s.Store.Driver(ctx, st.DriverID); err != nil {
		return st, nil, err
	}
	for _, lid := range st.LoadIDs {
		l, err := s.Store.Load(ctx, lid)
		if err != nil {
			return st, nil, err
		}
		d.LoadNumbers[lid] = l.Number
	}
	pdf, err := billingpdf.RenderStatement(d)
	return st, pdf, err
}
