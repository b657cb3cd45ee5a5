package ui

import "html/template"

// The dashboard's load lists are written in Go: with a few hundred active loads they were
// most of its template execution. The markup and escaping are what html/template made of
// the rows they replaced (testdata/dashboard_rows.tmpl, TestDashboardRowsMatchTheTemplate).

// rowsIndent ends each row: the indentation of the next one, or of </ul>.
const rowsIndent = "\n      "

// todayRows lists stops: the load, the kind, the facility, the window and the stop's status.
func todayRows(rows []stopRow) template.HTML {
	var m markup
	for _, r := range rows {
		m.raw(rowsIndent, "<li>\n        ")
		writeLoadLink(&m, r.Load)
		m.raw("\n        ", `<span class="badge badge-`)
		m.text(string(r.Stop.Kind))
		m.raw(`">`)
		m.text(label(r.Stop.Kind))
		m.raw("</span>\n        ")
		m.text(r.Stop.Facility.Name)
		m.raw(", ")
		m.text(r.Stop.Place())
		m.raw("\n        ", `<span class="muted">`)
		m.text(r.Stop.Window())
		m.raw("</span>\n        ", `<span class="stop-status stop-`)
		m.text(string(r.Stop.Status))
		m.raw(`">`)
		m.text(label(r.Stop.Status))
		m.raw("</span>", rowsIndent, "</li>", rowsIndent)
	}
	return m.html()
}

// inTransitRows lists loads on the road: customer, from and to, and the truck.
func inTransitRows(loads []loadView) template.HTML {
	var m markup
	for _, v := range loads {
		m.raw(rowsIndent, "<li>")
		writeLoadLink(&m, v)
		m.raw(" ")
		m.text(v.Customer.Name)
		m.raw("\n        ", `<span class="muted">`)
		m.text(v.First().Place())
		m.raw(" → ")
		m.text(v.Last().Place())
		if v.Truck != nil {
			m.raw(" · truck ")
			m.text(v.Truck.UnitNumber)
		}
		m.raw("</span></li>", rowsIndent)
	}
	return m.html()
}

// lateRiskRows lists the loads at risk: the next stop's facility and why.
func lateRiskRows(late []lateLoad) template.HTML {
	var m markup
	for _, l := range late {
		m.raw(rowsIndent, "<li>")
		writeLoadLink(&m, l.Load)
		m.raw(" ")
		m.text(l.Stop.Facility.Name)
		m.raw(` <span class="muted">`)
		m.text(l.Reason)
		m.raw("</span></li>", rowsIndent)
	}
	return m.html()
}

// writeLoadLink links to the load page by the load's number.
func writeLoadLink(m *markup, v loadView) {
	m.raw(`<a href="/loads/`)
	m.int(v.ID)
	m.raw(`">`)
	m.text(v.Number)
	m.raw("</a>")
}
