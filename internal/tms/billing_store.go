package tms

import "context"

// BillingStore keeps what billing and settlements need. Every method is one transaction;
// methods that change loads (invoicing moves them to invoiced and paid) write the load, its
// timeline event and the audit rows in the same transaction. Callers: internal/billing, the
// API and UI handlers, seed.
type BillingStore interface {
	CarrierSettings(ctx context.Context) (CarrierSettings, error)
	// UpdateCarrierSettings changes the settings through fn; a stale Version is CodeConflict.
	UpdateCarrierSettings(ctx context.Context, fn func(*CarrierSettings) error) (CarrierSettings, error)

	CreateRateDefault(ctx context.Context, r *RateDefault) error
	ListRateDefaults(ctx context.Context, customerID int64) ([]RateDefault, error)
	UpdateRateDefault(ctx context.Context, id int64, fn func(*RateDefault) error) (RateDefault, error)

	// PutDieselPrices inserts or replaces prices by week and returns how many were written.
	PutDieselPrices(ctx context.Context, prices []DieselPrice) (int, error)
	// ListDieselPrices returns prices with From <= week <= To (zero bounds are open), newest first.
	ListDieselPrices(ctx context.Context, from, to Date, limit int) ([]DieselPrice, error)
	// DieselPriceOn returns the latest price dated on or before day (CodeNotFound if none).
	DieselPriceOn(ctx context.Context, day Date) (DieselPrice, error)

	CreateFuelSchedule(ctx context.Context, s *FuelSchedule) error
	FuelSchedule(ctx context.Context, id int64) (FuelSchedule, error)
	ListFuelSchedules(ctx context.Context, f MasterFilter) (Page[FuelSchedule], error)
	UpdateFuelSchedule(ctx context.Context, id int64, fn func(*FuelSchedule) error) (FuelSchedule, error)

	ListAccessorials(ctx context.Context) ([]Accessorial, error)
	Accessorial(ctx context.Context, code string) (Accessorial, error)
	UpdateAccessorial(ctx context.Context, code string, fn func(*Accessorial) error) (Accessorial, error)

	// ReviewCharge records a decision on a proposed charge; when approved, charge is added to
	// the load in the same transaction. A second decision for the same stop is CodeConflict.
	ReviewCharge(ctx context.Context, r *ChargeReview, charge *Charge) (Load, error)
	ChargeReviews(ctx context.Context, loadIDs []int64) ([]ChargeReview, error)

	// CreateInvoice numbers the invoice in its series (gap-free, never reused) and stores it.
	// For a regular invoice every load must be delivered, belong to the customer and not be on
	// another active invoice; the loads become invoiced. loadVersions, when given, must match
	// the loads' current versions (the lines were copied from those).
	CreateInvoice(ctx context.Context, inv *Invoice, loadVersions map[int64]int) error
	Invoice(ctx context.Context, id int64) (Invoice, error)
	ListInvoices(ctx context.Context, f InvoiceFilter) (Page[Invoice], error)
	// OpenInvoices returns every sent or partially paid invoice (the aging report reads them).
	OpenInvoices(ctx context.Context, customerID int64) ([]Invoice, error)
	// UpdateInvoice changes a draft (lines, dates, notes) or moves it to sent; fn sees the
	// stored invoice.
	UpdateInvoice(ctx context.Context, id int64, fn func(*Invoice) error) (Invoice, error)
	// VoidInvoice voids an invoice without payments or credits; its loads return to delivered.
	VoidInvoice(ctx context.Context, id int64, reason string) (Invoice, error)
	// RecordPayment applies a payment to a sent invoice; the invoice moves to partially paid
	// or paid and, once paid, its loads become paid.
	RecordPayment(ctx context.Context, p *Payment) (Invoice, error)
	ListPayments(ctx context.Context, f PaymentFilter) (Page[Payment], error)
	// ReversePayment marks a payment bounced: it stops counting on its invoice, which reopens
	// (partially paid or sent) and whose loads return from paid to invoiced. A payment is
	// reversed once.
	ReversePayment(ctx context.Context, id int64, reason string) (Invoice, error)
	// IssueCreditMemo numbers the memo in its series and applies it to the invoice it credits.
	IssueCreditMemo(ctx context.Context, memo *Invoice) (Invoice, error)

	// CreateSettlement numbers and stores a settlement; a load already on another settlement
	// of the driver that is not void is CodeConflict.
	CreateSettlement(ctx context.Context, s *Settlement) error
	Settlement(ctx context.Context, id int64) (Settlement, error)
	ListSettlements(ctx context.Context, f SettlementFilter) (Page[Settlement], error)
	// UpdateSettlement changes a settlement through fn, following CheckSettlementChange.
	UpdateSettlement(ctx context.Context, id int64, fn func(*Settlement) error) (Settlement, error)
	// SettledLoads returns, of loadIDs, those on a settlement of driverID that is not void.
	SettledLoads(ctx context.Context, driverID int64, loadIDs []int64) (map[int64]int64, error)
}
