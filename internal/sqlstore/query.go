package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// where builds a conjunction of conditions with their arguments.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) addIf(ok bool, cond string, args ...any) {
	if ok {
		w.add(cond, args...)
	}
}

func (w where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// countUnlessShown stores the number of rows of table matching w in total, without asking
// the database when the page read shows it: a page that is not full is the last one (and,
// unless it is empty, not past the end), so the total is its offset plus its rows.
func (db *DB) countUnlessShown(ctx context.Context, table string, w where, p tms.PageRequest, rows int, total *int) error {
	if rows < p.Limit && (rows > 0 || p.Offset == 0) {
		*total = p.Offset + rows
		return nil
	}
	return db.count(ctx, table, w, total)
}

// count stores the number of rows of table matching w in total.
func (db *DB) count(ctx context.Context, table string, w where, total *int) error {
	err := db.read.QueryRowContext(ctx, db.Q("SELECT COUNT(*) FROM "+table+w.sql()), w.args...).Scan(total)
	return db.wrap(err, "count "+table)
}

// nullInt scans a nullable integer.
type nullInt struct{ sql.NullInt64 }

func (n nullInt) ptr() *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

// nullableID stores 0 or nil as NULL.
func nullableID(id *int64) any {
	if id == nil || *id == 0 {
		return nil
	}
	return *id
}
