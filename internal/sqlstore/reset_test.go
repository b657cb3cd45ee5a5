package sqlstore_test

import (
	"database/sql"
	"slices"
	"testing"

	"github.com/anditms/tms/internal/sqlstore"
	"github.com/anditms/tms/internal/testenv"
)

// keptTables survive RemoveBusinessData: accounts (admins stay), the audit log, the schema's
// own rows and number sequences, the webhook subscriptions an admin set up, the data version
// (it only rises) and the engines' bookkeeping.
var keptTables = []string{"webhook_subscriptions", "users", "api_tokens", "sessions", "audit_log", "accessorials", "counters", "data_version", "goose_db_version"}

// TestEveryTableIsResetOrKept fails when a migration adds a table that RemoveBusinessData
// neither empties nor deliberately keeps: demo removal would leave its rows behind (or fail on
// a foreign key).
func TestEveryTableIsResetOrKept(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			s := f.Open(t)
			reset := sqlstore.BusinessTables()
			for _, name := range tableNames(t, s.(interface{ Reader() *sql.DB }).Reader(), tableListSQL[f.Name]) {
				if !slices.Contains(reset, name) && !slices.Contains(keptTables, name) {
					t.Errorf("table %s is neither emptied by RemoveBusinessData (businessTables) nor kept", name)
				}
			}
		})
	}
}

// tableListSQL lists the application's tables per engine (not SQLite's internal or R*Tree
// shadow tables, not PostGIS's or the position partitions).
var tableListSQL = map[string]string{
	"sqlite": `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'latest_rtree%'`,
	"postgres": `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
}
