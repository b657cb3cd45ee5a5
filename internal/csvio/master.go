package csvio

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// record is a pointer to a master-data type.
type record[T any] interface {
	*T
	RecordMeta() *tms.Meta
	Validate() error
}

// master imports and exports one kind of master data. Values in the keys columns must be
// unique (ignoring case) among the stored records and the file.
type master[T any, P record[T]] struct {
	layout[T]
	keys   []string
	create func(tms.Store, context.Context, P) error
	list   func(tms.Store, context.Context, tms.MasterFilter) (tms.Page[T], error)
}

// newMaster builds a kind whose first column is the export-only id and whose rows are
// checked by the record's Validate.
func newMaster[T any, P record[T]](kind Kind, required, keys []string, cols []column[T],
	create func(tms.Store, context.Context, P) error,
	list func(tms.Store, context.Context, tms.MasterFilter) (tms.Page[T], error)) *master[T, P] {
	id := readOnly("id", func(v *T) string { return strconv.FormatInt(P(v).RecordMeta().ID, 10) })
	return &master[T, P]{
		layout: layout[T]{kind: kind, columns: append([]column[T]{id}, cols...), required: required,
			check: func(v *T) error { return P(v).Validate() }},
		keys: keys, create: create, list: list,
	}
}

// each calls fn with every stored record, a page at a time.
func (m *master[T, P]) each(ctx context.Context, s tms.Store, fn func(*T) error) error {
	return eachPage(ctx, func(ctx context.Context, p tms.PageRequest) (tms.Page[T], error) {
		return m.list(s, ctx, tms.MasterFilter{Page: p})
	}, fn)
}

func (m *master[T, P]) export(ctx context.Context, s tms.Store, w io.Writer) error {
	return writeCSV(w, &m.layout, func(fn func(*T) error) error { return m.each(ctx, s, fn) })
}

// plan refuses rows whose key values are taken, and creates the others.
func (m *master[T, P]) plan(ctx context.Context, d Deps, rows []Row) ([]step, []RowError, error) {
	taken, err := m.storedKeys(ctx, d.Store)
	if err != nil {
		return nil, nil, err
	}
	var steps []step
	var bad []RowError
	for _, r := range rows {
		v, err := recordOf[T](r, m.kind)
		if err != nil {
			return nil, nil, err
		}
		if errs := m.claimKeys(taken, v, r.Line); len(errs) > 0 {
			bad = append(bad, errs...)
			continue
		}
		steps = append(steps, step{r.Line, func(ctx context.Context) error { return m.create(d.Store, ctx, P(v)) }})
	}
	return steps, bad, nil
}

// keyValue is a key cell as written (trimmed) and as compared (lower-cased).
func (m *master[T, P]) keyValue(col string, v *T) (string, string) {
	for _, c := range m.columns {
		if c.name == col {
			s := strings.TrimSpace(c.get(v))
			return s, strings.ToLower(s)
		}
	}
	return "", ""
}

// storedKeys maps each key column's stored values to line 0.
func (m *master[T, P]) storedKeys(ctx context.Context, s tms.Store) (map[string]map[string]int, error) {
	taken := map[string]map[string]int{}
	for _, k := range m.keys {
		taken[k] = map[string]int{}
	}
	err := m.each(ctx, s, func(v *T) error {
		for _, k := range m.keys {
			_, key := m.keyValue(k, v)
			taken[k][key] = 0
		}
		return nil
	})
	return taken, err
}

// claimKeys reports the row's key values already taken (by a stored record or an earlier
// line) and otherwise takes them for line.
func (m *master[T, P]) claimKeys(taken map[string]map[string]int, v *T, line int) []RowError {
	var errs []RowError
	for _, k := range m.keys {
		val, key := m.keyValue(k, v)
		prev, dup := taken[k][key]
		switch {
		case key == "" || !dup:
		case prev == 0:
			errs = append(errs, RowError{line, k, fmt.Sprintf("%q already exists", val)})
		default:
			errs = append(errs, RowError{line, k, fmt.Sprintf("%q repeats line %d", val, prev)})
		}
	}
	if len(errs) == 0 {
		for _, k := range m.keys {
			_, key := m.keyValue(k, v)
			taken[k][key] = line
		}
	}
	return errs
}
