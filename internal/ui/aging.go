package ui

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/reports"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// agingData is receivables aging per customer as of a day, with the export forms.
type agingData struct {
	Tabs      []navLink
	Report    reports.AgingReport
	AsOf      string
	From, To  string // the QuickBooks export's default range: this month so far
	CanExport bool   // accounting: the QuickBooks exports and statements by email
}

// agingPage shows open balances per customer by days past due.
func (u *UI) agingPage(w http.ResponseWriter, r *http.Request) error {
	rep, err := u.agingReport(r)
	if err != nil {
		return err
	}
	now := time.Now()
	d := agingData{Tabs: billingTabs(r), Report: rep, AsOf: rep.AsOf.String(), CanExport: isAccounting(r),
		From: tms.DateOf(now.AddDate(0, 0, 1-now.Day())).String(), To: tms.DateOf(now).String()}
	return u.render(w, r, http.StatusOK, viewAging, "Receivables aging", d)
}

// agingReport is the report as of the as_of query parameter (today when empty).
func (u *UI) agingReport(r *http.Request) (reports.AgingReport, error) {
	var asOf tms.Date
	if s := r.URL.Query().Get("as_of"); s != "" {
		d, err := tms.ParseDate(s)
		if err != nil {
			return reports.AgingReport{}, tms.Errorf(tms.CodeInvalid, "the as-of date must be a date such as 2026-03-31")
		}
		asOf = d
	}
	return u.billing.Aging(r.Context(), asOf)
}

// agingCSV downloads the aging report as a spreadsheet.
func (u *UI) agingCSV(w http.ResponseWriter, r *http.Request) error {
	rep, err := u.agingReport(r)
	if err != nil {
		return err
	}
	return web.WriteCSV(w, "aging-"+rep.AsOf.String()+".csv", func(out io.Writer) error { return reports.WriteAgingCSV(out, rep) })
}

// quickBooksCSV downloads an export of the from-to range (the query's from and to) for
// QuickBooks: invoices by issue date or payments by the day received.
func (u *UI) quickBooksCSV(name string, export func(s *billing.Service, ctx context.Context, w io.Writer, from, to tms.Date) error) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		from, to, err := exportRange(r)
		if err != nil {
			return err
		}
		return web.WriteCSV(w, name+"-"+from.String()+"-"+to.String()+".csv", func(out io.Writer) error {
			return export(u.billing, r.Context(), out, from, to)
		})
	}
}

// exportRange reads the required from and to dates of an export.
func exportRange(r *http.Request) (tms.Date, tms.Date, error) {
	q := r.URL.Query()
	from, ferr := tms.ParseDate(q.Get("from"))
	to, terr := tms.ParseDate(q.Get("to"))
	if ferr != nil || terr != nil {
		return from, to, tms.Errorf(tms.CodeInvalid, "choose the first and last day to export, such as 2026-03-01 and 2026-03-31")
	}
	if to.Time().Before(from.Time()) {
		return from, to, tms.Errorf(tms.CodeInvalid, "the last day to export comes before the first")
	}
	return from, to, nil
}
