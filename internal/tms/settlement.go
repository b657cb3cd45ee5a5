package tms

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// SettlementStatus is where a driver's pay statement is: a draft can change, approved is
// locked, paid is final. A void settlement frees its loads to be settled again.
type SettlementStatus string

// Settlement statuses.
const (
	SettlementDraft    SettlementStatus = "draft"
	SettlementApproved SettlementStatus = "approved"
	SettlementPaid     SettlementStatus = "paid"
	SettlementVoid     SettlementStatus = "void"
)

// Settlement line kinds: earnings, reimbursements (paid back at cost) and deductions
// (stored as negative amounts).
const (
	LineTripPay       = "trip_pay"
	LineDetentionPay  = "detention_pay"
	LineLayoverPay    = "layover_pay"
	LineStopPay       = "stop_pay"
	LineBonus         = "bonus"
	LineReimbursement = "reimbursement"
	LineDeduction     = "deduction"
)

// SettlementLineKinds lists every line kind.
var SettlementLineKinds = []string{LineTripPay, LineDetentionPay, LineLayoverPay, LineStopPay, LineBonus, LineReimbursement, LineDeduction}

// SettlementLine is one amount on a driver's statement.
type SettlementLine struct {
	LoadID      int64  `json:"load_id,omitempty"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
	AmountCents Cents  `json:"amount_cents"`
}

// Deduction is a recurring amount taken from every settlement (escrow, insurance, lease).
type Deduction struct {
	Description string `json:"description"`
	AmountCents Cents  `json:"amount_cents"`
}

// Settlement is a driver's pay for the loads delivered in a pay period.
type Settlement struct {
	Meta
	Number          string           `json:"number"`
	DriverID        int64            `json:"driver_id"`
	PeriodStart     Date             `json:"period_start"`
	PeriodEnd       Date             `json:"period_end"` // inclusive
	Status          SettlementStatus `json:"status"`
	LoadIDs         []int64          `json:"load_ids"`
	Lines           []SettlementLine `json:"lines"`
	GrossCents      Cents            `json:"gross_cents"`      // earnings and reimbursements
	DeductionsCents Cents            `json:"deductions_cents"` // positive: what was taken
	NetCents        Cents            `json:"net_cents"`
	ApprovedAt      *time.Time       `json:"approved_at,omitempty"`
	PaidAt          *time.Time       `json:"paid_at,omitempty"`
	Notes           string           `json:"notes"`
}

// Validate checks the settlement and computes its totals from the lines.
func (s *Settlement) Validate() error {
	v := Validation{}
	if s.Status == "" {
		s.Status = SettlementDraft
	}
	if s.LoadIDs == nil {
		s.LoadIDs = []int64{}
	}
	if s.Lines == nil {
		s.Lines = []SettlementLine{}
	}
	v.Check(s.DriverID > 0, "driver_id", "is required")
	v.Check(!s.PeriodStart.IsZero() && !s.PeriodEnd.IsZero(), "period_start", "the pay period needs a start and an end")
	v.Check(s.PeriodStart.IsZero() || !s.PeriodEnd.Time().Before(s.PeriodStart.Time()), "period_end", "must not be before the start")
	v.Check(slices.Contains([]SettlementStatus{SettlementDraft, SettlementApproved, SettlementPaid, SettlementVoid}, s.Status), "status", "is not a settlement status")
	s.GrossCents, s.DeductionsCents = 0, 0
	for n, l := range s.Lines {
		field := fmt.Sprintf("lines[%d]", n)
		v.Check(slices.Contains(SettlementLineKinds, l.Kind), field+".kind", "must be one of "+strings.Join(SettlementLineKinds, ", "))
		v.Check(strings.TrimSpace(l.Description) != "", field+".description", "is required")
		v.Check((l.Kind == LineDeduction) == (l.AmountCents < 0) || l.AmountCents == 0, field+".amount_cents", "deductions are negative, everything else positive")
		v.Check(l.AmountCents > -100_000_000 && l.AmountCents < 100_000_000, field+".amount_cents", "is out of range")
		if l.AmountCents < 0 {
			s.DeductionsCents -= l.AmountCents
		} else {
			s.GrossCents += l.AmountCents
		}
	}
	s.NetCents = s.GrossCents - s.DeductionsCents
	return v.Err()
}

// settlementMoves is the settlement status machine.
var settlementMoves = map[SettlementStatus][]SettlementStatus{
	SettlementDraft:    {SettlementApproved, SettlementVoid},
	SettlementApproved: {SettlementPaid, SettlementDraft, SettlementVoid},
}

// CheckSettlementChange refuses edits to a locked settlement and moves the machine does not allow.
func CheckSettlementChange(before, after *Settlement) error {
	if before.Status != after.Status && !slices.Contains(settlementMoves[before.Status], after.Status) {
		return Errorf(CodeConflict, "a %s settlement cannot become %s", before.Status, after.Status)
	}
	if before.Status != SettlementDraft && (!slices.Equal(before.Lines, after.Lines) || !slices.Equal(before.LoadIDs, after.LoadIDs)) {
		return Errorf(CodeConflict, "a %s settlement is locked; move it back to draft to change its lines", before.Status)
	}
	return nil
}

// SettlementFilter selects settlements.
type SettlementFilter struct {
	DriverID int64
	Status   SettlementStatus
	Page     PageRequest
}

// CarrierSettings are the carrier's own details printed on invoices and statements, and the
// billing defaults.
type CarrierSettings struct {
	Name             string  `json:"name"`
	Address          Address `json:"address"`
	Phone            string  `json:"phone"`
	Email            string  `json:"email"`
	MCNumber         string  `json:"mc_number"`
	DOTNumber        string  `json:"dot_number"`
	RemitToName      string  `json:"remit_to_name"`
	RemitTo          Address `json:"remit_to"`
	InvoiceSeries    string  `json:"invoice_series"`     // prefix of invoice numbers, e.g. "INV"
	CreditMemoSeries string  `json:"credit_memo_series"` // prefix of credit memo numbers, e.g. "CM"
	FuelScheduleID   *int64  `json:"fuel_schedule_id,omitempty"`
	InvoiceFooter    string  `json:"invoice_footer"`
	// TrackingLinkDays is how many days after delivery a customer tracking link expires (0: the default).
	TrackingLinkDays int `json:"tracking_link_days,omitempty"`
	Version          int `json:"version"`
}

// DefaultTrackingLinkDays is how long tracking links last after delivery unless the carrier says otherwise.
const DefaultTrackingLinkDays = 7

// TrackingLinkLife is how long after delivery a tracking link expires.
func (c CarrierSettings) TrackingLinkLife() time.Duration {
	days := c.TrackingLinkDays
	if days == 0 {
		days = DefaultTrackingLinkDays
	}
	return time.Duration(days) * 24 * time.Hour
}

// Validate checks the settings and fills defaults.
func (c *CarrierSettings) Validate() error {
	v := Validation{}
	if c.InvoiceSeries == "" {
		c.InvoiceSeries = "INV"
	}
	if c.CreditMemoSeries == "" {
		c.CreditMemoSeries = "CM"
	}
	v.Check(seriesOK(c.InvoiceSeries), "invoice_series", "must be 1 to 10 letters, digits or dashes")
	v.Check(seriesOK(c.CreditMemoSeries), "credit_memo_series", "must be 1 to 10 letters, digits or dashes")
	v.Check(c.InvoiceSeries != c.CreditMemoSeries, "credit_memo_series", "must differ from the invoice series")
	v.Check(strings.TrimSpace(c.Name) != "", "name", "is required: it heads every invoice")
	v.Check(len(c.Name) <= 200, "name", "is at most 200 characters")
	v.Check(c.TrackingLinkDays >= 0 && c.TrackingLinkDays <= 365, "tracking_link_days", "must be 0 (the default, 7) to 365 days")
	return v.Err()
}

func seriesOK(s string) bool {
	if len(s) == 0 || len(s) > 10 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
