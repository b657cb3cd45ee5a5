// Package reports turns billing and operating records into the reports a carrier's office reads:
// receivables aging, operating metrics (revenue per mile, deadhead, on-time service) and the CSV
// files that carry them to a spreadsheet or to QuickBooks. It computes; it does not load: callers
// pass the records, already selected, and the names to print.
package reports

import (
	"cmp"
	"slices"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// AgingBuckets splits open balances by how many days past their due date they are.
type AgingBuckets struct {
	Current    tms.Cents `json:"current"`
	Days1To30  tms.Cents `json:"days_1_30"`
	Days31To60 tms.Cents `json:"days_31_60"`
	Days61To90 tms.Cents `json:"days_61_90"`
	Over90     tms.Cents `json:"over_90"`
	Total      tms.Cents `json:"total"`
}

// AgingRow is one customer's open balances.
type AgingRow struct {
	CustomerID   int64  `json:"customer_id"`
	CustomerName string `json:"customer_name"`
	AgingBuckets
	Invoices int `json:"invoices"`
}

// AgingReport is accounts receivable aging as of a date, one row per customer that owes money.
type AgingReport struct {
	AsOf   tms.Date     `json:"as_of"`
	Rows   []AgingRow   `json:"rows"`
	Totals AgingBuckets `json:"totals"`
}

// Aging buckets the balance of every open invoice by days past due as of asOf: due today or
// later is current, then 1-30, 31-60, 61-90 and over 90 days. Drafts, paid and void invoices and
// credit memos (already applied to their invoice's balance) are left out. Rows are sorted by
// customer name, then id; a customer missing from customerNames gets an empty name.
func Aging(invoices []tms.Invoice, customerNames map[int64]string, asOf tms.Date) AgingReport {
	byCustomer := map[int64]*AgingRow{}
	for i := range invoices {
		inv := &invoices[i]
		if !inv.Status.Open() || inv.Kind != tms.KindInvoice {
			continue
		}
		row := byCustomer[inv.CustomerID]
		if row == nil {
			row = &AgingRow{CustomerID: inv.CustomerID, CustomerName: customerNames[inv.CustomerID]}
			byCustomer[inv.CustomerID] = row
		}
		row.add(DaysPastDue(inv.DueDate, asOf), inv.Balance())
		row.Invoices++
	}
	return agingReport(asOf, byCustomer)
}

func agingReport(asOf tms.Date, byCustomer map[int64]*AgingRow) AgingReport {
	r := AgingReport{AsOf: asOf, Rows: make([]AgingRow, 0, len(byCustomer))}
	for _, row := range byCustomer {
		r.Rows = append(r.Rows, *row)
		r.Totals.plus(row.AgingBuckets)
	}
	slices.SortFunc(r.Rows, func(a, b AgingRow) int {
		return cmp.Or(cmp.Compare(a.CustomerName, b.CustomerName), cmp.Compare(a.CustomerID, b.CustomerID))
	})
	return r
}

// DaysPastDue counts whole days from due to asOf (negative before it); both are midnight UTC,
// so the division is exact.
func DaysPastDue(due, asOf tms.Date) int {
	return int(asOf.Time().Sub(due.Time()) / (24 * time.Hour))
}

func (b *AgingBuckets) add(days int, amount tms.Cents) {
	switch {
	case days <= 0:
		b.Current += amount
	case days <= 30:
		b.Days1To30 += amount
	case days <= 60:
		b.Days31To60 += amount
	case days <= 90:
		b.Days61To90 += amount
	default:
		b.Over90 += amount
	}
	b.Total += amount
}

func (b *AgingBuckets) plus(o AgingBuckets) {
	b.Current += o.Current
	b.Days1To30 += o.Days1To30
	b.Days31To60 += o.Days31To60
	b.Days61To90 += o.Days61To90
	b.Over90 += o.Over90
	b.Total += o.Total
}
