package sqlstore_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// cachedReads are the reads that go through the read cache, each returning one field that
// TestCachedReadsSeeEveryWriter changes, so the test reads what a page would show.
var cachedReads = map[string]func(ctx context.Context, s tms.Store, load, customer int64) (string, error){
	"Load": func(ctx context.Context, s tms.Store, id, _ int64) (string, error) {
		l, err := s.Load(ctx, id)
		return l.Commodity + "|" + l.Stops[0].Notes, err
	},
	"ListLoads": func(ctx context.Context, s tms.Store, _, _ int64) (string, error) {
		p, err := s.ListLoads(ctx, tms.LoadFilter{Statuses: []tms.LoadStatus{tms.StatusBooked}})
		if err != nil || len(p.Items) != 1 {
			return "", err
		}
		return p.Items[0].Commodity + "|" + p.Items[0].Stops[0].Notes, nil
	},
	"LoadSummaries": func(ctx context.Context, s tms.Store, _, _ int64) (string, error) {
		ls, err := s.LoadSummaries(ctx, tms.LoadFilter{Statuses: []tms.LoadStatus{tms.StatusBooked}}, true)
		if err != nil || len(ls) != 1 {
			return "", err
		}
		return string(ls[0].EquipmentType) + "|" + ls[0].Stops[0].Notes, nil
	},
	"Customer": func(ctx context.Context, s tms.Store, _, id int64) (string, error) {
		c, err := s.Customer(ctx, id)
		return c.Name, err
	},
	"ListCustomers": func(ctx context.Context, s tms.Store, _, id int64) (string, error) {
		p, err := s.ListCustomers(ctx, tms.MasterFilter{IDs: []int64{id}})
		if err != nil || len(p.Items) != 1 {
			return "", err
		}
		return p.Items[0].Name, nil
	},
}

// TestCachedReadsSeeEveryWriter: an instance that has read a load and a customer (its cache
// warm) sees at once what another instance on the same database changes through the store,
// and what is changed by SQL outside the application (a CLI command, an operator), on both
// engines. Without the data version, the second instance would answer from its cache.
func TestCachedReadsSeeEveryWriter(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			ctx := context.Background()
			stores := f.Instances(t, 2)
			a, b := stores[0], stores[1]
			fx := storetest.NewFixtures(t, a)
			l := fx.Load(fx.MondayMorning)
			if err := a.CreateLoad(ctx, &l); err != nil {
				t.Fatal(err)
			}
			read := func(step string, want map[string]string) {
				t.Helper()
				for name, r := range cachedReads {
					for range 2 { // the second read is answered from the cache
						got, err := r(ctx, b, l.ID, fx.Customer.ID)
						if err != nil || got != want[name] {
							t.Fatalf("%s: %s on the other instance = %q, %v; want %q", step, name, got, err, want[name])
						}
					}
				}
			}
			read("before", map[string]string{"Load": "Canned goods|", "ListLoads": "Canned goods|", "LoadSummaries": "dry_van|",
				"Customer": "Acme Foods", "ListCustomers": "Acme Foods"})

			if _, err := a.UpdateLoad(ctx, l.ID, func(_ tms.LoadTx, l *tms.Load) error {
				l.Commodity, l.Stops[0].Notes = "Frozen peas", "dock 4"
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := a.UpdateCustomer(ctx, fx.Customer.ID, func(c *tms.Customer) error { c.Name = "Acme Foods West"; return nil }); err != nil {
				t.Fatal(err)
			}
			read("after the store's writes", map[string]string{"Load": "Frozen peas|dock 4", "ListLoads": "Frozen peas|dock 4",
				"LoadSummaries": "dry_van|dock 4", "Customer": "Acme Foods West", "ListCustomers": "Acme Foods West"})

			writer := a.(interface{ Writer() *sql.DB }).Writer()
			for _, q := range []string{
				`UPDATE loads SET commodity = 'Ice cream', equipment_type = 'reefer'`,
				`UPDATE stops SET notes = 'door 9'`,
				`UPDATE customers SET name = 'Acme Frozen'`,
			} {
				if _, err := writer.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			read("after SQL by hand", map[string]string{"Load": "Ice cream|door 9", "ListLoads": "Ice cream|door 9",
				"LoadSummaries": "reefer|door 9", "Customer": "Acme Frozen", "ListCustomers": "Acme Frozen"})
		})
	}
}

