package billing

import (
	"context"

	"github.com/anditms/tms/internal/tms"
)

// StatusGate is a dispatch.Gate: invoiced and paid follow the load's invoice and its
// payments, so nobody moves a load into, out of or between them by hand (an invoice that
// goes out of the system unrecorded would leave receivables and aging wrong).
func StatusGate(_ context.Context, _ tms.LoadTx, l *tms.Load, to tms.LoadStatus) error {
	switch {
	case to == tms.StatusInvoiced:
		return tms.Errorf(tms.CodeConflict, "a load becomes invoiced when an invoice for it is created (Billing)")
	case to == tms.StatusPaid:
		return tms.Errorf(tms.CodeConflict, "a load becomes paid when its invoice is paid in full (record the payment on the invoice)")
	case l.Status == tms.StatusInvoiced:
		return tms.Errorf(tms.CodeConflict, "void the load's invoice to take it back to delivered")
	}
	return nil
}
