package ui

import "github.com/anditms/tms/internal/billing"

// receivableRoutes are the billing pages: the queue of delivered loads, invoices, payments,
// credit memos, aging and the accounting exports. Office staff read invoices; billing staff
// (and dispatchers) see the queue and re-rate loads; accounting (admins and billing) writes
// invoices, payments and credits and decides detention.
func (u *UI) receivableRoutes() []route {
	return []route{
		{"GET /billing", billers, u.billingQueuePage},
		{"POST /billing/invoices", accounting, u.createInvoice},
		{"POST /billing/invoice-ready", accounting, u.invoiceReady},

		{"GET /invoices", office, u.invoicesPage},
		{"GET /invoices/{id}", office, u.invoicePage},
		{"POST /invoices/{id}", accounting, u.editInvoice},
		{"POST /invoices/{id}/send", accounting, u.sendInvoice},
		{"POST /invoices/{id}/void", accounting, u.voidInvoice},
		{"POST /invoices/{id}/payments", accounting, u.recordPayment},
		{"POST /invoices/{id}/payments/{payment}/reverse", accounting, u.reversePayment},
		{"POST /invoices/{id}/credits", accounting, u.creditInvoice},
		{"GET /invoices/{id}/pdf", office, u.invoicePDF},

		{"GET /receivables/aging", office, u.agingPage},
		{"GET /receivables/aging.csv", office, u.agingCSV},
		{"GET /receivables/quickbooks-invoices.csv", accounting, u.quickBooksCSV("quickbooks-invoices", (*billing.Service).ExportQuickBooks)},
		{"GET /receivables/quickbooks-payments.csv", accounting, u.quickBooksCSV("quickbooks-payments", (*billing.Service).ExportPayments)},

		{"POST /loads/{id}/proposals/{stop}", accounting, u.decideProposal},
		{"POST /loads/{id}/rerate", billers, u.rerateLoad},
	}
}
