package ui

import (
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/anditms/tms/internal/reports"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// reportWeeks is how many full weeks the operating report covers unless asked otherwise.
const reportWeeks = 4

type reportsData struct {
	Form       Form // from, to
	Range      []Control
	Report     *reports.Operating // nil when the range is wrong
	Overall    metricsView
	ByCustomer []groupView
	ByDriver   []groupView
	TruckWeeks []reports.TruckWeek
	CSV        string
}

// metricsView is a set of operating metrics as people read them.
type metricsView struct {
	Loads                            int
	Revenue, RevenuePerMile          tms.Cents
	Loaded, Empty                    string
	Deadhead, OnTimePickup, Delivery string
}

type groupView struct {
	Name string
	metricsView
}

func newMetricsView(m reports.Metrics) metricsView {
	return metricsView{Loads: m.Loads, Revenue: m.RevenueCents, RevenuePerMile: m.RevenuePerMileCents,
		Loaded: tenthsText(m.LoadedMilesTenths), Empty: tenthsText(m.EmptyMilesTenths), Deadhead: percentText(m.DeadheadBP),
		OnTimePickup: onTime(m.OnTimePickupBP, m.Pickups), Delivery: onTime(m.OnTimeDeliveryBP, m.Deliveries)}
}

// onTime is a share of stops on time, "—" when no arrival was recorded.
func onTime(bp int64, stops int) string {
	if stops == 0 {
		return "—"
	}
	return percentText(bp)
}

func groupViews(gs []reports.Group) []groupView {
	out := make([]groupView, len(gs))
	for i, g := range gs {
		out[i] = groupView{Name: g.Name, metricsView: newMetricsView(g.Metrics)}
	}
	return out
}

// reportsPage is the operating report over a date range: overall, per customer, per driver
// and each truck's revenue per week.
func (u *UI) reportsPage(w http.ResponseWriter, r *http.Request) error {
	f, from, to, err := reportRange(r)
	status, refused := http.StatusOK, false
	if err != nil {
		if status, refused = f.Fail(err); !refused {
			return err
		}
	}
	d := reportsData{Form: f, Range: []Control{
		control("r-", "from", "From", "date").required().from(f),
		control("r-", "to", "To", "date").required().hint("Loads delivered in the range, both days included.").from(f),
	}}
	if refused {
		return u.render(w, r, status, viewReports, "Reports", d)
	}
	rep, err := u.billing.Operating(r.Context(), from, to)
	if err != nil {
		return err
	}
	d.Report, d.Overall, d.TruckWeeks = &rep, newMetricsView(rep.Overall), rep.ByTruckWeek
	d.ByCustomer, d.ByDriver = groupViews(rep.ByCustomer), groupViews(rep.ByDriver)
	d.CSV = "/reports/operating.csv?" + url.Values{"from": {from.String()}, "to": {to.String()}}.Encode()
	return u.render(w, r, status, viewReports, "Reports", d)
}

// operatingCSV downloads the operating report's metrics as CSV.
func (u *UI) operatingCSV(w http.ResponseWriter, r *http.Request) error {
	_, from, to, err := reportRange(r)
	if err != nil {
		return err
	}
	rep, err := u.billing.Operating(r.Context(), from, to)
	if err != nil {
		return err
	}
	return web.WriteCSV(w, "operating-"+from.String()+"-to-"+to.String()+".csv", func(out io.Writer) error { return reports.WriteOperatingCSV(out, rep) })
}

// reportRange reads ?from=&to=, by default the last four full Monday-to-Sunday weeks.
func reportRange(r *http.Request) (Form, tms.Date, tms.Date, error) {
	q := r.URL.Query()
	monday, sunday := lastFullWeek(time.Now())
	f := newForm(url.Values{"from": {q.Get("from")}, "to": {q.Get("to")}})
	if f.Get("from") == "" {
		f.Values.Set("from", tms.DateOf(monday.Time().AddDate(0, 0, -7*(reportWeeks-1))).String())
	}
	if f.Get("to") == "" {
		f.Values.Set("to", sunday.String())
	}
	v := tms.Validation{}
	from, to := formDate(f, "from", v), formDate(f, "to", v)
	v.Check(from.IsZero() || to.IsZero() || !to.Time().Before(from.Time()), "to", "must not be before the start")
	v.Check(to.Time().Sub(from.Time()) <= 366*24*time.Hour, "to", "the range is at most a year")
	return f, from, to, v.Err()
}
