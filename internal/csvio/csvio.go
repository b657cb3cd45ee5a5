// Package csvio imports and exports master data and loads as CSV files: one column layout per
// kind, a forgiving reader for spreadsheet exports (BOM, CRLF, quoted commas and newlines,
// headers in any order and case), a report of every bad row by line and column, and an
// all-or-nothing import unless the caller asks to skip the bad rows. docs/CSV.md describes
// the columns.
package csvio

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// MaxImportBytes caps an uploaded CSV file. The global body limit exempts the import routes
// (see app.Handler), so this is the limit that applies to them.
const MaxImportBytes = 20 << 20

// Kind names what a file holds.
type Kind string

// The kinds that can be imported and exported.
const (
	Customers  Kind = "customers"
	Facilities Kind = "facilities"
	Drivers    Kind = "drivers"
	Trucks     Kind = "trucks"
	Trailers   Kind = "trailers"
	Loads      Kind = "loads"
)

// Kinds lists every kind, master data before the loads that refer to it.
var Kinds = []Kind{Customers, Facilities, Drivers, Trucks, Trailers, Loads}

// RowError is one problem with a file: the line it starts on (the header is line 1), the
// column it concerns ("" for the whole row or file) and what is wrong.
type RowError struct {
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

func (e RowError) String() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Column, e.Reason)
}

// Row is one data row of a file. Record is *tms.Customer, *tms.Facility, *tms.Driver,
// *tms.Truck, *tms.Trailer or *LoadRow as read (nil when the row could not be read at all);
// Errors lists what is wrong with it and is empty for a good row.
type Row struct {
	Line   int
	Record any
	Errors []RowError
}

// Deps is what an import writes through.
type Deps struct {
	Store    tms.Store
	Dispatch *dispatch.Service
}

// Options change how an import treats its rows.
type Options struct {
	DryRun      bool // validate and report, write nothing
	SkipInvalid bool // import the good rows even when some are bad
}

// Report says what an import did. On a dry run Imported counts the rows that would be
// imported. Skipped counts the rows not imported: the bad ones, or every row when a bad row
// refused the whole file.
type Report struct {
	Kind     Kind       `json:"kind"`
	DryRun   bool       `json:"dry_run"`
	Total    int        `json:"total"`
	Imported int        `json:"imported"`
	Skipped  int        `json:"skipped"`
	Errors   []RowError `json:"errors"`
}

// Refused reports whether the file had bad rows and nothing was (or would be) imported.
func (r Report) Refused() bool { return len(r.Errors) > 0 && r.Imported == 0 }

// kindOps is what each kind knows: reading its rows, planning their creation (with the checks
// that need the store) and writing every record out.
type kindOps interface {
	header() []string
	parse(r io.Reader) ([]Row, []RowError)
	plan(ctx context.Context, d Deps, rows []Row) ([]step, []RowError, error)
	export(ctx context.Context, s tms.Store, w io.Writer) error
}

// recordOf returns a row's record as a *T, or an error when the rows came from Parse of
// another kind.
func recordOf[T any](r Row, kind Kind) (*T, error) {
	v, ok := r.Record.(*T)
	if !ok {
		return nil, fmt.Errorf("csvio: line %d holds a %T, not a row of %s", r.Line, r.Record, kind)
	}
	return v, nil
}

// step creates the record of one good row.
type step struct {
	line int
	run  func(ctx context.Context) error
}

var registry = map[Kind]kindOps{
	Customers: customers, Facilities: facilities, Drivers: drivers,
	Trucks: trucks, Trailers: trailers, Loads: loads,
}

func opsOf(kind Kind) (kindOps, error) {
	ops, ok := registry[kind]
	if !ok {
		names := make([]string, len(Kinds))
		for i, k := range Kinds {
			names[i] = string(k)
		}
		return nil, tms.Errorf(tms.CodeNotFound, "%q is not something to import or export; use one of %s", kind, strings.Join(names, ", "))
	}
	return ops, nil
}

// ParseKind checks that s names a kind.
func ParseKind(s string) (Kind, error) {
	_, err := opsOf(Kind(s))
	return Kind(s), err
}

// Header returns the column names of a kind in the order Export writes them.
func Header(kind Kind) ([]string, error) {
	ops, err := opsOf(kind)
	if err != nil {
		return nil, err
	}
	return ops.header(), nil
}
