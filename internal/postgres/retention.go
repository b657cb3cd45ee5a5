package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/anditms/tms/internal/sqlstore"
)

// retentionLock is the advisory lock key that lets one instance at a time run retention.
const retentionLock = 0x746d735f726574 // "tms_ret"

// PurgePositions creates the partitions of the coming months, drops the monthly partitions
// that end before before and deletes older fixes from the default partition. It holds a
// session advisory lock meanwhile; when another instance holds it, it does nothing.
func (spatial) PurgePositions(ctx context.Context, db *sqlstore.DB, before time.Time) (int64, error) {
	conn, err := db.Writer().Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("postgres: retention: %w", err)
	}
	defer conn.Close()
	var locked bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, retentionLock).Scan(&locked); err != nil || !locked {
		return 0, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, retentionLock)
	if _, err := conn.ExecContext(ctx, `SELECT ensure_position_partitions((now() AT TIME ZONE 'UTC')::date, 3)`); err != nil {
		return 0, fmt.Errorf("postgres: create position partitions: %w", err)
	}
	n, err := dropPartitions(ctx, conn, before)
	if err != nil {
		return n, err
	}
	res, err := conn.ExecContext(ctx, `DELETE FROM positions WHERE fix_time < $1`, before)
	if err != nil {
		return n, fmt.Errorf("postgres: purge positions: %w", err)
	}
	deleted, _ := res.RowsAffected()
	return n + deleted, nil
}

// dropPartitions drops the monthly partitions positions_YYYY_MM that end before before.
func dropPartitions(ctx context.Context, conn *sql.Conn, before time.Time) (int64, error) {
	b := before.UTC()
	cutoff := "positions_" + time.Date(b.Year(), b.Month()-1, 1, 0, 0, 0, 0, time.UTC).Format("2006_01")
	rows, err := conn.QueryContext(ctx, `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
		WHERE i.inhparent = 'positions'::regclass AND c.relname ~ '^positions_[0-9]{4}_[0-9]{2}$' AND c.relname <= $1
		ORDER BY c.relname`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("postgres: list position partitions: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return 0, fmt.Errorf("postgres: list position partitions: %w", err)
		}
		names = append(names, n)
	}
	rows.Close()
	var total int64
	for _, n := range names {
		var c int64
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM `+n).Scan(&c); err != nil {
			return total, fmt.Errorf("postgres: count %s: %w", n, err)
		}
		if _, err := conn.ExecContext(ctx, `DROP TABLE `+n); err != nil {
			return total, fmt.Errorf("postgres: drop %s: %w", n, err)
		}
		total += c
	}
	return total, nil
}
