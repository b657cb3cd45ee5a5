package ui

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// boardColumns are the dispatch board's columns, in order.
var boardColumns = []tms.LoadStatus{tms.StatusBooked, tms.StatusDispatched, tms.StatusInTransit, tms.StatusDelivered}

// deliveredLookback is how far back the delivered column reaches without a date filter.
const deliveredLookback = 7 * 24 * time.Hour

type boardData struct {
	Columns   []boardColumn
	Filter    Form // customer, from, to, q
	Customers []option
	Perms     perms
	Choices   assignChoices            // the assign pickers, read only for a refused assignment's card
	Problems  map[int64]*actionProblem // a failed action's message, shown on its card
	Return    string                   // this board's address with its filters, for the card forms
	Live      bool                     // tracking runs: the board follows the event stream
	View      string                   // boardCards or boardTable
	Sort      boardSort                // the table's order
	Badges    map[int64]badge          // late risk and ETA by load
	Moving    []boardRow               // the table's booked, dispatched and in-transit loads
	Delivered []boardRow               // the table's delivered loads, newest first by default
}

type boardColumn struct {
	Status tms.LoadStatus
	Loads  []loadView
}

// boardPage shows loads by status, filtered by customer, date range and text.
func (u *UI) boardPage(w http.ResponseWriter, r *http.Request) error {
	d, err := u.boardData(r.Context(), r, r.URL.Query())
	if err != nil {
		return err
	}
	u.rememberBoardView(w, r, d.View)
	return u.render(w, r, http.StatusOK, viewBoard, "Dispatch board", d)
}

// boardData builds the board for the filters in q.
func (u *UI) boardData(ctx context.Context, r *http.Request, q url.Values) (boardData, error) {
	f, filter, err := boardFilter(q)
	if err != nil {
		return boardData{}, err
	}
	view, sort, ok := boardLayout(r, q)
	if !ok {
		return boardData{}, tms.Errorf(tms.CodeInvalid, "the board layout is not valid: view must be cards or table, sort one of the table's columns")
	}
	d := boardData{Filter: filter, Perms: permsOf(r), Live: u.tracking != nil, Problems: map[int64]*actionProblem{},
		Return: "/dispatch", View: view, Sort: sort}
	if enc := filterQuery(q).Encode(); enc != "" {
		d.Return += "?" + enc
	}
	lk := newLookup(u.store)
	if d.Customers, err = lk.customerOptions(ctx); err != nil {
		return d, err
	}
	moving := f
	moving.Statuses = boardColumns[:3]
	done := f
	done.Statuses = boardColumns[3:]
	done.Page = tms.PageRequest{Limit: tms.MaxPageSize, Sort: "-window_start"} // the latest deliveries when there are many
	if done.From.IsZero() {
		done.From = time.Now().Add(-deliveredLookback)
	}
	loads, err := u.loadSummaries(ctx, true, moving, done)
	if err != nil {
		return d, err
	}
	views, err := lk.views(ctx, loads)
	if err != nil {
		return d, err
	}
	active, delivered := splitDelivered(views)
	etas, err := u.etasOf(ctx, active)
	if err != nil {
		return d, err
	}
	d.Badges = boardBadges(active, etas, time.Now())
	d.Moving, d.Delivered = rows(active, d.Badges), rows(delivered, nil)
	d.Sort.apply(d.Moving, boardSorts["status"])
	d.Sort.apply(d.Delivered, newestDelivered)
	d.Columns = groupColumns(append(active, loadViewsOf(d.Delivered)...))
	return d, err
}

// splitDelivered separates the loads still moving from the delivered and invoiced ones.
func splitDelivered(views []loadView) (moving, done []loadView) {
	for _, v := range views {
		if slices.Contains(boardColumns[:3], v.Status) {
			moving = append(moving, v)
		} else {
			done = append(done, v)
		}
	}
	return moving, done
}

// loadViewsOf unwraps table rows, keeping their order.
func loadViewsOf(rs []boardRow) []loadView {
	out := make([]loadView, len(rs))
	for i, r := range rs {
		out[i] = r.loadView
	}
	return out
}

func groupColumns(loads []loadView) []boardColumn {
	cols := make([]boardColumn, len(boardColumns))
	for i, s := range boardColumns {
		cols[i].Status = s
		for _, v := range loads {
			if v.Status == s {
				cols[i].Loads = append(cols[i].Loads, v)
			}
		}
	}
	return cols
}

// boardFilter reads the board's filters: customer id, from and to dates (inclusive days,
// UTC) and free text.
func boardFilter(q url.Values) (tms.LoadFilter, Form, error) {
	form := newForm(filterQuery(q))
	f := tms.LoadFilter{Text: strings.TrimSpace(q.Get("q"))}
	v := tms.Validation{}
	if s := q.Get("customer"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		v.Check(err == nil && id > 0, "customer", "is not a customer")
		f.CustomerID = id
	}
	for _, d := range []struct {
		name string
		at   *time.Time
		days int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		if s := q.Get(d.name); s != "" {
			t, err := time.Parse(time.DateOnly, s)
			v.Check(err == nil, d.name, "must be a date")
			*d.at = t.AddDate(0, 0, d.days)
		}
	}
	if err := v.Err(); err != nil {
		return f, form, &tms.Error{Code: tms.CodeInvalid, Message: "the board filter is not valid: " + strings.Join(fieldMessages(v), "; ")}
	}
	return f, form, nil
}

// filterQuery keeps the board's filter parameters of q.
func filterQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range []string{"customer", "from", "to", "q"} {
		if s := q.Get(k); s != "" {
			out.Set(k, s)
		}
	}
	return out
}

func fieldMessages(v tms.Validation) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(v)) {
		out = append(out, k+" "+v[k])
	}
	return out
}
