package catalog_test

import (
	"strings"
	"testing"

	"github.com/pitgate/pitgate/catalog"
)

// TestArrayAny: x = ANY(array) and x <> ALL(array) answer as in
// PostgreSQL, NULLs included, and work in an outer join's ON, where DuckDB
// refuses its own reading of them (a subquery). SQLAlchemy's get_indexes
// joins pg_attribute ON a.attnum = ANY(ix.indkey).
func TestArrayAny(t *testing.T) {
	c := demoCatalog(t)
	cases := []answer{
		{"SELECT 2 = ANY(ARRAY[1, 2]) FROM pg_database", "t"},
		{"SELECT 3 = ANY(ARRAY[1, 2]) FROM pg_database", "f"},
		{"SELECT 3 = ANY(ARRAY[1, NULL]) FROM pg_database", "NULL"},
		{"SELECT 1 = ANY(ARRAY[1, NULL]) FROM pg_database", "t"},
		{"SELECT NULL::int = ANY(ARRAY[1]) FROM pg_database", "NULL"},
		{"SELECT NULL::int = ANY(ARRAY[]::int[]) FROM pg_database", "f"},
		{"SELECT 1 = ANY(NULL::int[]) FROM pg_database", "NULL"},
		{"SELECT 3 <> ALL(ARRAY[1, 2]) FROM pg_database", "t"},
		{"SELECT 2 != ALL(ARRAY[1, 2]) FROM pg_database", "f"},
		{"SELECT 3 <> ALL(ARRAY[1, NULL]) FROM pg_database", "NULL"},
		{"SELECT 'public' = ANY(current_schemas(true)) FROM pg_database", "t"},
		{`SELECT n.nspname, c.relname FROM pg_namespace n
		  LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = ANY(ARRAY['driver_stats'])
		  WHERE n.nspname IN ('public', 'online') ORDER BY 1`, "online NULL, public driver_stats"},
		{`SELECT p.proname, string_agg(ty.typname, ',' ORDER BY ty.typname) FROM pg_proc p
		  LEFT JOIN pg_type ty ON ty.oid = ANY(p.proargtypes)
		  WHERE p.proname IN ('format_type', 'version') GROUP BY 1 ORDER BY 1`, "format_type int4,oid, version NULL"},
	}
	checkAnswers(t, c, cases)
}

// TestTableOID: a catalog relation's tableoid is its pg_class OID, as
// psql's \dL and \dd read it to join pg_description.
func TestTableOID(t *testing.T) {
	c := demoCatalog(t)
	cases := []answer{
		{"SELECT l.tableoid, l.tableoid::regclass FROM pg_catalog.pg_language l WHERE l.lanname = 'sql'", "2612 pg_language"},
		{"SELECT tableoid FROM pg_namespace WHERE nspname = 'features'", "2615"},
		{`SELECT DISTINCT d.classoid = c.tableoid FROM pg_class c JOIN pg_description d ON d.objoid = c.oid AND d.classoid = c.tableoid
		  WHERE c.relname = 'driver_hourly_stats'`, "t"},
		{`SELECT tt.name, tt.tableoid FROM (SELECT n.nspname AS name, n.tableoid AS tableoid FROM pg_namespace n WHERE n.nspname = 'online'
		  UNION ALL SELECT r.rolname, r.tableoid FROM pg_authid r WHERE r.rolname = 'pitgate') tt ORDER BY 1`, "online 2615, pitgate 1260"},
	}
	checkAnswers(t, c, cases)
}

// answer is a query planned as the gateway plans it and its rows, cells
// joined by spaces and rows by ", ".
type answer struct{ sql, want string }

func checkAnswers(t *testing.T, c *catalog.Catalog, cases []answer) {
	t.Helper()
	for _, tc := range cases {
		_, rows, err := runCatalogQuery(t, c, tc.sql)
		if err != nil {
			t.Errorf("%s: %v", tc.sql, err)
			continue
		}
		var got []string
		for _, r := range rows {
			got = append(got, strings.Join(r, " "))
		}
		if strings.Join(got, ", ") != tc.want {
			t.Errorf("%s = %q, want %q", tc.sql, strings.Join(got, ", "), tc.want)
		}
	}
}

// TestArrayRemoveAndEncoding: the functions psql's \sv and \dO call.
func TestArrayRemoveAndEncoding(t *testing.T) {
	checkAnswers(t, demoCatalog(t), []answer{
		{"SELECT array_remove(ARRAY['a', 'b', 'a'], 'a') FROM pg_database", "{b}"},
		{"SELECT array_remove(ARRAY[1, NULL, 2], NULL) FROM pg_database", "{1,2}"},
		{"SELECT array_remove(NULL::text[], 'a') IS NULL FROM pg_database", "t"},
		{"SELECT pg_catalog.array_remove(pg_catalog.array_remove(c.reloptions, 'check_option=local'), 'check_option=cascaded') IS NULL FROM pg_class c WHERE c.relname = 'driver_stats'", "t"},
		{"SELECT pg_catalog.getdatabaseencoding()", "UTF8"},
		{"SELECT pg_catalog.pg_char_to_encoding(pg_catalog.getdatabaseencoding())", "6"},
	})
}
