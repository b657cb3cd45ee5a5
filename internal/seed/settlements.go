package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/tms"
)

// escrow is the recurring deduction every other driver with deliveries has.
var escrow = tms.Deduction{Description: "Escrow", AmountCents: 5000}

// fuelAdvance is the manual deduction on one statement: cash the driver drew on the road.
var fuelAdvance = tms.SettlementLine{Kind: tms.LineDeduction, Description: "Fuel advance, Comdata express check 88213", AmountCents: -10000}

// addSettlements settles one pay period per driver: the last full Monday-to-Sunday week
// before now in which the driver delivered (the last full week for a driver who did not).
// Most are paid; the last drivers' stay approved or draft so every state shows.
func addSettlements(ctx context.Context, s tms.Store, bill *billing.Service, f *fleet, loads []booked, now time.Time) (int, error) {
	lastWeek := addDays(weekStart(tms.DateOf(now.UTC())), -7)
	advanced := false
	for k, d := range f.drivers {
		start, delivered := payWeek(d.ID, loads, lastWeek)
		if delivered && k%2 == 0 {
			_, err := s.UpdateDriver(ctx, d.ID, func(d *tms.Driver) error { d.Deductions = []tms.Deduction{escrow}; return nil })
			if err != nil {
				return k, fmt.Errorf("deductions of %s: %w", d.Name, err)
			}
		}
		st, err := bill.CreateSettlement(ctx, billing.SettlementInput{DriverID: d.ID, PeriodStart: start, PeriodEnd: addDays(start, 6)})
		if err != nil {
			return k, fmt.Errorf("settlement of %s: %w", d.Name, err)
		}
		if !advanced && st.GrossCents >= 3*-fuelAdvance.AmountCents {
			advanced = true
			if st, err = bill.AddSettlementLine(ctx, st.ID, st.Version, fuelAdvance); err != nil {
				return k, fmt.Errorf("fuel advance of %s: %w", d.Name, err)
			}
		}
		if err := moveSettlement(ctx, bill, st, settlementStatus(k, len(f.drivers))); err != nil {
			return k, fmt.Errorf("settlement of %s: %w", d.Name, err)
		}
	}
	return len(f.drivers), nil
}

// payWeek is the Monday of the last full week up to lastWeek in which the driver delivered,
// by the UTC day of arrival at the last stop as billing counts it; lastWeek if none.
func payWeek(driverID int64, loads []booked, lastWeek tms.Date) (tms.Date, bool) {
	var latest tms.Date
	for _, l := range loads {
		if l.load.DriverID == nil || *l.load.DriverID != driverID || !l.completed() {
			continue
		}
		day := tms.DateOf(l.arrivedAtReceiver().UTC())
		if day.Time().Before(addDays(lastWeek, 7).Time()) && day.Time().After(latest.Time()) {
			latest = day
		}
	}
	if latest.IsZero() {
		return lastWeek, false
	}
	return weekStart(latest), true
}

// arrivedAtReceiver is when the truck reached the delivery stop of a completed trip.
func (t trip) arrivedAtReceiver() time.Time { return t.stopEvents()[2].at }

// settlementStatus leaves the last driver's statement a draft and the two before it approved.
func settlementStatus(k, drivers int) tms.SettlementStatus {
	switch {
	case k == drivers-1:
		return tms.SettlementDraft
	case k >= drivers-3:
		return tms.SettlementApproved
	}
	return tms.SettlementPaid
}

// moveSettlement approves a draft and, for paid, pays it.
func moveSettlement(ctx context.Context, bill *billing.Service, st tms.Settlement, to tms.SettlementStatus) error {
	var err error
	for _, next := range []tms.SettlementStatus{tms.SettlementApproved, tms.SettlementPaid} {
		if st.Status == to || err != nil {
			break
		}
		st, err = bill.MoveSettlement(ctx, st.ID, st.Version, next)
	}
	return err
}
