package billing

import (
	"fmt"
	"slices"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// PayInput is what a driver's settlement lines are computed from.
type PayInput struct {
	Driver tms.Driver
	Loads  []tms.Load
	// DeadheadTenths is, per load ID, the empty miles (in tenths) driven to its first pickup.
	DeadheadTenths map[int64]int64
	// Catalog is the accessorial catalog by code; its DriverPayCents is what the driver earns.
	Catalog                map[string]tms.Accessorial
	PeriodStart, PeriodEnd tms.Date
}

// BuildSettlementLines computes a driver's statement lines: per load the trip pay, accessorial
// pay and reimbursements, then one negative line per recurring deduction. Zero lines are left out.
func BuildSettlementLines(in PayInput) []tms.SettlementLine {
	var lines []tms.SettlementLine
	for _, l := range in.Loads {
		lines = append(lines, tripPay(in.Driver.Pay, l, in.DeadheadTenths[l.ID]))
		lines = append(lines, accessorialPay(l, in.Catalog)...)
	}
	lines = append(lines, deductionLines(in)...)
	return slices.DeleteFunc(lines, func(l tms.SettlementLine) bool { return l.AmountCents == 0 })
}

func tripPay(p tms.PayProfile, l tms.Load, deadheadTenths int64) tms.SettlementLine {
	amount, basis := tripAmount(p, l, deadheadTenths)
	return loadLine(l, tms.LineTripPay, amount, basis)
}

// tripAmount is the pay for hauling l and how it was computed (rate units: see tms.PayBasis).
func tripAmount(p tms.PayProfile, l tms.Load, deadheadTenths int64) (tms.Cents, string) {
	loaded := tms.MilesTenths(l.PlannedMiles)
	switch p.Basis {
	case tms.PayPerLoadedMile:
		return tms.PerMileCents(loaded, p.Rate), fmt.Sprintf("%s loaded mi x %s/mi", tenthsText(loaded), millsText(p.Rate))
	case tms.PayPerTotalMile:
		total := loaded + deadheadTenths
		return tms.PerMileCents(total, p.Rate), fmt.Sprintf("%s mi (%s loaded + %s empty) x %s/mi", tenthsText(total), tenthsText(loaded), tenthsText(deadheadTenths), millsText(p.Rate))
	case tms.PayPercentLinehaul:
		linehaul := sumOfKind(l.Charges, kindLinehaul)
		return tms.PercentCents(linehaul, p.Rate), fmt.Sprintf("%s of linehaul %s", percentText(p.Rate), linehaul)
	case tms.PayFlatPerLoad:
		return tms.Cents(p.Rate), "flat per load"
	case tms.PayHourly:
		minutes := onDutyMinutes(l.Stops)
		return tms.Cents(tms.MulDivRound(minutes, p.Rate, 60)), fmt.Sprintf("%s on duty x %s/h", minutesText(minutes), tms.Cents(p.Rate))
	}
	return 0, "" // Driver.Validate admits no other basis
}

func sumOfKind(charges []tms.Charge, kind string) tms.Cents {
	var sum tms.Cents
	for _, c := range charges {
		if c.Kind == kind {
			sum += c.AmountCents
		}
	}
	return sum
}

// onDutyMinutes runs from arrival at the first stop to departure from the last, falling back
// to the appointment window where the truck's times were not recorded.
func onDutyMinutes(stops []tms.Stop) int64 {
	if len(stops) == 0 {
		return 0
	}
	first, last := stops[0], stops[len(stops)-1]
	start := actualOr(first.ArrivedAt, first.AppointmentStart)
	end := actualOr(last.DepartedAt, last.AppointmentEnd)
	return max(0, int64(end.Sub(start)/time.Minute))
}

func actualOr(actual *time.Time, planned time.Time) time.Time {
	if actual != nil {
		return *actual
	}
	return planned
}

// accessorialPay is the driver's share of l's accessorial charges, in the order detention,
// layover, stop-offs, then lumper reimbursements.
func accessorialPay(l tms.Load, catalog map[string]tms.Accessorial) []tms.SettlementLine {
	var lines []tms.SettlementLine
	for _, c := range l.Charges {
		if c.Kind == kindDetention && c.StopID != nil {
			lines = append(lines, detentionPay(l, *c.StopID, catalog[kindDetention]))
		}
	}
	lines = append(lines, layoverPay(l, catalog[kindLayover])...)
	lines = append(lines, stopPay(l, catalog[kindStopOff]))
	return append(lines, lumperReimbursements(l)...)
}

// detentionPay recomputes the billable minutes from the stop, so the driver is paid for time
// waited, not for whatever amount the customer was finally charged.
func detentionPay(l tms.Load, stopID int64, acc tms.Accessorial) tms.SettlementLine {
	i := l.StopIndex(stopID)
	if i < 0 {
		return tms.SettlementLine{}
	}
	p, _ := ProposeDetention(l.Stops[i], acc)
	amount := tms.Cents(tms.MulDivRound(int64(p.BillableMinutes), int64(acc.DriverPayCents), 60))
	basis := fmt.Sprintf("detention at stop %d, %s billable x %s/h", l.Stops[i].Seq, minutesText(int64(p.BillableMinutes)), acc.DriverPayCents)
	return loadLine(l, tms.LineDetentionPay, amount, basis)
}

func layoverPay(l tms.Load, acc tms.Accessorial) []tms.SettlementLine {
	var lines []tms.SettlementLine
	for _, c := range l.Charges {
		if c.Kind == kindLayover {
			lines = append(lines, loadLine(l, tms.LineLayoverPay, acc.DriverPayCents, "layover"))
		}
	}
	return lines
}

func stopPay(l tms.Load, acc tms.Accessorial) tms.SettlementLine {
	n := extraStops(l.Stops)
	basis := fmt.Sprintf("stop-offs %d x %s", n, acc.DriverPayCents)
	return loadLine(l, tms.LineStopPay, tms.Cents(n)*acc.DriverPayCents, basis)
}

// lumperReimbursements pays back, at cost, the lumper the driver paid at the dock.
func lumperReimbursements(l tms.Load) []tms.SettlementLine {
	var lines []tms.SettlementLine
	for _, c := range l.Charges {
		if c.Kind == kindLumper {
			lines = append(lines, loadLine(l, tms.LineReimbursement, c.AmountCents, "lumper paid at the dock"))
		}
	}
	return lines
}

func loadLine(l tms.Load, kind string, amount tms.Cents, basis string) tms.SettlementLine {
	return tms.SettlementLine{LoadID: l.ID, Kind: kind, Description: l.Number + ": " + basis, AmountCents: amount}
}

func deductionLines(in PayInput) []tms.SettlementLine {
	var lines []tms.SettlementLine
	for _, d := range in.Driver.Deductions {
		lines = append(lines, tms.SettlementLine{
			Kind:        tms.LineDeduction,
			Description: fmt.Sprintf("%s, %s to %s", d.Description, in.PeriodStart, in.PeriodEnd),
			AmountCents: -d.AmountCents,
		})
	}
	return lines
}
