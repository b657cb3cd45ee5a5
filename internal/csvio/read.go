package csvio

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/anditms/tms/internal/tms"
)

// layout is the column layout of one kind, with the check each converted row must pass.
type layout[T any] struct {
	kind     Kind
	columns  []column[T]
	required []string       // columns the header must have
	check    func(*T) error // the record's validation; field errors map to columns
}

func (l *layout[T]) header() []string {
	names := make([]string, len(l.columns))
	for i, c := range l.columns {
		names[i] = c.name
	}
	return names
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// newReader reads CSV after an optional UTF-8 byte order mark; rows may have any number of
// fields (a short or long row is reported, not fatal).
func newReader(r io.Reader) *csv.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	return cr
}

// parse reads a whole file: the rows it holds and the problems that concern the file as a
// whole (a bad header, an unreadable file), which refuse it entirely.
func (l *layout[T]) parse(r io.Reader) ([]Row, []RowError) {
	cr := newReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, []RowError{readError(err, 1)}
	}
	line, _ := cr.FieldPos(0)
	idx, errs := l.match(head, line)
	if len(errs) > 0 {
		return nil, errs
	}
	var rows []Row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		var perr *csv.ParseError
		switch {
		case errors.As(err, &perr):
			rows = append(rows, Row{Line: perr.StartLine, Errors: []RowError{readError(err, perr.StartLine)}})
			continue
		case err != nil:
			return rows, []RowError{readError(err, line+1)}
		}
		line, _ = cr.FieldPos(0)
		if !blank(rec) {
			rows = append(rows, l.row(idx, rec, line))
		}
	}
}

func readError(err error, line int) RowError {
	var perr *csv.ParseError
	switch {
	case err == io.EOF:
		return RowError{Line: line, Reason: "the file is empty: the first line must name the columns"}
	case errors.As(err, &perr):
		return RowError{Line: perr.StartLine, Reason: fmt.Sprintf("%v (line %d, character %d)", perr.Err, perr.Line, perr.Column)}
	}
	return RowError{Line: line, Reason: "the file cannot be read: " + err.Error()}
}

// blank reports whether every field is empty, as in the trailing ",,," rows of spreadsheets.
func blank(rec []string) bool {
	return !slices.ContainsFunc(rec, func(s string) bool { return strings.TrimSpace(s) != "" })
}

// headerName normalizes a header cell: case, spaces and dashes do not matter.
func headerName(s string) string {
	return strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
}

// match maps each header cell to its column (-1 for an unnamed cell) and reports unknown,
// repeated and missing columns.
func (l *layout[T]) match(head []string, line int) ([]int, []RowError) {
	names := l.header()
	idx := make([]int, len(head))
	var errs []RowError
	for i, h := range head {
		name := headerName(h)
		idx[i] = slices.Index(names, name)
		switch {
		case name == "":
			idx[i] = -1
		case idx[i] < 0:
			errs = append(errs, RowError{line, strings.ToValidUTF8(strings.TrimSpace(h), "?"),
				fmt.Sprintf("is not a column of %s; the columns are %s", l.kind, strings.Join(names, ", "))})
		case slices.Contains(idx[:i], idx[i]):
			errs = append(errs, RowError{line, name, "appears twice in the header"})
		}
	}
	for _, req := range l.required {
		if !slices.Contains(idx, slices.Index(names, req)) {
			errs = append(errs, RowError{line, req, "is a required column and is missing from the header"})
		}
	}
	return idx, errs
}

// row converts one record and checks it; every problem names its column.
func (l *layout[T]) row(idx []int, rec []string, line int) Row {
	v := new(T)
	cells, errs := l.cells(idx, rec, line)
	failed := columnsOf(errs)
	for i, c := range l.columns {
		if c.set == nil || failed[c.name] {
			continue
		}
		if err := c.set(v, cells[i]); err != nil {
			errs = append(errs, RowError{line, c.name, err.Error()})
		}
	}
	if l.check != nil {
		errs = append(errs, fieldErrors(l.check(v), line, columnsOf(errs), underscored)...)
	}
	return Row{Line: line, Record: v, Errors: errs}
}

// cells puts a record's cells in layout order and reports the cells that cannot be used.
func (l *layout[T]) cells(idx []int, rec []string, line int) ([]string, []RowError) {
	cells := make([]string, len(l.columns))
	var errs []RowError
	for i, s := range rec {
		switch problem := cellProblem(s, i < len(idx)); {
		case problem != "":
			errs = append(errs, RowError{line, headerAt(l, idx, i), problem})
		case i < len(idx) && idx[i] >= 0:
			cells[idx[i]] = strings.TrimSpace(lineBreaks.Replace(s))
		}
	}
	return cells, errs
}

func columnsOf(errs []RowError) map[string]bool {
	cols := map[string]bool{}
	for _, e := range errs {
		cols[e.Column] = true
	}
	return cols
}

// lineBreaks makes every line break inside a cell a plain newline, as a CSV reader returns
// them, so a value reads back the same after it is written out.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// cellProblem says what is wrong with a cell's text, "" when nothing is.
func cellProblem(s string, named bool) string {
	switch {
	case !utf8.ValidString(s):
		return "is not UTF-8 text; save the file as CSV UTF-8"
	case strings.ContainsRune(s, 0):
		return "contains a NUL character"
	case !named && strings.TrimSpace(s) != "":
		return "has a value beyond the last column of the header"
	}
	return ""
}

func headerAt[T any](l *layout[T], idx []int, i int) string {
	if i < len(idx) && idx[i] >= 0 {
		return l.columns[idx[i]].name
	}
	return ""
}

// underscored is the column of a validation field of master data: pay.basis is pay_basis.
func underscored(field string) string { return strings.ReplaceAll(field, ".", "_") }

// fieldErrors turns a validation error into row errors on the columns of its fields (colOf
// names the column of a field), except on columns whose cell could not be read at all.
func fieldErrors(err error, line int, failed map[string]bool, colOf func(string) string) []RowError {
	var e *tms.Error
	switch {
	case !errors.As(err, &e):
		return nil
	case len(e.Fields) == 0:
		return []RowError{{Line: line, Reason: e.Message}}
	}
	var out []RowError
	for field, msg := range e.Fields {
		if col := colOf(field); !failed[col] {
			out = append(out, RowError{line, col, msg})
		}
	}
	slices.SortFunc(out, func(a, b RowError) int { return cmp.Compare(a.Column, b.Column) })
	return out
}
