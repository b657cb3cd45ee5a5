package billing

import (
	"fmt"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// DetentionProposal is detention measured at a stop from its arrival and departure, shown to
// billing staff to approve or reject; it never becomes a charge by itself.
type DetentionProposal struct {
	StopID           int64     `json:"stop_id"`
	StopSeq          int       `json:"stop_seq"`
	ArrivedAt        time.Time `json:"arrived_at"`
	DepartedAt       time.Time `json:"departed_at"`
	AppointmentStart time.Time `json:"appointment_start"`
	AppointmentEnd   time.Time `json:"appointment_end"`
	ClockStart       time.Time `json:"clock_start"`
	DwellMinutes     int       `json:"dwell_minutes"`
	FreeMinutes      int       `json:"free_minutes"`
	BillableMinutes  int       `json:"billable_minutes"`
	IncrementMinutes int       `json:"increment_minutes"`
	RateCents        tms.Cents `json:"rate_cents"` // per hour
	AmountCents      tms.Cents `json:"amount_cents"`
	ArrivedLate      bool      `json:"arrived_late"`
}

// ProposeDetention measures detention at a stop under the catalog entry acc. There is no
// proposal until the truck has arrived and departed, nor when no increment is billable.
func ProposeDetention(stop tms.Stop, acc tms.Accessorial) (DetentionProposal, bool) {
	if stop.ArrivedAt == nil || stop.DepartedAt == nil {
		return DetentionProposal{}, false
	}
	p := newProposal(stop, acc)
	// A truck that comes early waits on its own time: the clock starts at the appointment.
	p.ClockStart = later(p.ArrivedAt, p.AppointmentStart)
	p.DwellMinutes = max(0, int(p.DepartedAt.Sub(p.ClockStart)/time.Minute))
	p.BillableMinutes = completedIncrements(p.DwellMinutes-p.FreeMinutes, p.IncrementMinutes)
	p.AmountCents = tms.Cents(tms.MulDivRound(int64(p.BillableMinutes), int64(p.RateCents), 60))
	p.ArrivedLate = !p.AppointmentEnd.IsZero() && p.ArrivedAt.After(p.AppointmentEnd)
	return p, p.BillableMinutes > 0
}

func newProposal(stop tms.Stop, acc tms.Accessorial) DetentionProposal {
	return DetentionProposal{
		StopID: stop.ID, StopSeq: stop.Seq,
		ArrivedAt: *stop.ArrivedAt, DepartedAt: *stop.DepartedAt,
		AppointmentStart: stop.AppointmentStart, AppointmentEnd: stop.AppointmentEnd,
		FreeMinutes: acc.FreeMinutes, IncrementMinutes: acc.IncrementMinutes, RateCents: acc.RateCents,
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// completedIncrements floors minutes to a whole number of increments (0: every minute counts).
func completedIncrements(minutes, increment int) int {
	if minutes <= 0 {
		return 0
	}
	if increment <= 0 {
		return minutes
	}
	return minutes / increment * increment
}

// ProposeForLoad proposes detention at every stop of l that has none charged yet.
func ProposeForLoad(l tms.Load, acc tms.Accessorial) []DetentionProposal {
	charged := detentionStops(l.Charges)
	var out []DetentionProposal
	for _, s := range l.Stops {
		if charged[s.ID] {
			continue
		}
		if p, ok := ProposeDetention(s, acc); ok {
			out = append(out, p)
		}
	}
	return out
}

func detentionStops(charges []tms.Charge) map[int64]bool {
	stops := map[int64]bool{}
	for _, c := range charges {
		if c.Kind == kindDetention && c.StopID != nil {
			stops[*c.StopID] = true
		}
	}
	return stops
}

// DetentionCharge is the charge line an approved proposal becomes.
func DetentionCharge(p DetentionProposal, facilityName string) tms.Charge {
	terms := fmt.Sprintf("%s billable after %s free, %s, %s/h", minutesText(int64(p.BillableMinutes)),
		minutesText(int64(p.FreeMinutes)), incrementText(p.IncrementMinutes), p.RateCents)
	return tms.Charge{
		Kind:        kindDetention,
		Description: fmt.Sprintf("Detention at %s (stop %d): %s", facilityName, p.StopSeq, terms),
		AmountCents: p.AmountCents,
		StopID:      new(p.StopID),
	}
}

func incrementText(minutes int) string {
	if minutes <= 0 {
		return "per minute"
	}
	return fmt.Sprintf("%d-min increments", minutes)
}
