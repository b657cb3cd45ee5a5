// Package postgres is the production store: PostgreSQL 15 + PostGIS through a pgx v5 pool,
// with its own numbered migrations applied under an advisory lock so several instances can
// start at once. The queries shared with SQLite live in internal/sqlstore.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/anditms/tms/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations are this backend's numbered migration files.
func Migrations() fs.FS {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return sub
}

// Store is the PostgreSQL implementation of tms.Store.
type Store struct {
	*sqlstore.DB
	Pool *pgxpool.Pool
}

// Dialect describes PostgreSQL to the shared queries.
var Dialect = sqlstore.Dialect{
	Name:                "postgres",
	Numbered:            true,
	Like:                "ILIKE",
	ForUpdate:           " FOR UPDATE",
	SkipLocked:          " SKIP LOCKED",
	UniqueViolation:     hasCode("23505"),
	ForeignKeyViolation: hasCode("23503"),
}

func hasCode(code string) func(error) bool {
	return func(err error) bool {
		var pe *pgconn.PgError
		return errors.As(err, &pe) && pe.Code == code
	}
}

// Open connects a pool to url. The URL is never echoed in errors: it holds the password.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, errors.New("postgres: the database URL cannot be parsed")
	}
	cfg.MinConns = 2
	setTimeouts(cfg)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect to %s: %w", cfg.ConnConfig.Host, err)
	}
	db := stdlib.OpenDBFromPool(pool)
	s := &Store{DB: sqlstore.New(db, db, Dialect), Pool: pool}
	s.Spatial = spatial{}
	return s, nil
}

// setTimeouts bounds connecting and, on the server, a statement or an idle transaction, unless
// the URL sets them (connect_timeout, statement_timeout, ...). A request's deadline bounds the wait
// on a connection that stops answering.
func setTimeouts(cfg *pgxpool.Config) {
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 3 * time.Second
	}
	for name, value := range map[string]string{"statement_timeout": "30s", "idle_in_transaction_session_timeout": "60s"} {
		if _, set := cfg.ConnConfig.RuntimeParams[name]; !set {
			cfg.ConnConfig.RuntimeParams[name] = value
		}
	}
}

// Close closes the database/sql handle and the pool under it.
func (s *Store) Close() error {
	err := s.DB.Close()
	s.Pool.Close()
	return err
}

// Migrator returns the migration runner; a session-level advisory lock serialises instances.
func (s *Store) Migrator() (*sqlstore.Migrator, error) {
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return sqlstore.NewMigrator(s.Writer(), goose.DialectPostgres, Migrations(), goose.WithSessionLocker(locker))
}
