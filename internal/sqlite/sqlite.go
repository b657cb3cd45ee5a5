// Package sqlite is the embedded store: one SQLite file (modernc.org/sqlite, pure Go), tuned
// in one place, with its own numbered migrations. The queries live in internal/sqlstore.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/anditms/tms/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations are this backend's numbered migration files.
func Migrations() fs.FS {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return sub
}

// Store is the SQLite implementation of tms.Store.
type Store struct {
	*sqlstore.DB
	path string
}

// Dialect describes SQLite to the shared queries.
var Dialect = sqlstore.Dialect{
	Name:                "sqlite",
	Like:                "LIKE",
	UniqueViolation:     hasCode(sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY),
	ForeignKeyViolation: hasCode(sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY),
	PrepareReads:        true, // modernc.org/sqlite parses every unprepared statement anew
}

func hasCode(codes ...int) func(error) bool {
	return func(err error) bool {
		var se *sqlite.Error
		if !errors.As(err, &se) {
			return false
		}
		for _, c := range codes {
			if se.Code() == c {
				return true
			}
		}
		return false
	}
}

// dsn sets every pragma in one place: WAL so readers never block the writer, foreign keys on,
// a busy timeout instead of SQLITE_BUSY, NORMAL sync (safe with WAL), IMMEDIATE write transactions.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + uriPath.Replace(path) + "?" + q.Encode()
}

// uriPath escapes what a file: URI would otherwise read as its query or fragment: a "#" in a
// path (test temp dirs of subtests named "x#01") must not cut it short onto another file.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// Open opens (creating if needed) the database at path with one writer and a read pool, and
// applies pending migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	write, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	read.SetMaxOpenConns(max(4, runtime.NumCPU()))
	s := &Store{DB: sqlstore.New(write, read, Dialect), path: path}
	s.Spatial = spatial{}
	return s, nil
}

// Migrator returns the migration runner for this database.
func (s *Store) Migrator() (*sqlstore.Migrator, error) {
	return sqlstore.NewMigrator(s.Writer(), goose.DialectSQLite3, Migrations())
}

// Backup writes a consistent copy of the live database to dest (VACUUM INTO), which must not exist.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup: %s already exists", dest)
	}
	if _, err := s.Writer().ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
