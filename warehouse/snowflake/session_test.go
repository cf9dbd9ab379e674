package snowflake

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestSessionSQL holds, in testdata/session.golden, every statement a
// session sends for the temporary tables of a notebook: CREATE TEMPORARY
// TABLE with Snowflake's types (NUMBER for the integers, FLOAT, VARCHAR,
// TIMESTAMP_TZ(6)), CREATE TEMPORARY TABLE AS, INSERT with a column list,
// the batched load, COUNT, TRUNCATE and DROP; names are folded and quoted
// as the dialect prints them. Snowflake cannot be reached from the tests:
// the statements follow its documented syntax (docs/architecture.md).
func TestSessionSQL(t *testing.T) {
	cols := []warehouse.Column{
		{Name: "driver_id", Type: "int8"}, {Name: "order_id", Type: "int4"}, {Name: "ts", Type: "timestamptz"},
		{Name: "label", Type: "float8"}, {Name: "Note", Type: "text"}, {Name: "price", Type: "numeric(12,2)"},
		{Name: "day", Type: "date"}, {Name: "at", Type: "time"}, {Name: "ok", Type: "bool"},
	}
	create, err := tempCreateSQL("orders_df", cols)
	if err != nil {
		t.Fatal(err)
	}
	cast, err := tempCasts(cols[:3])
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{
		create,
		tempCreateAsSQL("Entity Rows", `SELECT "DRIVER_ID", "TS" FROM "ORDERS_DF"`),
		tempInsertSQL("orders_df", []string{"driver_id", "ts"}, `SELECT 1001, '2024-01-01 00:00:00+00'::TIMESTAMP_TZ`),
		tempInsertSQL("orders_df", nil, `SELECT * FROM "ORDERS_DF"`),
		insertSQL([]string{"orders_df"}, cast, 2),
		countSQL("orders_df"),
		"TRUNCATE TABLE " + tableName([]string{"orders_df"}),
		"DROP TABLE " + tableName([]string{`we"ird`}),
	}
	golden(t, "session.golden", strings.Join(stmts, ";\n")+";\n")
	for _, bad := range []warehouse.Column{{Name: "i", Type: "interval"}, {Name: "a", Type: "int8[]"}, {Name: "p", Type: "numeric(x)"}} {
		if _, err := tempCreateSQL("t", []warehouse.Column{bad}); sqlerr.Code(err) == "" {
			t.Errorf("%s column: %v, want a SQLSTATE error", bad.Type, err)
		}
	}
	if _, err := tempCreateSQL("t", nil); sqlerr.Code(err) != sqlerr.FeatureNotSupported {
		t.Errorf("no columns: %v", err)
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Fatalf("%s differs (run with -update and review the diff):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
