// Package sqlstore implements tms.Store once, over database/sql, for both SQL backends.
// internal/sqlite and internal/postgres open the connections, carry their own migrations and
// supply a Dialect; the queries here are written in the SQL both engines share, with `?`
// placeholders rebound for PostgreSQL. Engine-specific queries (PostGIS, R*Tree) live in the
// backend packages behind small hooks, so the rules are written once and tested on both.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Dialect is what differs between the engines at the SQL level.
type Dialect struct {
	Name string // "sqlite" or "postgres"
	// Numbered placeholders ($1) instead of ?.
	Numbered bool
	// Like is the case-insensitive LIKE operator.
	Like string
	// ForUpdate is appended to a SELECT that precedes an update in the same transaction.
	ForUpdate string
	// SkipLocked follows ForUpdate where a locked row is skipped instead of waited for.
	SkipLocked string
	// UniqueViolation reports whether err is a unique-constraint failure.
	UniqueViolation func(error) bool
	// ForeignKeyViolation reports whether err is a foreign-key failure.
	ForeignKeyViolation func(error) bool
	// PrepareReads keeps the reads' prepared statements (see readPool), for a driver that
	// does not cache them itself.
	PrepareReads bool
}

// DB is the shared store. Writes go through write (one connection on SQLite), reads through read.
type DB struct {
	write      *sql.DB
	read       *readPool
	kept       *stmtCache // the write connection's statements of fixed text (see keep)
	keepIngest sync.Once  // prepares the ingest's statements, on its first commit
	dialect    Dialect
	now        func() time.Time
	// Spatial answers the tracking queries each engine does its own way; set by the backend.
	Spatial Spatial
	rebound sync.Map // query text -> rebound text
	cache   *readCache
}

// New builds a store over open connections. read may equal write.
func New(write, read *sql.DB, d Dialect) *DB {
	return &DB{write: write, read: newReadPool(read, d.PrepareReads), kept: &stmtCache{db: write, prepare: d.PrepareReads}, dialect: d, now: time.Now, cache: newReadCache()}
}

// SetClock replaces the clock (tests only).
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// Dialect returns the engine's dialect.
func (db *DB) Dialect() Dialect { return db.dialect }

// Writer and Reader expose the pools for backend-specific queries and metrics.
func (db *DB) Writer() *sql.DB { return db.write }

// Reader is the read pool.
func (db *DB) Reader() *sql.DB { return db.read.DB }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Close closes both pools.
func (db *DB) Close() error {
	err := errors.Join(db.kept.close(), db.write.Close())
	if db.read.DB != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Q rebinds `?` placeholders for the engine.
func (db *DB) Q(query string) string {
	if !db.dialect.Numbered {
		return query
	}
	if q, ok := db.rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	db.rebound.Store(query, b.String())
	return b.String()
}

// queryer is what reads need from a pool or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Tx is one write transaction with the actor and the time of the change.
type Tx struct {
	db    *DB
	tx    *sql.Tx
	Actor tms.Actor
	Now   time.Time
}

// InTx runs fn in a write transaction and commits when fn returns nil.
func (db *DB) InTx(ctx context.Context, fn func(*Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.wrap(err, "begin")
	}
	tx := &Tx{db: db, tx: sqlTx, Actor: tms.ActorFrom(ctx), Now: UTC(db.now())}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	err = sqlTx.Commit()
	db.forgetPinnedVersion(ctx) // the request reads what it wrote (or may have, when the commit failed)
	return db.wrap(err, "commit")
}

// Exec runs a statement in the transaction.
func (tx *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := tx.tx.ExecContext(ctx, tx.db.Q(query), args...)
	return res, tx.db.wrap(err, "exec")
}

// QueryRow runs a query expected to return one row.
func (tx *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.db.Q(query), args...)
}

// Query runs a query in the transaction.
func (tx *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := tx.tx.QueryContext(ctx, tx.db.Q(query), args...)
	return rows, tx.db.wrap(err, "query")
}

// keep prepares statements of fixed text on the write connection, outside any transaction
// (SQLite's one write connection is busy inside one), where the dialect asks: the ingest runs
// the same few statements thousands of times a second, and SQLite's driver would parse each
// anew. keptExec and keptQuery run them.
func (db *DB) keep(ctx context.Context, queries ...string) {
	for _, q := range queries {
		db.kept.stmt(ctx, db.Q(q))
	}
}

// keptExec runs query through its kept statement, or unprepared when it is not kept.
func (tx *Tx) keptExec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := tx.db.kept.kept(tx.db.Q(query)); st != nil {
		res, err := tx.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
		return res, tx.db.wrap(err, "exec")
	}
	return tx.Exec(ctx, query, args...)
}

// keptQuery is keptExec for a statement that returns rows.
func (tx *Tx) keptQuery(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := tx.db.kept.kept(tx.db.Q(query)); st != nil {
		rows, err := tx.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
		return rows, tx.db.wrap(err, "query")
	}
	return tx.Query(ctx, query, args...)
}

// Raw exposes the transaction for backend-specific statements.
func (tx *Tx) Raw() *sql.Tx { return tx.tx }

// InsertID runs an INSERT ... RETURNING id and returns the id.
func (tx *Tx) InsertID(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, tx.db.wrap(err, "insert")
}

// wrap turns driver errors into application errors where they mean something to the user.
func (db *DB) wrap(err error, op string) error {
	switch {
	case err == nil:
		return nil
	case errors.As(err, new(*tms.Error)):
		return err
	case db.dialect.UniqueViolation(err):
		return &tms.Error{Code: tms.CodeConflict, Message: "a record with the same unique value exists", Err: err}
	case db.dialect.ForeignKeyViolation(err):
		return &tms.Error{Code: tms.CodeInvalid, Message: "a referenced record does not exist or is still in use", Err: err}
	}
	return fmt.Errorf("%s %s: %w", db.dialect.Name, op, err)
}

// notFound maps sql.ErrNoRows to a not-found error for entity id.
func (db *DB) notFound(err error, entity string, id any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return tms.NotFound(entity, id)
	}
	return db.wrap(err, "get "+entity)
}

// UTC normalises a time for storage: UTC, microsecond precision (what PostgreSQL keeps).
func UTC(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// nullTime converts an optional time for storage.
func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return UTC(*t)
}

// timePtr converts a scanned nullable time.
func timePtr(n sql.NullTime) *time.Time {
	if !n.Valid {
		return nil
	}
	t := n.Time.UTC()
	return &t
}
