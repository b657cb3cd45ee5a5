// Package testenv opens the real backends for tests: a fresh SQLite file, a fresh PostgreSQL
// schema, Redis. A backend whose TMS_TEST_* variable is unset is skipped locally and fails
// the run under CI=true, so a CI run can never pass without exercising it.
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/anditms/tms/internal/postgres"
	"github.com/anditms/tms/internal/sqlite"
	"github.com/anditms/tms/internal/sqlstore"
	"github.com/anditms/tms/internal/tms"
)

// Backend is a store under test with the migrator that built it.
type Backend interface {
	tms.Store
	Migrator() (*sqlstore.Migrator, error)
}

// Factory opens a fresh, migrated store for one test; Instances opens n stores on one fresh
// database, each with its own connections and read cache, as n processes would have.
type Factory struct {
	Name      string
	Open      func(t testing.TB) Backend
	Instances func(t testing.TB, n int) []Backend
}

// Factories returns SQLite and, when configured, PostgreSQL.
func Factories(t testing.TB) []Factory {
	fs := []Factory{{"sqlite", func(t testing.TB) Backend { return SQLite(t) }, func(t testing.TB, n int) []Backend {
		return backends(SQLiteInstances(t, n))
	}}}
	if Require(t, "TMS_TEST_POSTGRES_URL") != "" {
		fs = append(fs, Factory{"postgres", func(t testing.TB) Backend { return Postgres(t) }, func(t testing.TB, n int) []Backend {
			return backends(PostgresInstances(t, n))
		}})
	}
	return fs
}

func backends[S Backend](stores []S) []Backend {
	out := make([]Backend, len(stores))
	for i, s := range stores {
		out[i] = s
	}
	return out
}

// Require returns the variable's value; when it is empty it fails under CI and returns "" otherwise.
func Require(t testing.TB, name string) string {
	v := os.Getenv(name)
	if v == "" && os.Getenv("CI") == "true" {
		t.Fatalf("%s must be set when CI=true (see .ci/run)", name)
	}
	return v
}

// SQLite opens a migrated database in a temporary directory.
func SQLite(t testing.TB) *sqlite.Store {
	t.Helper()
	return SQLiteInstances(t, 1)[0]
}

// SQLiteInstances opens n stores on one migrated database file in a temporary directory, as
// the server and a CLI command running beside it would.
func SQLiteInstances(t testing.TB, n int) []*sqlite.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tms.db")
	return instances(t, n, func(ctx context.Context) (*sqlite.Store, error) { return sqlite.Open(ctx, path) })
}

// instances opens n stores with open, closed after the test, and migrates the database once.
func instances[S Backend](t testing.TB, n int, open func(context.Context) (S, error)) []S {
	t.Helper()
	stores := make([]S, n)
	for i := range stores {
		s, err := open(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[i] = s
	}
	migrate(t, stores[0])
	return stores
}

// Postgres opens a migrated store in a fresh schema of TMS_TEST_POSTGRES_URL, dropped after the test.
func Postgres(t testing.TB) *postgres.Store {
	t.Helper()
	return PostgresInstances(t, 1)[0]
}

// PostgresInstances opens n stores, each with its own connection pools as n servers would
// have, on one fresh migrated schema of TMS_TEST_POSTGRES_URL, dropped after the test.
func PostgresInstances(t testing.TB, n int) []*postgres.Store {
	t.Helper()
	url := PostgresURL(t)
	return instances(t, n, func(ctx context.Context) (*postgres.Store, error) { return postgres.Open(ctx, url) })
}

// PostgresURL creates a fresh, empty schema of TMS_TEST_POSTGRES_URL, dropped after the test,
// and returns the URL that selects it.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := Require(t, "TMS_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("TMS_TEST_POSTGRES_URL not set")
	}
	schema := "t_" + randomHex(6)
	admin := adminConn(t, base)
	exec(t, admin, "CREATE EXTENSION IF NOT EXISTS postgis")
	exec(t, admin, "CREATE EXTENSION IF NOT EXISTS pg_trgm") // in public, like PostGIS: a test schema's drop must not take it along
	exec(t, admin, "CREATE SCHEMA "+schema)
	t.Cleanup(func() {
		exec(t, admin, "DROP SCHEMA "+schema+" CASCADE")
		admin.Close(context.Background())
	})
	return WithSearchPath(base, schema)
}

// WithSearchPath returns base with a search_path of schema then public (where PostGIS lives).
func WithSearchPath(base, schema string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}

func adminConn(t testing.TB, url string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatalf("connect to TMS_TEST_POSTGRES_URL: %v", err)
	}
	return c
}

func exec(t testing.TB, c *pgx.Conn, sql string) {
	t.Helper()
	if _, err := c.Exec(context.Background(), sql); err != nil {
		t.Errorf("%s: %v", sql, err)
	}
}

func migrate(t testing.TB, b Backend) {
	t.Helper()
	m, err := b.Migrator()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// RedisAddr returns host:port of a redis:// URL.
func RedisAddr(t testing.TB, raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		t.Fatalf("TMS_TEST_REDIS_URL %q is not a redis:// URL", raw)
	}
	return u.Host
}
