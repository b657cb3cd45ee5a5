package csvio

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
)

// Parse reads a CSV file of a kind. Every data row comes back, converted to its record and
// validated; the errors are every problem in the file, by line and column. A bad header or an
// unreadable file gives errors and no rows.
func Parse(kind Kind, r io.Reader) ([]Row, []RowError) {
	ops, err := opsOf(kind)
	if err != nil {
		return nil, []RowError{{Line: 1, Reason: err.Error()}}
	}
	rows, fileErrs := ops.parse(r)
	return rows, append(fileErrs, rowErrors(rows)...)
}

// ImportFile parses and imports a file. Problems with the file as a whole (its header, a
// read error such as a truncated upload) refuse it even with SkipInvalid.
func ImportFile(ctx context.Context, d Deps, kind Kind, r io.Reader, opts Options, progress func(done, total int)) (Report, error) {
	ops, err := opsOf(kind)
	if err != nil {
		return Report{}, err
	}
	rows, fileErrs := ops.parse(r)
	if len(fileErrs) > 0 {
		return refuse(Report{Kind: kind, DryRun: opts.DryRun, Total: len(rows)}, append(fileErrs, rowErrors(rows)...)), nil
	}
	return Import(ctx, d, kind, rows, opts, progress)
}

// Import creates the records of parsed rows. Every row is checked first, including what
// needs the store (duplicate keys, the customer and facilities of a load); a bad row refuses
// the whole file unless opts.SkipInvalid. A dry run stops after the checks. progress, when
// not nil, hears after each record written. A failure while writing stops the import with
// the rows before it written and the report saying how many.
func Import(ctx context.Context, d Deps, kind Kind, rows []Row, opts Options, progress func(done, total int)) (Report, error) {
	rep := Report{Kind: kind, DryRun: opts.DryRun, Total: len(rows)}
	ops, err := opsOf(kind)
	if err != nil {
		return rep, err
	}
	good := slices.DeleteFunc(slices.Clone(rows), func(r Row) bool { return len(r.Errors) > 0 || r.Record == nil })
	steps, bad, err := ops.plan(ctx, d, good)
	if err != nil {
		return rep, err
	}
	errs := append(rowErrors(rows), bad...)
	if len(errs) > 0 && !opts.SkipInvalid {
		return refuse(rep, errs), nil
	}
	rep.Errors, rep.Skipped = sortErrors(errs), len(rows)-len(steps)
	if opts.DryRun {
		rep.Imported = len(steps)
		return rep, nil
	}
	for _, st := range steps {
		if err := st.run(ctx); err != nil {
			return rep, fmt.Errorf("line %d: %w", st.line, err)
		}
		rep.Imported++
		if progress != nil {
			progress(rep.Imported, len(steps))
		}
	}
	return rep, nil
}

// refuse reports a file of which nothing is imported.
func refuse(rep Report, errs []RowError) Report {
	rep.Errors, rep.Skipped, rep.Imported = sortErrors(errs), rep.Total, 0
	return rep
}

func rowErrors(rows []Row) []RowError {
	var errs []RowError
	for _, r := range rows {
		errs = append(errs, r.Errors...)
	}
	return errs
}

// sortErrors orders errors by line, keeping each line's errors in the order found; the
// result is never nil, so a report lists "errors": [] rather than null.
func sortErrors(errs []RowError) []RowError {
	out := append([]RowError{}, errs...)
	slices.SortStableFunc(out, func(a, b RowError) int { return cmp.Compare(a.Line, b.Line) })
	return out
}
