package ui

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// rowsTemplate is the dashboard's load lists as templates, before dashboard_rows.go.
var rowsTemplate = template.Must(template.New("rows").Funcs(template.FuncMap{"label": label}).
	ParseFiles("testdata/dashboard_rows.tmpl"))

// The Go rows are byte for byte the template's, hostile names included, and escape them.
func TestDashboardRowsMatchTheTemplate(t *testing.T) {
	now := time.Now()
	booked, moving := cardLoad(1, tms.StatusBooked, now), assigned(cardLoad(2, tms.StatusInTransit, now))
	booked.Stops[1].Facility.Name, moving.Stops[0].Facility.Name = hostile, "Dock & Co"
	booked.Stops[0].Kind, booked.Stops[1].Kind = tms.StopPickup, tms.StopDelivery
	moving.Stops[0].Status = tms.StopDeparted
	stops := []stopRow{{Load: booked, Stop: booked.Stops[0]}, {Load: booked, Stop: booked.Stops[1]}, {Load: moving, Stop: moving.Stops[0]}}
	lists := []struct {
		name string
		data any
		got  template.HTML
	}{
		{"today", stops, todayRows(stops)},
		{"today", []stopRow(nil), todayRows(nil)},
		{"in-transit", []loadView{moving, booked}, inTransitRows([]loadView{moving, booked})},
		{"late-risk", []lateLoad{{Load: moving, Stop: moving.Stops[1], Reason: "ETA " + hostile}}, lateRiskRows([]lateLoad{{Load: moving, Stop: moving.Stops[1], Reason: "ETA " + hostile}})},
	}
	for _, l := range lists {
		var want strings.Builder
		if err := rowsTemplate.ExecuteTemplate(&want, l.name, l.data); err != nil {
			t.Fatal(err)
		}
		if string(l.got) != want.String() {
			t.Errorf("%s differs from the template:\n got %q\nwant %q", l.name, l.got, want.String())
		}
		if strings.Contains(string(l.got), "<script") {
			t.Errorf("%s shows user text unescaped: %s", l.name, l.got)
		}
	}
}
