package ui

import (
	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/billing"
)

// receivableRoutes are the billing pages: the queue of delivered loads, invoices, payments,
// credit memos, aging and the accounting exports. Office staff read invoices; billing staff
// (and dispatchers) see the queue and re-rate loads; accounting (admins and billing) writes
// invoices, payments and credits and decides detention.
func (u *UI) receivableRoutes() []route {
	return []route{
		{"GET /billing", authz.Rating, u.billingQueuePage},
		{"GET " + billingHome, authz.Rating, u.billingOverviewPage},
		{"POST /billing/invoices", authz.Accounting, u.createInvoice},
		{"POST /billing/invoice-ready", authz.Accounting, u.invoiceReady},

		{"GET /invoices", authz.OfficeRead, u.invoicesPage},
		{"GET /invoices/{id}", authz.OfficeRead, u.invoicePage},
		{"POST /invoices/{id}", authz.Accounting, u.editInvoice},
		{"POST /invoices/{id}/send", authz.Accounting, u.sendInvoice},
		{"POST /invoices/{id}/void", authz.Accounting, u.voidInvoice},
		{"POST /invoices/{id}/payments", authz.Accounting, u.recordPayment},
		{"POST /invoices/{id}/payments/{payment}/reverse", authz.Accounting, u.reversePayment},
		{"POST /invoices/{id}/credits", authz.Accounting, u.creditInvoice},
		{"GET /invoices/{id}/pdf", authz.OfficeRead, u.invoicePDF},

		{"GET /receivables/aging", authz.OfficeRead, u.agingPage},
		{"GET /receivables/aging.csv", authz.OfficeRead, u.agingCSV},
		{"GET /receivables/quickbooks-invoices.csv", authz.Accounting, u.quickBooksCSV("quickbooks-invoices", (*billing.Service).ExportQuickBooks)},
		{"GET /receivables/quickbooks-payments.csv", authz.Accounting, u.quickBooksCSV("quickbooks-payments", (*billing.Service).ExportPayments)},

		{"POST /loads/{id}/proposals/{stop}", authz.Accounting, u.decideProposal},
		{"POST /loads/{id}/rerate", authz.Rating, u.rerateLoad},
	}
}
