package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
)

// maxPreparedReads bounds the statements a readPool keeps: queries with id lists of every
// length are distinct texts, and past the bound they simply run unprepared.
const maxPreparedReads = 256

// readPool is the read connections. Where the dialect asks (PrepareReads) it keeps each
// query's prepared statement: SQLite's driver parses every statement it is not handed
// prepared, and parsing took about a tenth of the CPU of the API's reads (docs/benchmarks.md,
// issue 16 second pass). A prepared statement reads the database as it is when it runs, like
// any other: nothing but the parse is kept.
type readPool struct {
	*sql.DB
	kept stmtCache
}

func newReadPool(db *sql.DB, prepare bool) *readPool {
	return &readPool{DB: db, kept: stmtCache{db: db, prepare: prepare}}
}

// QueryContext runs query through its prepared statement when there is one.
func (p *readPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := p.kept.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query through its prepared statement when there is one.
func (p *readPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := p.kept.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.DB.QueryRowContext(ctx, query, args...)
}

// Close closes the prepared statements and the connections.
func (p *readPool) Close() error {
	return errors.Join(p.kept.close(), p.DB.Close())
}

// stmtCache keeps the prepared statements of one pool, by query text, up to maxPreparedReads.
type stmtCache struct {
	db      *sql.DB
	prepare bool
	stmts   sync.Map // query text -> *sql.Stmt
	n       atomic.Int32
}

// kept returns query's prepared statement if it is kept, else nil.
func (c *stmtCache) kept(query string) *sql.Stmt {
	if st, ok := c.stmts.Load(query); ok {
		return st.(*sql.Stmt)
	}
	return nil
}

// stmt returns query's prepared statement, preparing it on first use; nil runs the query
// unprepared (not asked for, over the bound, or the prepare failed: running it reports why).
func (c *stmtCache) stmt(ctx context.Context, query string) *sql.Stmt {
	if !c.prepare {
		return nil
	}
	if st := c.kept(query); st != nil {
		return st
	}
	if c.n.Load() >= maxPreparedReads {
		return nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if prev, loaded := c.stmts.LoadOrStore(query, st); loaded { // another request prepared it meanwhile
		st.Close()
		return prev.(*sql.Stmt)
	}
	c.n.Add(1)
	return st
}

// close closes the kept statements.
func (c *stmtCache) close() error {
	var err error
	c.stmts.Range(func(_, st any) bool {
		err = errors.Join(err, st.(*sql.Stmt).Close())
		return true
	})
	return err
}
