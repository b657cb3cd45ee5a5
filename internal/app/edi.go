package app

import (
	"context"
	"time"
)

// EDI job settings: how often the outbox is filled, how many load events one pass reads and
// how far back invoices are looked at for 210s.
const (
	ediEvery         = time.Minute
	ediEventBatch    = 500
	ediInvoiceWindow = 14
)

// ediJobs fill the EDI outbox: 214s from the load event log and 210s from sent invoices.
// Both are driven from database rows (a cursor and one 210 per invoice), so every instance
// may run them.
func (a *App) ediJobs() []job {
	return []job{
		{"edi_status_214", ediEvery, func(ctx context.Context) (int64, error) {
			total := 0
			for {
				n, err := a.EDI.EmitStatuses(ctx, ediEventBatch)
				total += n
				if err != nil || n == 0 {
					return int64(total), err
				}
			}
		}},
		{"edi_invoice_210", ediEvery, func(ctx context.Context) (int64, error) {
			n, err := a.EDI.EmitInvoices(ctx, ediInvoiceWindow)
			return int64(n), err
		}},
	}
}
