package csvio

import (
	"context"
	"encoding/csv"
	"io"

	"github.com/anditms/tms/internal/tms"
)

// Export writes every record of a kind as CSV, header first, in the layout Import reads.
func Export(ctx context.Context, s tms.Store, kind Kind, w io.Writer) error {
	ops, err := opsOf(kind)
	if err != nil {
		return err
	}
	return ops.export(ctx, s, w)
}

// eachPage calls fn with every item of a list, reading it a page at a time in id order.
func eachPage[T any](ctx context.Context, list func(context.Context, tms.PageRequest) (tms.Page[T], error), fn func(*T) error) error {
	p := tms.PageRequest{Limit: tms.MaxPageSize, Sort: "id"}
	for {
		page, err := list(ctx, p)
		if err != nil {
			return err
		}
		for i := range page.Items {
			if err := fn(&page.Items[i]); err != nil {
				return err
			}
		}
		p.Offset += len(page.Items)
		if len(page.Items) < p.Limit || p.Offset >= page.Total {
			return nil
		}
	}
}

// writeCSV writes the header and one row per record that each yields.
func writeCSV[T any](w io.Writer, l *layout[T], each func(func(*T) error) error) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(l.header()); err != nil {
		return err
	}
	row := make([]string, len(l.columns))
	err := each(func(v *T) error {
		for i, c := range l.columns {
			row[i] = c.get(v)
		}
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
