package ui

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
)

// The board's layouts: cards in status columns, or one compact sortable table.
const (
	boardCards = "cards"
	boardTable = "table"
)

// boardViewCookie remembers the layout a user chose last, for a year.
const boardViewCookie = "board_view"

// badge is what the board flags on a load: late risk and tracking's arrival estimate.
type badge struct {
	Late string // why the load may miss its next window; "" when it is not at risk
	ETA  string // the estimated arrival at the next stop in its zone; "" when unknown
}

// boardRow is one load of the table view.
type boardRow struct {
	loadView
	Badge badge
}

// tableColumn is a sortable column of the table view, keyed as boardSorts.
type tableColumn struct {
	Key, Label string
	Num        bool // right-aligned figures
}

var tableColumns = []tableColumn{{"number", "Load", false}, {"status", "Status", false}, {"flags", "Flags", false}, {"customer", "Customer", false},
	{"pickup", "Pickup", false}, {"delivery", "Delivery", false}, {"driver", "Driver and truck", false},
	{"miles", "Miles", true}, {"revenue", "Revenue", true}}

// TableColumns are the table view's sortable columns.
func (d boardData) TableColumns() []tableColumn { return tableColumns }

// boardSort is the table's order: a column key of boardSorts, descending or not.
type boardSort struct {
	Key  string
	Desc bool
}

// boardSorts compare two rows by one column, ascending.
var boardSorts = map[string]func(a, b boardRow) int{
	"number":   func(a, b boardRow) int { return cmp.Compare(a.Number, b.Number) },
	"pickup":   func(a, b boardRow) int { return a.First().AppointmentStart.Compare(b.First().AppointmentStart) },
	"delivery": func(a, b boardRow) int { return a.Last().AppointmentStart.Compare(b.Last().AppointmentStart) },
	"customer": func(a, b boardRow) int {
		return cmp.Compare(strings.ToLower(a.Customer.Name), strings.ToLower(b.Customer.Name))
	},
	"driver":  func(a, b boardRow) int { return cmp.Compare(driverName(a.loadView), driverName(b.loadView)) },
	"status":  func(a, b boardRow) int { return cmp.Compare(statusRank(a.Status), statusRank(b.Status)) },
	"miles":   func(a, b boardRow) int { return cmp.Compare(a.PlannedMiles, b.PlannedMiles) },
	"revenue": func(a, b boardRow) int { return cmp.Compare(a.TotalCents, b.TotalCents) },
	"flags":   func(a, b boardRow) int { return cmp.Compare(b.Badge.rank(), a.Badge.rank()) }, // at risk first
}

// rank orders badges by urgency: late risk, then a known ETA, then nothing.
func (b badge) rank() int {
	switch {
	case b.Late != "":
		return 2
	case b.ETA != "":
		return 1
	}
	return 0
}

// tableTime is the table's short form of a time in a zone: "Dec 10 08:00 CST".
func tableTime(t time.Time, tz string) string { return t.In(zone(tz)).Format("Jan 2 15:04 MST") }

// PickupAt is the first appointment; DeliveryAt the last one, or when the load was
// delivered once it was.
func (r boardRow) PickupAt() string { return tableTime(r.First().AppointmentStart, r.First().tz()) }
func (r boardRow) DeliveryAt() string {
	if r.Status == tms.StatusDelivered {
		return tableTime(deliveredTime(r.loadView), r.Last().tz())
	}
	return tableTime(r.Last().AppointmentStart, r.Last().tz())
}

// parseBoardSort reads "miles" (ascending) or "-miles" (descending); "" keeps the default.
func parseBoardSort(s string) (boardSort, bool) {
	key, desc := strings.CutPrefix(s, "-")
	_, ok := boardSorts[key]
	return boardSort{Key: key, Desc: desc}, s == "" || ok
}

// String is the sort as the query parameter writes it.
func (s boardSort) String() string {
	if s.Desc {
		return "-" + s.Key
	}
	return s.Key
}