// TestCachedReadsAreCopies: changing what a read returned (as a handler filling a view may)
// changes nothing the next read returns.
func TestCachedReadsAreCopies(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			ctx := context.Background()
			s := f.Open(t)
			fx := storetest.NewFixtures(t, s)
			l := fx.Load(fx.MondayMorning)
			if err := s.CreateLoad(ctx, &l); err != nil {
				t.Fatal(err)
			}
			for range 2 { // the first answer is the one kept, the second comes from the cache: scribble on both
				got, err := s.Load(ctx, l.ID)
				if err != nil {
					t.Fatal(err)
				}
				got.Stops[0].Notes, got.Charges[0].AmountCents, got.Commodity = "scribbled", 1, "scribbled"
				page, err := s.ListCustomers(ctx, tms.MasterFilter{})
				if err != nil {
					t.Fatal(err)
				}
				page.Items[0].RequiredDocuments[0] = "scribbled"
			}
			for range 2 {
				again, err := s.Load(ctx, l.ID)
				if err != nil || again.Stops[0].Notes != "" || again.Charges[0].AmountCents != 125000 || again.Commodity != "Canned goods" {
					t.Fatalf("the load read again = %+v, %v: a caller's change reached the cache", again, err)
				}
				p, err := s.ListCustomers(ctx, tms.MasterFilter{})
				if err != nil || !slices.Equal(p.Items[0].RequiredDocuments, []string{"pod"}) {
					t.Fatalf("the customers read again = %+v, %v: a caller's change reached the cache", p.Items, err)
				}
			}
		})
	}
}

// unversionedTables raise no data version: they are written per request, per GPS fix or by
// the workers, and no cached read reads them (internal/sqlstore/readcache.go).
var unversionedTables = []string{
	"positions", "latest_positions", "unjudged_fixes", "geofence_cursors", "geofence_states", // every fix, the judge
	"sessions", "api_tokens", "idempotency_keys", "audit_log", "tracking_links", // every request or view
	"mail_outbox", "mail_attempts", "webhook_events", "webhook_deliveries", "webhook_attempts", "webhook_truck_positions", // workers
	"counters", "data_version", "goose_db_version", // numbering (written with a versioned change), the version itself, migrations
}

// TestEveryTableRaisesTheDataVersionOrIsListed fails when a migration adds a table without the
// data version trigger and without saying why here: a cached read of it would go stale.
func TestEveryTableRaisesTheDataVersionOrIsListed(t *testing.T) {
	triggersSQL := map[string]string{
		"sqlite":   `SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE '%_data_version'`,
		"postgres": `SELECT count(*) FROM pg_trigger WHERE tgrelid = $1::regclass AND tgname LIKE '%_data_version'`,
	}
	wantTriggers := map[string]int{"sqlite": 3, "postgres": 1} // SQLite: one per insert, update, delete
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			reader := f.Open(t).(interface{ Reader() *sql.DB }).Reader()
			for _, table := range tableNames(t, reader, tableListSQL[f.Name]) {
				var n int
				if err := reader.QueryRowContext(t.Context(), triggersSQL[f.Name], table).Scan(&n); err != nil {
					t.Fatal(err)
				}
				switch listed := slices.Contains(unversionedTables, table); {
				case listed && n != 0:
					t.Errorf("table %s is listed as unversioned but has %d data version triggers", table, n)
				case !listed && n != wantTriggers[f.Name]:
					t.Errorf("table %s has %d data version triggers, want %d (or list it in unversionedTables, saying why)", table, n, wantTriggers[f.Name])
				}
			}
		})
	}
}

func tableNames(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

// TestPinnedReadsShareOneVersion: a request's pinned reads answer as of its first read (another
// instance's later change waits for the next request), and a change the request commits itself
// is read back at once.
func TestPinnedReadsShareOneVersion(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			stores := f.Instances(t, 2)
			a, b := stores[0], stores[1]
			fx := storetest.NewFixtures(t, a)
			l := fx.Load(fx.MondayMorning)
			if err := a.CreateLoad(t.Context(), &l); err != nil {
				t.Fatal(err)
			}
			request := a.(interface {
				PinDataVersion(context.Context) context.Context
			}).PinDataVersion(t.Context())
			commodity := func(ctx context.Context) string {
				t.Helper()
				got, err := a.Load(ctx, l.ID)
				if err != nil {
					t.Fatal(err)
				}
				return got.Commodity
			}
			if got := commodity(request); got != "Canned goods" {
				t.Fatalf("first read = %q", got)
			}
			setCommodity(t, request, a, l.ID, "Frozen peas") // the request's own change
			if got := commodity(request); got != "Frozen peas" {
				t.Fatalf("after the request's own change it reads %q", got)
			}
			setCommodity(t, t.Context(), b, l.ID, "Ice cream") // another instance, during the request
			if got, now := commodity(request), commodity(t.Context()); got != "Frozen peas" || now != "Ice cream" {
				t.Fatalf("during the request: pinned %q, unpinned %q; want the request's version and the current one", got, now)
			}
		})
	}
}

func setCommodity(t *testing.T, ctx context.Context, s tms.Store, id int64, commodity string) {
	t.Helper()
	if _, err := s.UpdateLoad(ctx, id, func(_ tms.LoadTx, l *tms.Load) error { l.Commodity = commodity; return nil }); err != nil {
		t.Fatal(err)
	}
}
