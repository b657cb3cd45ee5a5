package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// The CSV writers below produce RFC 4180 files (CRLF line ends, a header row). Amounts are plain
// decimals ("1234.56", "-12.50"): no currency sign or thousands separators, which spreadsheets
// and QuickBooks would read as text. Text that came from users goes through text().

// WriteAgingCSV writes one row per customer and a last "Total" row.
func WriteAgingCSV(w io.Writer, r AgingReport) error {
	rows := make([][]string, 0, len(r.Rows)+1)
	for _, row := range r.Rows {
		rows = append(rows, agingRecord(text(row.CustomerName), row.AgingBuckets))
	}
	rows = append(rows, agingRecord("Total", r.Totals))
	return writeCSV(w, []string{"customer", "current", "1-30", "31-60", "61-90", "over 90", "total"}, rows)
}

func agingRecord(name string, b AgingBuckets) []string {
	return []string{name, amount(b.Current), amount(b.Days1To30), amount(b.Days31To60),
		amount(b.Days61To90), amount(b.Over90), amount(b.Total)}
}

// quickBooksInvoiceHeader is the QuickBooks Online invoice import layout (Settings > Import data
// > Invoices): the column names of Intuit's sample file, which QuickBooks maps on its own; * marks
// the required ones. ItemTaxCode is left out: freight is not taxed in the US company files this
// serves.
var quickBooksInvoiceHeader = []string{"*InvoiceNo", "*Customer", "*InvoiceDate", "*DueDate", "Terms", "Memo",
	"Item(Product/Service)", "ItemDescription", "ItemQuantity", "ItemRate", "*ItemAmount", "Service Date"}

// quickBooksItems names each charge kind as a product/service; the names must exist in the
// QuickBooks company (import creates none).
var quickBooksItems = map[string]string{
	"linehaul": "Linehaul", "fuel_surcharge": "Fuel Surcharge", "detention": "Detention",
	"layover": "Layover", "lumper": "Lumper", "stop_off": "Stop Off", "tonu": "TONU",
	"driver_assist": "Driver Assist", "other": "Other",
}

// WriteQuickBooksInvoices writes invoices in the QuickBooks Online invoice import layout, one row
// per line with the invoice columns repeated: dates MM/DD/YYYY, terms "Net N" or "Due on receipt",
// the memo listing the invoice's loads, each line as quantity 1 at its amount with its load
// number in the description. Service Date is left blank: a line carries no delivery date. Drafts
// and void invoices are skipped, and so are credit memos, which QuickBooks imports as a separate
// transaction type with its own layout.
func WriteQuickBooksInvoices(w io.Writer, invs []tms.Invoice, customerNames map[int64]string, loadNumbers map[int64]string) error {
	var rows [][]string
	for i := range invs {
		inv := &invs[i]
		if inv.Kind != tms.KindInvoice || inv.Status == tms.InvoiceDraft || inv.Status == tms.InvoiceVoid {
			continue
		}
		head := []string{text(inv.Number), text(customerNames[inv.CustomerID]), usDate(inv.IssueDate),
			usDate(inv.DueDate), terms(inv.TermsDays), text(loadsMemo(inv.LoadIDs, loadNumbers))}
		for _, l := range inv.Lines {
			rows = append(rows, append(slices.Clone(head), quickBooksLine(l, loadNumbers)...))
		}
	}
	return writeCSV(w, quickBooksInvoiceHeader, rows)
}

func quickBooksLine(l tms.InvoiceLine, loadNumbers map[int64]string) []string {
	item, ok := quickBooksItems[l.Kind]
	if !ok {
		item = l.Kind
	}
	desc := l.Description
	if n := loadNumbers[l.LoadID]; n != "" {
		desc = "Load " + n + " - " + desc
	}
	return []string{text(item), text(desc), "1", amount(l.AmountCents), amount(l.AmountCents), ""}
}

func loadsMemo(ids []int64, loadNumbers map[int64]string) string {
	var nums []string
	for _, id := range ids {
		if n := loadNumbers[id]; n != "" {
			nums = append(nums, n)
		}
	}
	if len(nums) == 0 {
		return ""
	}
	return "Loads " + strings.Join(nums, ", ")
}

