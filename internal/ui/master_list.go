package ui

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/anditms/tms/internal/csvio"
	"github.com/anditms/tms/internal/tms"
)

type masterListData struct {
	Kind      masterInfo
	Columns   []string
	Rows      []masterRow
	Pager     Pager
	Filter    Form // q, status
	Statuses  []option
	Perms     perms
	Import    *csvio.Report // the outcome of an import just sent
	ImportErr *actionProblem
	Tabs      []navLink
	Phone     *phoneSetup // how to set up Traccar Client, on the devices page
}

// masterRow is one record of a list: its cells and any warnings.
type masterRow struct {
	ID    int64
	Cells []string
	Warn  []string
}

func (k *masterKind[T]) listPage(u *UI) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		return k.renderList(w, r, u, http.StatusOK, nil, nil)
	}
}

// renderList shows a page of records filtered by text and status, with the import form.
func (k *masterKind[T]) renderList(w http.ResponseWriter, r *http.Request, u *UI, status int, rep *csvio.Report, p *actionProblem) error {
	ctx := r.Context()
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := tms.MasterFilter{Text: strings.TrimSpace(q.Get("q")), Status: q.Get("status"), Page: page}
	list, err := k.list(ctx, f)
	if err != nil {
		return err
	}
	d := masterListData{Kind: k.info(), Columns: k.columns, Perms: permsOf(r), Import: rep, ImportErr: p,
		Pager:  newPager(&url.URL{Path: k.path, RawQuery: r.URL.RawQuery}, list.Total, list.Limit, list.Offset),
		Filter: newForm(url.Values{"q": {f.Text}, "status": {f.Status}}), Statuses: stringOptions(k.statuses),
		Tabs: masterTabs(k.path)}
	if d.Rows, err = k.rows(ctx, list.Items); err != nil {
		return err
	}
	if k.phoneSetup {
		p := newPhoneSetup(r)
		d.Phone = &p
	}
	return u.render(w, r, status, viewMasterList, k.title, d)
}

func (k *masterKind[T]) rows(ctx context.Context, items []T) ([]masterRow, error) {
	cells, err := k.cells(ctx, items)
	if err != nil {
		return nil, err
	}
	out := make([]masterRow, len(items))
	for i := range items {
		out[i] = masterRow{ID: k.meta(&items[i]).ID, Cells: cells[i]}
		if k.warn != nil {
			out[i].Warn = k.warn(&items[i])
		}
	}
	return out, nil
}

// masterTabs switch between the kinds of master data.
func masterTabs(current string) []navLink {
	titles := []string{"Customers", "Facilities", "Drivers", "Trucks", "Trailers", "Devices", "Trading partners"}
	out := make([]navLink, len(masterSections))
	for i, p := range masterSections {
		out[i] = navLink{Label: titles[i], Path: p, Current: p == current}
	}
	return out
}

// importFile imports a CSV file of the kind: every row checked first, nothing written
// when a row is bad (unless asked to skip bad rows), and a report of every bad row.
func (k *masterKind[T]) importFile(u *UI) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, err := postedForm(r)
		if err != nil {
			return err
		}
		file, _, err := r.FormFile("file")
		if err != nil {
			f.Errors["file"] = "choose a CSV file"
			return k.renderList(w, r, u, http.StatusUnprocessableEntity, nil, &actionProblem{Action: "import", Form: f})
		}
		defer file.Close()
		opts := csvio.Options{DryRun: f.Checked("dry_run"), SkipInvalid: f.Checked("skip_invalid")}
		rep, err := csvio.ImportFile(r.Context(), csvio.Deps{Store: u.store, Dispatch: u.dispatch}, k.csv, file, opts, nil)
		if err != nil {
			return err
		}
		status := http.StatusOK
		if rep.Refused() {
			status = http.StatusUnprocessableEntity
		}
		return k.renderList(w, r, u, status, &rep, nil)
	}
}

// perRow makes a kind's cells from one record at a time.
func perRow[T any](row func(*T) []string) func(context.Context, []T) ([][]string, error) {
	return func(_ context.Context, items []T) ([][]string, error) {
		out := make([][]string, len(items))
		for i := range items {
			out[i] = row(&items[i])
		}
		return out, nil
	}
}
