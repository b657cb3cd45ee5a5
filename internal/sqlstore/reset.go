package sqlstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/anditms/tms/internal/tms"
)

// businessTables are emptied by RemoveBusinessData, each after the tables that refer to it.
// The accessorial catalog stays: its rows come with the schema.
var businessTables = []string{
	"webhook_attempts", "webhook_deliveries", "webhook_events", "webhook_truck_positions",
	"tracking_links", "mail_attempts", "mail_outbox", "edi_files", "edi_tenders", "edi_partners",
	"settlement_loads", "settlements", "payments", "invoice_loads", "invoices", "charge_reviews",
	"documents", "unjudged_fixes", "geofence_cursors", "latest_positions", "positions", "devices",
	"load_events", "stops", "loads", "rate_defaults", "fuel_schedules", "diesel_prices", "settings",
	"trailers", "trucks", "drivers", "facilities", "customers", "idempotency_keys",
}

// BusinessTables are the tables RemoveBusinessData empties, in the order it empties them.
func BusinessTables() []string { return slices.Clone(businessTables) }

// RemoveBusinessData deletes every business record and every account that is not an admin's,
// with their tokens, in one transaction written to the audit log as one entry. It returns the
// storage keys of the deleted documents: the caller deletes those objects after the commit.
func (db *DB) RemoveBusinessData(ctx context.Context) ([]string, error) {
	var keys []string
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		if keys, err = tx.documentKeys(ctx); err != nil {
			return err
		}
		removed := map[string]int64{}
		if _, err := tx.Exec(ctx, `UPDATE drivers SET user_id = NULL`); err != nil {
			return err
		}
		for _, stmt := range tx.resetStatements() {
			res, err := tx.Exec(ctx, stmt.sql, stmt.args...)
			if err != nil {
				return fmt.Errorf("remove %s: %w", stmt.table, err)
			}
			n, _ := res.RowsAffected()
			removed[stmt.table] += n
		}
		return tx.Audit(ctx, "installation", 0, "remove_business_data", nil, removed)
	})
	return keys, err
}

type resetStatement struct {
	table, sql string
	args       []any
}

// resetStatements empty the business tables, then the non-admin accounts and their tokens;
// admins' references to deleted rows (reviews they made, documents they uploaded) go with the rows.
func (tx *Tx) resetStatements() []resetStatement {
	var out []resetStatement
	for _, t := range businessTables {
		out = append(out, resetStatement{table: t, sql: "DELETE FROM " + t})
	}
	return append(out,
		resetStatement{"api_tokens", `DELETE FROM api_tokens WHERE user_id IN (SELECT id FROM users WHERE role <> ?)`, []any{string(tms.RoleAdmin)}},
		resetStatement{"users", `DELETE FROM users WHERE role <> ?`, []any{string(tms.RoleAdmin)}})
}

func (tx *Tx) documentKeys(ctx context.Context) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT storage_key FROM documents`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}
