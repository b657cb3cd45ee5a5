package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// record is a pointer to a stored domain type.
type record[T any] interface {
	*T
	RecordMeta() *tms.Meta
	Validate() error
}

// table maps one record type to one table: CRUD, listing and auditing written once.
type table[T any, P record[T]] struct {
	name   string // SQL table
	entity string // audit entity and error noun
	cols   []string
	fields func(P) []any // pointers to the fields behind cols, in order
	text   []string      // columns MasterFilter.Text searches
	status string        // column MasterFilter.Status matches; "active" is a boolean flag
	sorts  map[string]string
	// cached: get and list go through the read cache (the table raises the data version and
	// is read by pages and lists on every request).
	cached bool
}

func (tb *table[T, P]) selectSQL() string {
	return "SELECT id, " + strings.Join(tb.cols, ", ") + ", created_at, updated_at, version FROM " + tb.name
}

func (tb *table[T, P]) scan(row interface{ Scan(...any) error }) (T, error) {
	var v T
	p := P(&v)
	m := p.RecordMeta()
	dest := append(append([]any{&m.ID}, tb.fields(p)...), &m.CreatedAt, &m.UpdatedAt, &m.Version)
	err := row.Scan(dest...)
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return v, err
}

func (tb *table[T, P]) create(ctx context.Context, db *DB, p P) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.InTx(ctx, func(tx *Tx) error { return tb.insert(ctx, tx, p) })
}

func (tb *table[T, P]) insert(ctx context.Context, tx *Tx, p P) error {
	if err := tb.insertRow(ctx, tx, p); err != nil {
		return err
	}
	return tx.Audit(ctx, tb.entity, p.RecordMeta().ID, "create", nil, p)
}

// insertRow writes a new row without auditing it (callers that write children audit after).
func (tb *table[T, P]) insertRow(ctx context.Context, tx *Tx, p P) error {
	query, args := tb.insertStatement(tx, p)
	id, err := tx.InsertID(ctx, query, args...)
	if err != nil {
		return tb.conflict(err)
	}
	p.RecordMeta().ID = id
	return nil
}

// insertStatement stamps a new row's metadata and returns its INSERT and arguments.
func (tb *table[T, P]) insertStatement(tx *Tx, p P) (string, []any) {
	m := p.RecordMeta()
	m.CreatedAt, m.UpdatedAt, m.Version = tx.Now, tx.Now, 1
	cols := append(append([]string{}, tb.cols...), "created_at", "updated_at", "version")
	args := append(tb.fields(p), m.CreatedAt, m.UpdatedAt, m.Version)
	return "INSERT INTO " + tb.name + " (" + strings.Join(cols, ", ") + ") VALUES (" + placeholders(len(cols)) + ")", args
}

// conflict names the entity in a unique-constraint error.
func (tb *table[T, P]) conflict(err error) error {
	if tms.ErrorCode(err) == tms.CodeConflict {
		return &tms.Error{Code: tms.CodeConflict, Message: "a " + tb.entity + " with the same unique value exists", Err: err}
	}
	return err
}

// get reads one record, through the read cache when the table is cached.
func (tb *table[T, P]) get(ctx context.Context, db *DB, id int64) (T, error) {
	if !tb.cached {
		return tb.fetch(ctx, db, id)
	}
	return cached(ctx, db, cacheKey(tb.name, id), one, func() (T, error) { return tb.fetch(ctx, db, id) })
}

// fetch reads one record from the database.
func (tb *table[T, P]) fetch(ctx context.Context, db *DB, id int64) (T, error) {
	v, err := tb.scan(db.read.QueryRowContext(ctx, db.Q(tb.selectSQL()+" WHERE id = ?"), id))
	return v, db.notFound(err, tb.entity, id)
}

// getTx reads inside a transaction, locking the row on engines that lock rows.
func (tb *table[T, P]) getTx(ctx context.Context, tx *Tx, id int64) (T, error) {
	v, err := tb.scan(tx.QueryRow(ctx, tb.selectSQL()+" WHERE id = ?"+tx.db.dialect.ForUpdate, id))
	return v, tx.db.notFound(err, tb.entity, id)
}

func (tb *table[T, P]) update(ctx context.Context, db *DB, id int64, fn func(P) error) (T, error) {
	var out T
	err := db.InTx(ctx, func(tx *Tx) (err error) {
		out, err = tb.updateIn(ctx, tx, id, fn)
		return err
	})
	return out, err
}

// updateIn is update inside a transaction that may change other records too.
func (tb *table[T, P]) updateIn(ctx context.Context, tx *Tx, id int64, fn func(P) error) (T, error) {
	before, err := tb.getTx(ctx, tx, id)
	if err != nil {
		return before, err
	}
	after := before
	p := P(&after)
	if err := fn(p); err != nil {
		return before, err
	}
	if err := p.Validate(); err != nil {
		return before, err
	}
	if err := tb.write(ctx, tx, P(&before), p); err != nil {
		return before, err
	}
	return after, tx.Audit(ctx, tb.entity, id, "update", P(&before), p)
}

