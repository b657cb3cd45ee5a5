package ui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The load form repeats two groups of inputs, named "stops[i].<field>" and
// "charges[i].<field>", with the row count in "<group>_count". Plain forms add, remove and
// reorder rows with submit buttons named op; the handler rewrites the rows and shows the form
// again. htmx sends the same buttons and swaps the form in place.
var (
	stopFields = []string{"id", "kind", "facility_id", "facility_q", "appointment_start", "appointment_end", "references", "notes",
		"new_facility_name", "new_facility_address"}
	chargeFields = []string{"kind", "description", "amount"}
)

// maxRows bounds a group, so a crafted count cannot make the server build huge forms.
const maxRows = 50

type row map[string]string

func rowName(group string, i int, field string) string {
	return fmt.Sprintf("%s[%d].%s", group, i, field)
}

// readRows returns the rows of group in order.
func readRows(f Form, group string, fields []string) []row {
	n := min(max(formInt(f, group+"_count"), 0), maxRows)
	rows := make([]row, n)
	for i := range rows {
		rows[i] = row{}
		for _, name := range fields {
			rows[i][name] = strings.TrimSpace(f.Get(rowName(group, i, name)))
		}
	}
	return rows
}

// writeRows replaces group's rows in the form.
func writeRows(f Form, group string, fields []string, rows []row) {
	for key := range f.Values {
		if strings.HasPrefix(key, group+"[") {
			f.Values.Del(key)
		}
	}
	for i, r := range rows {
		for _, name := range fields {
			if r[name] != "" {
				f.Values.Set(rowName(group, i, name), r[name])
			}
		}
	}
	f.Values.Set(group+"_count", strconv.Itoa(len(rows)))
}

// rowOp is a button that changes the rows: "add-stop", "remove-stop-2", "up-stop-2",
// "down-stop-2", "find-stop-2", "add-charge", "remove-charge-0".
var rowOp = regexp.MustCompile(`^(add|remove|up|down|find)-(stop|charge)(?:-(\d+))?$`)

// applyRowOp performs op on the form's rows; false when op is not a row operation (save).
func applyRowOp(f Form, op string) bool {
	m := rowOp.FindStringSubmatch(op)
	if m == nil {
		return false
	}
	group, fields := "stops", stopFields
	if m[2] == "charge" {
		group, fields = "charges", chargeFields
	}
	rows := readRows(f, group, fields)
	i, _ := strconv.Atoi(m[3])
	switch {
	case m[1] == "add" && len(rows) < maxRows:
		rows = append(rows, newRow(m[2]))
	case m[1] == "remove" && i < len(rows):
		rows = append(rows[:i], rows[i+1:]...)
	case m[1] == "up" && i > 0 && i < len(rows):
		rows[i-1], rows[i] = rows[i], rows[i-1]
	case m[1] == "down" && i+1 < len(rows):
		rows[i], rows[i+1] = rows[i+1], rows[i]
	}
	writeRows(f, group, fields, rows)
	return true
}

// newRow is a blank row: another delivery, or a line of the most common charge.
func newRow(kind string) row {
	if kind == "stop" {
		return row{"kind": "delivery"}
	}
	return row{"kind": "linehaul"}
}

// blank reports whether a row was left empty (it is skipped, not refused).
func (r row) blank(fields ...string) bool {
	for _, name := range fields {
		if r[name] != "" {
			return false
		}
	}
	return true
}

// indexMap maps the position of a submitted stop or charge (blank rows skipped) back to
// its form row, so the domain's "stops[1].facility_id" marks the right input.
type indexMap map[string][]int

var indexedField = regexp.MustCompile(`^(stops|charges)\[(\d+)\]\.(.+)$`)

// formErrors renames the domain's field errors to the form's inputs.
func (m indexMap) formErrors(errs map[string]string) map[string]string {
	out := make(map[string]string, len(errs))
	for k, msg := range errs {
		if g := indexedField.FindStringSubmatch(k); g != nil {
			i, _ := strconv.Atoi(g[2])
			if rows := m[g[1]]; i < len(rows) {
				field := strings.Replace(g[3], "amount_cents", "amount", 1)
				k = rowName(g[1], rows[i], field)
			}
		}
		out[k] = msg
	}
	return out
}
