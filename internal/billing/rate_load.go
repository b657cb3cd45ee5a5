package billing

import (
	"context"
	"slices"

	"github.com/anditms/tms/internal/tms"
)

// RateLoad fills a load's rated lines (linehaul, stop-offs, fuel surcharge) from its
// customer's rate defaults and fuel schedule, keeping every other charge as it is. It changes
// nothing when the customer has no matching default. It is called for a new load without
// charges and when billing staff re-rate a load.
func (s *Service) RateLoad(ctx context.Context, l *tms.Load) error {
	if len(l.Stops) == 0 {
		return nil
	}
	origin, dest, err := s.laneStates(ctx, *l)
	if err != nil {
		return err
	}
	defaults, err := s.Store.ListRateDefaults(ctx, l.CustomerID)
	if err != nil {
		return err
	}
	r, ok := MatchRate(defaults, origin, dest)
	if !ok {
		return nil
	}
	rated, err := s.ratedCharges(ctx, *l, r)
	if err != nil {
		return err
	}
	kept := slices.DeleteFunc(slices.Clone(l.Charges), func(c tms.Charge) bool {
		return c.Kind == kindLinehaul || c.Kind == kindStopOff || c.Kind == kindFuelSurcharge
	})
	l.Charges = append(rated, kept...)
	l.TotalCents = l.Total()
	return nil
}

// laneStates returns the states of the first and last stop's facilities.
func (s *Service) laneStates(ctx context.Context, l tms.Load) (string, string, error) {
	first, err := s.Store.Facility(ctx, l.Stops[0].FacilityID)
	if err != nil {
		return "", "", err
	}
	last, err := s.Store.Facility(ctx, l.Stops[len(l.Stops)-1].FacilityID)
	return first.Address.State, last.Address.State, err
}

// ratedCharges computes linehaul, stop-offs and the fuel surcharge of l under r.
func (s *Service) ratedCharges(ctx context.Context, l tms.Load, r tms.RateDefault) ([]tms.Charge, error) {
	miles := tms.MilesTenths(l.PlannedMiles)
	linehaul := Linehaul(r, miles, l.WeightLb)
	out := []tms.Charge{linehaul}
	if c, ok := StopOffs(r, l.Stops); ok {
		out = append(out, c)
	}
	fsc, ok, err := s.fuelCharge(ctx, l, miles, linehaul.AmountCents)
	if err != nil || !ok {
		return out, err
	}
	return append(out, fsc), nil
}

// fuelCharge is the fuel surcharge of l under its customer's schedule (or the carrier
// default) at the diesel price effective on the first pickup; none without a schedule.
func (s *Service) fuelCharge(ctx context.Context, l tms.Load, milesTenths int64, linehaul tms.Cents) (tms.Charge, bool, error) {
	sched, ok, err := s.scheduleFor(ctx, l.CustomerID)
	if err != nil || !ok {
		return tms.Charge{}, false, err
	}
	price, err := s.Store.DieselPriceOn(ctx, sched.IndexDay(l.Stops[0].AppointmentStart))
	if tms.ErrorCode(err) == tms.CodeNotFound {
		return tms.Charge{}, false, nil
	}
	if err != nil {
		return tms.Charge{}, false, err
	}
	return FuelSurcharge(sched, price, milesTenths, linehaul), true, nil
}

// scheduleFor returns the active fuel schedule of a customer, else the carrier default.
func (s *Service) scheduleFor(ctx context.Context, customerID int64) (tms.FuelSchedule, bool, error) {
	c, err := s.Store.Customer(ctx, customerID)
	if err != nil {
		return tms.FuelSchedule{}, false, err
	}
	id := c.FuelScheduleID
	if id == nil {
		settings, err := s.Store.CarrierSettings(ctx)
		if err != nil {
			return tms.FuelSchedule{}, false, err
		}
		id = settings.FuelScheduleID
	}
	if id == nil {
		return tms.FuelSchedule{}, false, nil
	}
	sched, err := s.Store.FuelSchedule(ctx, *id)
	return sched, err == nil && sched.Active, err
}

// Rerate re-rates a stored load (billing staff, before invoicing); expected is the version
// the caller saw.
func (s *Service) Rerate(ctx context.Context, loadID int64, expected int) (tms.Load, error) {
	return s.Store.UpdateLoad(ctx, loadID, func(_ tms.LoadTx, l *tms.Load) error {
		if err := tms.CheckVersion(expected, l.Version); err != nil {
			return err
		}
		if l.Status == tms.StatusInvoiced || l.Status == tms.StatusPaid {
			return tms.Errorf(tms.CodeConflict, "load %s is %s; its charges are on an invoice", l.Number, l.Status)
		}
		return s.RateLoad(ctx, l)
	})
}