func terms(days int) string {
	if days == 0 {
		return "Due on receipt"
	}
	return fmt.Sprintf("Net %d", days)
}

// quickBooksPaymentHeader is the receive-payment layout of QuickBooks Online import tools, whose
// field labels these are (Transaction Pro Importer, "Receive Payments": Payment Date, Customer,
// Payment Method, Reference No., the invoice applied to and the amount received, Memo); QuickBooks'
// own import does not take payments. The tool applies each row to the invoice it names.
var quickBooksPaymentHeader = []string{"Payment Date", "Customer", "Payment Method", "Reference No", "Invoice No", "Amount", "Memo"}

// quickBooksMethods names payment methods as QuickBooks lists them.
var quickBooksMethods = map[string]string{
	"check": "Check", "ach": "ACH", "wire": "Wire Transfer", "card": "Credit Card",
	"factoring": "Factoring", "other": "Other",
}

// WriteQuickBooksPayments writes payments received, one row each, dates MM/DD/YYYY.
func WriteQuickBooksPayments(w io.Writer, pays []tms.Payment, invoiceNumbers map[int64]string, customerNames map[int64]string) error {
	rows := make([][]string, 0, len(pays))
	for _, p := range pays {
		method, ok := quickBooksMethods[p.Method]
		if !ok {
			method = p.Method
		}
		rows = append(rows, []string{usDate(p.Date), text(customerNames[p.CustomerID]), text(method),
			text(p.Reference), text(invoiceNumbers[p.InvoiceID]), amount(p.AmountCents), text(p.Notes)})
	}
	return writeCSV(w, quickBooksPaymentHeader, rows)
}

// WriteOperatingCSV writes the overall metrics, then one row per customer and per driver; miles
// with one decimal, revenue per mile in dollars, percentages with two decimals ("87.50").
func WriteOperatingCSV(w io.Writer, o Operating) error {
	rows := [][]string{metricsRecord("overall", "All loads", o.Overall)}
	for _, g := range o.ByCustomer {
		rows = append(rows, metricsRecord("customer", text(g.Name), g.Metrics))
	}
	for _, g := range o.ByDriver {
		rows = append(rows, metricsRecord("driver", text(g.Name), g.Metrics))
	}
	return writeCSV(w, []string{"scope", "name", "loads", "revenue", "loaded miles", "empty miles",
		"revenue per mile", "deadhead %", "on-time pickup %", "on-time delivery %"}, rows)
}

func metricsRecord(scope, name string, m Metrics) []string {
	return []string{scope, name, fmt.Sprint(m.Loads), amount(m.RevenueCents),
		decimal(m.LoadedMilesTenths, 1), decimal(m.EmptyMilesTenths, 1), amount(m.RevenuePerMileCents),
		decimal(m.DeadheadBP, 2), decimal(m.OnTimePickupBP, 2), decimal(m.OnTimeDeliveryBP, 2)}
}

func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return cw.WriteAll(append([][]string{header}, rows...))
}

// formulaStart are the first characters that make a spreadsheet run a cell as a formula.
const formulaStart = "=+-@\t\r"

// text keeps a user's text from running as a spreadsheet formula (CSV injection) by prefixing a
// single quote. Numbers this package formats are written as they are.
func text(s string) string {
	if s != "" && strings.ContainsRune(formulaStart, rune(s[0])) {
		return "'" + s
	}
	return s
}

func amount(c tms.Cents) string { return decimal(int64(c), 2) }

// Amount writes money as a plain decimal for a spreadsheet: "-1234.56".
func Amount(c tms.Cents) string { return amount(c) }

// decimal writes n units of 10^-places as a plain decimal: decimal(-123456, 2) is "-1234.56".
func decimal(n int64, places int) string {
	unit := int64(1)
	for range places {
		unit *= 10
	}
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	return fmt.Sprintf("%s%d.%0*d", sign, n/unit, places, n%unit)
}

// usDate is MM/DD/YYYY, the date format QuickBooks reads in a US company; "" for no date.
func usDate(d tms.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("01/02/2006")
}
