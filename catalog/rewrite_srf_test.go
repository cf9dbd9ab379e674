package catalog_test

import (
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// TestSetFunctionInSelectList: generate_series in a select list returns
// one row per value, as in PostgreSQL (DuckDB's returns one list), also
// beside other columns and in a subquery joined on the values, the way
// psqlODBC's SQLForeignKeys numbers a key's columns.
func TestSetFunctionInSelectList(t *testing.T) {
	c := demoCatalog(t)
	checkAnswers(t, c, []answer{
		{"SELECT generate_series(1, 3) AS i FROM pg_database", "1, 2, 3"},
		{"SELECT datname, generate_series(2, 3) FROM pg_database ORDER BY 2", "pitgate 2, pitgate 3"},
		{`SELECT r.i, (ARRAY[10, 20, 30])[r.i] FROM (SELECT generate_series(array_lower(ARRAY[7, 8], 1),
		  array_upper(ARRAY[7, 8], 1)) AS i FROM pg_database) r ORDER BY 1`, "1 10, 2 20"},
	})
}

// TestRegprocToOID: 'name'::regproc::oid, psql's \sf lookup, is the
// function's OID (PostgreSQL's: version() is 89), and an unknown name is
// 42883; a regproc literal alone stays the name the catalog compares
// regproc columns with.
func TestRegprocToOID(t *testing.T) {
	c := demoCatalog(t)
	checkAnswers(t, c, []answer{
		{"SELECT 'version'::pg_catalog.regproc::pg_catalog.oid", "89"},
		{"SELECT 'pg_catalog.format_type'::regproc::oid FROM pg_database", "1081"},
		{"SELECT typname FROM pg_type WHERE typinput = 'int4in'::regproc", "int4"},
	})
	_, _, err := runCatalogQuery(t, c, "SELECT 'no_such_function'::pg_catalog.regproc::pg_catalog.oid")
	if sqlerr.Code(err) != "42883" {
		t.Errorf("unknown function: %v (%s), want 42883", err, sqlerr.Code(err))
	}
}