// apply orders rows by s; without a chosen column the rows keep fallback's order.
func (s boardSort) apply(rows []boardRow, fallback func(a, b boardRow) int) {
	by := fallback
	if f, ok := boardSorts[s.Key]; ok {
		by = f
	}
	slices.SortStableFunc(rows, func(a, b boardRow) int {
		if s.Desc {
			return by(b, a)
		}
		return by(a, b)
	})
}

// newestDelivered puts the latest delivery first.
func newestDelivered(a, b boardRow) int {
	return deliveredTime(b.loadView).Compare(deliveredTime(a.loadView))
}

// deliveredTime is when the last stop was left (or reached), else its appointment.
func deliveredTime(v loadView) time.Time {
	last := v.Last()
	switch {
	case last.DepartedAt != nil:
		return *last.DepartedAt
	case last.ArrivedAt != nil:
		return *last.ArrivedAt
	}
	return last.AppointmentStart
}

func driverName(v loadView) string {
	if v.Driver == nil {
		return ""
	}
	return strings.ToLower(v.Driver.Name)
}

// statusRank orders statuses as the board's columns do.
func statusRank(s tms.LoadStatus) int { return slices.Index(boardColumns, s) }

// boardBadges flags the loads at risk of missing their next window and gives the estimated
// arrival of those tracking follows (dashboard and board judge alike: lateRiskOf).
func boardBadges(loads []loadView, etas map[int64]tracking.ETA, now time.Time) map[int64]badge {
	out := map[int64]badge{}
	for _, v := range loads {
		next := v.Next()
		if e, ok := etas[v.ID]; ok && e.ETA != nil && next != nil && e.StopID == next.ID {
			out[v.ID] = badge{ETA: e.ETA.In(zone(next.tz())).Format("Mon 15:04 MST")}
		}
	}
	for _, l := range lateRiskOf(loads, etas, now) {
		b := out[l.Load.ID]
		b.Late = l.Reason
		out[l.Load.ID] = b
	}
	return out
}

// rows pairs loads with their badges.
func rows(loads []loadView, badges map[int64]badge) []boardRow {
	out := make([]boardRow, len(loads))
	for i, v := range loads {
		out[i] = boardRow{loadView: v, Badge: badges[v.ID]}
	}
	return out
}

// boardLayout reads the layout and sort of the query, the layout falling back on the
// remembered choice. ok is false for a value the board does not know.
func boardLayout(r *http.Request, q url.Values) (view string, sort boardSort, ok bool) {
	view = q.Get("view")
	if view == "" {
		view = boardCards
		if c, err := r.Cookie(boardViewCookie); err == nil && c.Value == boardTable {
			view = boardTable
		}
	}
	sort, sortOK := parseBoardSort(q.Get("sort"))
	return view, sort, sortOK && (view == boardCards || view == boardTable)
}

// rememberBoardView keeps an explicitly chosen layout for the user's next visits.
func (u *UI) rememberBoardView(w http.ResponseWriter, r *http.Request, view string) {
	if r.URL.Query().Get("view") == "" {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: boardViewCookie, Value: view, Path: "/dispatch", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: u.sessions.Cookie.Secure, SameSite: http.SameSiteLaxMode})
}

// address is the board's own URL with its filters and the given layout and sort.
func (d boardData) address(view string, sort boardSort) string {
	q, _ := url.ParseQuery(strings.TrimPrefix(strings.TrimPrefix(d.Return, "/dispatch"), "?"))
	q.Set("view", view)
	if sort.Key != "" {
		q.Set("sort", sort.String())
	}
	return "/dispatch?" + q.Encode()
}

// ViewLink switches the layout, keeping the filters (and the table's order).
func (d boardData) ViewLink(view string) string {
	if view == boardCards {
		return d.address(view, boardSort{})
	}
	return d.address(view, d.Sort)
}

// SortLink orders the table by column key: ascending first, then the other way.
func (d boardData) SortLink(key string) string {
	return d.address(boardTable, boardSort{Key: key, Desc: d.Sort.Key == key && !d.Sort.Desc})
}

// AriaSort is the column's aria-sort value: "ascending", "descending" or "none".
func (d boardData) AriaSort(key string) string {
	switch {
	case d.Sort.Key != key:
		return "none"
	case d.Sort.Desc:
		return "descending"
	}
	return "ascending"
}
