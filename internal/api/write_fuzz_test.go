package api_test

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/api"
	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/testenv"
)

// TestWriteEndpointsRefuseHostileBodies sends every JSON write operation of the route table,
// as an admin, bodies of the wrong shape: null, {}, arrays, unknown fields, invalid UTF-8,
// and for each field a wrong type, a NUL, a 100k string, int64 max, 1e20 and 1e308. No answer
// may be a 5xx, and a refused request may change no row of any table.
func TestWriteEndpointsRefuseHostileBodies(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			w := newAuthzWorld(t, store)
			admin := w.people[len(w.people)-2].client // the admin session
			db := store.(interface{ Writer() *sql.DB }).Writer()
			before := digest(t, db)
			sent := 0
			for _, rt := range (&api.API{Store: w.srv.App.Store}).Routes() {
				method, pattern, _ := strings.Cut(rt.Pattern, " ")
				if rt.Doc.In == nil || rt.Doc.Upload != "" || method == http.MethodGet || strings.HasSuffix(pattern, "/auth/login") {
					continue
				}
				path, _ := w.path(pattern)
				for _, body := range hostileBodies(reflect.TypeOf(rt.Doc.In)) {
					got := sendRaw(t, admin, method, path, body)
					sent++
					if got >= 500 {
						t.Errorf("%s %s %q: status %d", method, path, clip(body), got)
					}
					after := digest(t, db)
					if got >= 400 && after != before {
						t.Errorf("%s %s %q: refused with %d but changed the tables", method, path, clip(body), got)
					}
					before = after
				}
			}
			t.Logf("%d hostile requests", sent)
		})
	}
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}

// hostileBodies are the shapes refused for any body, then per field of the request type.
func hostileBodies(t reflect.Type) []string {
	bodies := []string{"null", "{}", "[]", `"text"`, `{"no_such_field":1}`, "{\"name\":\"\xff\xfe\"}", "{\"name\":\"a\x00b\"}", `{`}
	huge := strings.Repeat("x", 100_000)
	for _, name := range fieldNames(t) {
		for _, v := range []string{`"a\u0000b"`, `"` + huge + `"`, "9223372036854775807", "1e20", "1e308", "-1e308", `{"a":[]}`, `[1,2]`, "true"} {
			bodies = append(bodies, fmt.Sprintf(`{%q:%s}`, name, v))
		}
	}
	return bodies
}

// fieldNames lists the JSON names of a struct's fields, embedded ones flattened.
func fieldNames(t reflect.Type) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var names []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-" || !f.IsExported():
		case f.Anonymous && name == "":
			names = append(names, fieldNames(f.Type)...)
		case name == "":
			names = append(names, f.Name)
		default:
			names = append(names, name)
		}
	}
	return names
}

func sendRaw(t *testing.T, c *apitest.Client, method, path, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, c.Base()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = c.Header.Clone()
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// volatile tables change with any request (sessions, token use) or are the migrations' own.
var volatile = []string{"sessions", "api_tokens", "goose_db_version", "idempotency_keys", "spatial_ref_sys"}

// digest hashes every row of every table but the volatile ones.
func digest(t *testing.T, db *sql.DB) string {
	t.Helper()
	tables := queryStrings(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
		`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`)
	h := sha256.New()
	for _, table := range tables {
		if slices.Contains(volatile, table) {
			continue
		}
		rows := testenv.QueryRows(t, db, `SELECT * FROM `+table)
		slices.Sort(rows)
		fmt.Fprintln(h, table, rows)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func queryStrings(t *testing.T, db *sql.DB, sqlite, postgres string) []string {
	rows, err := db.Query(sqlite)
	if err != nil {
		rows, err = db.Query(postgres)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}