// write stores after over before, keeping identity and bumping the version.
func (tb *table[T, P]) write(ctx context.Context, tx *Tx, before, after P) error {
	bm, am := before.RecordMeta(), after.RecordMeta()
	am.ID, am.CreatedAt, am.UpdatedAt, am.Version = bm.ID, bm.CreatedAt, tx.Now, bm.Version+1
	sets := make([]string, len(tb.cols))
	for i, c := range tb.cols {
		sets[i] = c + " = ?"
	}
	args := append(tb.fields(after), am.UpdatedAt, am.Version, am.ID, bm.Version)
	res, err := tx.Exec(ctx, "UPDATE "+tb.name+" SET "+strings.Join(sets, ", ")+", updated_at = ?, version = ? WHERE id = ? AND version = ?", args...)
	if err != nil {
		return tb.conflict(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return &tms.Error{Code: tms.CodeConflict, Message: "the " + tb.entity + " was changed concurrently; retry"}
	}
	return nil
}

// list reads a page of records, through the read cache when the table is cached.
func (tb *table[T, P]) list(ctx context.Context, db *DB, f tms.MasterFilter) (tms.Page[T], error) {
	if !tb.cached {
		return tb.listed(ctx, db, f)
	}
	return cached(ctx, db, cacheKey(tb.name+" list", f), pageItems, func() (tms.Page[T], error) { return tb.listed(ctx, db, f) })
}

func (tb *table[T, P]) listed(ctx context.Context, db *DB, f tms.MasterFilter) (tms.Page[T], error) {
	w, err := tb.filter(db, f)
	if err != nil {
		return tms.Page[T]{Items: []T{}}, err
	}
	if len(f.IDs) > 0 && f.Page.Offset == 0 && f.Page.Limit >= len(f.IDs) {
		return tb.byIDs(ctx, db, w)
	}
	return tb.page(ctx, db, w, f.Page, "id")
}

// byIDs reads every row of an id filter in one query: the total is what was found, so it
// needs no count (a page of records that loads refer to, see tms.Lookup).
func (tb *table[T, P]) byIDs(ctx context.Context, db *DB, w where) (tms.Page[T], error) {
	items, err := tb.all(ctx, db, w, " ORDER BY id")
	return tms.Page[T]{Items: items, Total: len(items), Limit: len(items)}, err
}

// page reads one page of the rows matching w and their total, sorted by p.Sort (defaultSort
// when the client named none).
func (tb *table[T, P]) page(ctx context.Context, db *DB, w where, p tms.PageRequest, defaultSort string) (tms.Page[T], error) {
	p = p.Normalize()
	page := tms.Page[T]{Limit: p.Limit, Offset: p.Offset, Items: []T{}}
	order, err := orderBy(cmp.Or(p.Sort, defaultSort), tb.sorts)
	if err != nil {
		return page, err
	}
	items, err := tb.all(ctx, db, w, order+" LIMIT ? OFFSET ?", p.Limit, p.Offset)
	if err != nil {
		return page, err
	}
	page.Items = items
	return page, db.countUnlessShown(ctx, tb.name, w, p, len(items), &page.Total)
}

func (tb *table[T, P]) filter(db *DB, f tms.MasterFilter) (where, error) {
	w := where{}
	if f.Text != "" {
		conds := make([]string, len(tb.text))
		for i, c := range tb.text {
			conds[i] = c + " " + db.dialect.Like + " ?"
			w.args = append(w.args, "%"+escapeLike(f.Text)+"%")
		}
		w.conds = append(w.conds, "("+strings.Join(conds, " OR ")+")")
	}
	if len(f.IDs) > 0 {
		w.add("id IN ("+placeholders(len(f.IDs))+")", anySlice(f.IDs)...)
	}
	switch {
	case f.Status == "":
	case tb.status == "active":
		if f.Status != "active" && f.Status != "inactive" {
			return w, tms.Errorf(tms.CodeInvalid, "status must be active or inactive")
		}
		w.add("active = ?", f.Status == "active")
	default:
		w.add(tb.status+" = ?", f.Status)
	}
	return w, nil
}

// escapeLike makes user text match literally inside LIKE (backslash is the default escape in
// PostgreSQL; SQLite needs it named, so we avoid special characters instead).
func escapeLike(s string) string {
	return strings.NewReplacer("%", "", "_", "", `\`, "").Replace(s)
}

// orderBy turns "name" or "-name" into an ORDER BY over an allowed column, id breaking ties.
func orderBy(sort string, allowed map[string]string) (string, error) {
	if sort == "" {
		sort = "id"
	}
	desc := strings.HasPrefix(sort, "-")
	col, ok := allowed[strings.TrimPrefix(sort, "-")]
	if strings.TrimPrefix(sort, "-") == "id" {
		col, ok = "id", true
	}
	if !ok {
		return "", &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: map[string]string{"sort": "cannot sort by " + sort}}
	}
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	return " ORDER BY " + col + dir + ", id" + dir, nil
}

// anySlice turns ids into query arguments.
func anySlice(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// jsonField stores a Go value as a JSON column (jsonb in PostgreSQL, text in SQLite).
type jsonField struct{ ptr any }

// JSON wraps a pointer so it is written and read as JSON.
func JSON(ptr any) jsonField { return jsonField{ptr} }

func (j jsonField) Value() (driver.Value, error) {
	b, err := json.Marshal(j.ptr)
	if err != nil {
		return nil, fmt.Errorf("json column: %w", err)
	}
	return string(b), nil
}

func (j jsonField) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		return nil
	case string:
		return json.Unmarshal([]byte(v), j.ptr)
	case []byte:
		return json.Unmarshal(v, j.ptr)
	}
	return errors.New("json column: unexpected type")
}

var _ sql.Scanner = jsonField{}
