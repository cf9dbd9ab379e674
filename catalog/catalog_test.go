package catalog_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/pitgate/pitgate/catalog"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
)

var (
	demoOnce sync.Once
	demoCat  *catalog.Catalog
	demoErr  error
)

// demoCatalog is the catalog of the demo registry over the small demo
// warehouse, built once for the package's tests.
func demoCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	demoOnce.Do(func() {
		wh := testenv.Warehouse(&keepAlive{TB: t}, testenv.SmallDemo())
		demoCat, demoErr = catalog.New(context.Background(), testenv.Repo(t), wh.Table)
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoCat
}

// keepAlive lets the shared warehouse outlive the test that built it: the
// catalog has read what it needs from it by then.
type keepAlive struct{ testing.TB }

func (k *keepAlive) Cleanup(func()) {}

// demoSession is a psql session with the gateway's default settings.
func demoSession() catalog.Session {
	return catalog.Session{User: "alice", PID: 4242, Settings: map[string]string{
		"search_path": `"$user", public`, "server_version": "15.8", "server_version_num": "150008",
		"datestyle": "ISO, MDY", "timezone": "UTC", "standard_conforming_strings": "on",
		"client_encoding": "UTF8", "max_identifier_length": "63", "transaction_isolation": "read committed",
	}}
}

// query runs sql on c and returns its rows rendered as text.
func query(t *testing.T, c *catalog.Catalog, sql string) ([]warehouse.Column, [][]string) {
	t.Helper()
	rows, err := c.Query(context.Background(), sql, demoSession())
	if err != nil {
		t.Fatalf("%v\n%s", err, sql)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		vals := rows.Values()
		texts := make([]string, len(vals))
		for i, v := range vals {
			texts[i] = pgText(v)
		}
		out = append(out, texts)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%v\n%s", err, sql)
	}
	return rows.Columns(), out
}

// pgText renders a value as PostgreSQL's text format does.
func pgText(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case bool:
		if x {
			return "t"
		}
		return "f"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			s := pgText(e)
			if e != nil && (s == "" || strings.ContainsAny(s, `{},"\ `) || strings.EqualFold(s, "null")) {
				s = `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
			}
			parts[i] = s
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	return fmt.Sprint(v)
}

func TestFunctions(t *testing.T) {
	c := demoCatalog(t)
	cases := []struct{ sql, want string }{
		{"SELECT pgcat.format_type(1700, 655366)", "numeric(10,2)"},
		{"SELECT pgcat.format_type(1043, 24)", "character varying(20)"},
		{"SELECT pgcat.format_type(1184, NULL)", "timestamp with time zone"},
		{"SELECT pgcat.format_type(1184, 3)", "timestamp(3) with time zone"},
		{"SELECT pgcat.format_type(701, -1)", "double precision"},
		{"SELECT pgcat.format_type(1016, NULL)", "bigint[]"},
		{"SELECT pgcat.format_type(1022, -1)", "double precision[]"},
		{"SELECT pgcat.format_type(18, -1)", `"char"`},
		{"SELECT pgcat.format_type(1042, -1)", "bpchar"},
		{"SELECT pgcat.format_type(1042, NULL)", "character"},
		{"SELECT pgcat.format_type(0, NULL)", "-"},
		{"SELECT pgcat.format_type(99999, NULL)", "???"},
		{"SELECT pgcat.current_schema()", "features"},
		{"SELECT pgcat.current_schemas(true)", "{pg_catalog,features,public}"},
		{"SELECT pgcat.current_schemas(false)", "{features,public}"},
		{"SELECT pgcat.current_user()", "alice"},
		{"SELECT pgcat.current_database()", "pitgate"},
		{"SELECT pgcat.current_setting('DateStyle')", "ISO, MDY"},
		{"SELECT pgcat.current_setting('nope', true)", "NULL"},
		{"SELECT pgcat.quote_ident('select')", `"select"`},
		{"SELECT pgcat.quote_ident('driver_id')", "driver_id"},
		{"SELECT pgcat.quote_ident('Mixed')", `"Mixed"`},
		{"SELECT pgcat.quote_ident('name')", "name"},
		{"SELECT pgcat.pg_size_pretty(0)", "0 bytes"},
		{"SELECT pgcat.pg_size_pretty(10240)", "10 kB"},
		{"SELECT pgcat.pg_size_pretty(123456789)", "118 MB"},
		{"SELECT pgcat.pg_encoding_to_char(6)", "UTF8"},
		{"SELECT pgcat.array_to_string([1, NULL, 3], ',')", "1,3"},
		{"SELECT pgcat.array_upper(CAST([] AS INTEGER[]), 1)", "NULL"},
		{"SELECT pgcat.pg_get_userbyid(10)", "pitgate"},
		{"SELECT pgcat.pg_backend_pid()", "4242"},
		{"SELECT pgcat.regclass_out(pgcat.regclass_in('features', 'driver_hourly_stats'))", "driver_hourly_stats"},
		{"SELECT pgcat.regclass_out(pgcat.regclass_in('online', 'driver_hourly_stats'))", "online.driver_hourly_stats"},
		{"SELECT pgcat.regclass_out(pgcat.regclass_in('', 'pg_class'))", "pg_class"},
		{"SELECT pgcat.regclass_out(1259)", "pg_class"},
		{"SELECT pgcat.regtype_out(pgcat.regtype_in('', 'int4', false))", "integer"},
		{"SELECT pgcat.regtype_out(pgcat.regtype_in('', 'float8', true))", "double precision[]"},
		{"SELECT pgcat.to_regtype('integer')", "23"},
		{"SELECT count(*) > 400 FROM pgcat.pg_get_keywords()", "t"},
		{"SELECT (pginfo._pg_expandarray([7, 8])).n", "1"},
	}
	for _, tc := range cases {
		_, rows := query(t, c, tc.sql)
		if len(rows) == 0 || rows[0][0] != tc.want {
			t.Errorf("%s = %v, want %s", tc.sql, rows, tc.want)
		}
	}
}

// TestPlannerFunctionsExist: every function the planner's rewrite may call
// is a macro of the catalog engine.
func TestPlannerFunctionsExist(t *testing.T) {
	c := demoCatalog(t)
	_, rows := query(t, c, "SELECT DISTINCT schema_name || '.' || function_name FROM duckdb_functions() WHERE schema_name IN ('pgcat', 'pginfo')")
	have := map[string]bool{}
	for _, r := range rows {
		have[r[0]] = true
	}
	for _, name := range planner.CatalogFunctions() {
		if !have[name] {
			t.Errorf("the planner calls %s, which the catalog does not define", name)
		}
	}
}
