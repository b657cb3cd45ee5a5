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
	prepare bool
	stmts   sync.Map // query text -> *sql.Stmt
	n       atomic.Int32
}

// QueryContext runs query through its prepared statement when there is one.
func (p *readPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := p.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query through its prepared statement when there is one.
func (p *readPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := p.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.DB.QueryRowContext(ctx, query, args...)
}

// stmt returns query's prepared statement, preparing it on first use; nil runs the query
// unprepared (not asked for, over the bound, or the prepare failed: running it reports why).
func (p *readPool) stmt(ctx context.Context, query string) *sql.Stmt {
	if !p.prepare {
		return nil
	}
	if st, ok := p.stmts.Load(query); ok {
		return st.(*sql.Stmt)
	}
	if p.n.Load() >= maxPreparedReads {
		return nil
	}
	st, err := p.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if prev, loaded := p.stmts.LoadOrStore(query, st); loaded { // another request prepared it meanwhile
		st.Close()
		return prev.(*sql.Stmt)
	}
	p.n.Add(1)
	return st
}

// Close closes the prepared statements and the connections.
func (p *readPool) Close() error {
	var err error
	p.stmts.Range(func(_, st any) bool {
		err = errors.Join(err, st.(*sql.Stmt).Close())
		return true
	})
	return errors.Join(err, p.DB.Close())
}
