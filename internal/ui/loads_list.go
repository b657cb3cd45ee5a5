package ui

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/anditms/tms/internal/csvio"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// loadsData is the Loads page: every load of every status, filtered, sorted and paged.
type loadsData struct {
	Perms                      perms
	Filter                     Form
	Statuses                   []statusChoice
	Customers, Drivers, Trucks []option
	Columns                    []sortColumn
	Loads                      []loadView
	Pager                      Pager
	CSV                        string // the filtered list as a spreadsheet
}

// statusChoice is one status checkbox of the filter.
type statusChoice struct {
	Status  tms.LoadStatus
	Checked bool
}

// sortColumn is a column heading; Sort is its sort key ("" for a column that does not sort),
// Href the page sorted by it (reversed when it is the current sort), Order the current direction.
type sortColumn struct {
	Label, Sort, Href, Order string
}

// loadsColumns are the Loads table's headings and the sort key of each.
var loadsColumns = []sortColumn{{Label: "Load", Sort: "number"}, {Label: "Status", Sort: "status"},
	{Label: "Customer", Sort: "customer"}, {Label: "Pickup", Sort: "window_start"}, {Label: "Delivery", Sort: "window_end"},
	{Label: "Driver", Sort: "driver"}, {Label: "Truck"}, {Label: "References"}, {Label: "Total", Sort: "total_cents"}}

// defaultLoadsSort shows the newest pickups first.
const defaultLoadsSort = "-window_start"

// loadsPage lists loads by the filters of the query (the API's load list reads the same).
func (u *UI) loadsPage(w http.ResponseWriter, r *http.Request) error {
	f, err := loadsFilter(r.URL.Query())
	if err != nil {
		return err
	}
	if f.Page, err = pageRequest(r); err != nil {
		return err
	}
	if f.Page.Sort, err = sortOf(r.URL.Query()); err != nil {
		return err
	}
	page, err := u.store.ListLoads(r.Context(), f)
	if err != nil {
		return err
	}
	d := loadsData{Perms: permsOf(r), Filter: newForm(r.URL.Query()), Statuses: statusChoices(f.Statuses), Columns: sortColumns(r.URL, f.Page.Sort),
		Pager: newPager(r.URL, page.Total, page.Limit, page.Offset), CSV: "/loads.csv"}
	if enc := withoutPaging(r.URL.Query()).Encode(); enc != "" {
		d.CSV += "?" + enc
	}
	if d.Loads, err = newLookup(u.store).views(r.Context(), page.Items); err != nil {
		return err
	}
	if err := u.filterChoices(r.Context(), &d); err != nil {
		return err
	}
	return u.render(w, r, http.StatusOK, viewLoads, "Loads", d)
}

// loadsCSV downloads every load matching the Loads page's filters in the CSV loads layout.
func (u *UI) loadsCSV(w http.ResponseWriter, r *http.Request) error {
	f, err := loadsFilter(r.URL.Query())
	if err != nil {
		return err
	}
	return web.WriteCSV(w, "loads.csv", func(out io.Writer) error { return csvio.ExportLoads(r.Context(), u.store, f, out) })
}

// loadsFilter reads the filters; a bad one is a 400 naming the fields.
func loadsFilter(q url.Values) (tms.LoadFilter, error) {
	f, err := web.LoadFilter(q)
	var e *tms.Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		return f, tms.Errorf(tms.CodeInvalid, "the loads filter is not valid: %s", strings.Join(fieldMessages(tms.Validation(e.Fields)), "; "))
	}
	return f, err
}

// sortOf is the query's sort (the default when none), which must name a sortable column.
func sortOf(q url.Values) (string, error) {
	s := q.Get("sort")
	if s == "" {
		return defaultLoadsSort, nil
	}
	for _, c := range loadsColumns {
		if c.Sort != "" && (s == c.Sort || s == "-"+c.Sort) {
			return s, nil
		}
	}
	return "", tms.Errorf(tms.CodeInvalid, "the loads list cannot be sorted by %q", s)
}

// sortColumns links each sortable heading to the page sorted by it, keeping the filters.
func sortColumns(u *url.URL, current string) []sortColumn {
	out := make([]sortColumn, len(loadsColumns))
	for i, c := range loadsColumns {
		out[i] = c
		if c.Sort == "" {
			continue
		}
		next := c.Sort
		switch current {
		case c.Sort:
			out[i].Order, next = "ascending", "-"+c.Sort
		case "-" + c.Sort:
			out[i].Order = "descending"
		}
		q := withoutPaging(u.Query())
		q.Set("sort", next)
		out[i].Href = u.Path + "?" + q.Encode()
	}
	return out
}

// withoutPaging is q without its page offset (a new sort or the CSV starts at the first row).
func withoutPaging(q url.Values) url.Values {
	q.Del("offset")
	return q
}

func statusChoices(checked []tms.LoadStatus) []statusChoice {
	out := make([]statusChoice, len(tms.LoadStatuses))
	for i, s := range tms.LoadStatuses {
		out[i] = statusChoice{Status: s, Checked: slices.Contains(checked, s)}
	}
	return out
}

// filterChoices fills the customer, driver and truck pickers with every record, inactive
// ones too: old loads keep their people and equipment.
func (u *UI) filterChoices(ctx context.Context, d *loadsData) error {
	cs, err := all(ctx, u.store.ListCustomers, "")
	if err != nil {
		return err
	}
	for _, c := range cs {
		d.Customers = append(d.Customers, idOption(c.ID, c.Name))
	}
	ds, err := all(ctx, u.store.ListDrivers, "")
	if err != nil {
		return err
	}
	for _, dr := range ds {
		d.Drivers = append(d.Drivers, idOption(dr.ID, dr.Name))
	}
	ts, err := all(ctx, u.store.ListTrucks, "")
	for _, t := range ts {
		d.Trucks = append(d.Trucks, idOption(t.ID, t.UnitNumber))
	}
	return err
}
