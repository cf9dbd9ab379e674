package snowflake

import (
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// TestUploadSQL: an upload table is TEMPORARY (it lives in the session
// that made it, which the scope holds for the query), typed as Load types
// columns, filled by Load's INSERT, and dropped by name. Snowflake cannot
// be reached from the tests: what runs there is untested
// (docs/architecture.md).
func TestUploadSQL(t *testing.T) {
	cols := []warehouse.Column{{Name: "driver_id", Type: "int4"}, {Name: "ts", Type: "timestamptz"}, {Name: "tag", Type: "text"}}
	table := []string{"pitgate_upload_00ff"}
	ddl, cast, err := uploadDDL(table, cols)
	if err != nil {
		t.Fatal(err)
	}
	want := `CREATE TEMPORARY TABLE "PITGATE_UPLOAD_00FF" ("DRIVER_ID" NUMBER(10,0), "TS" TIMESTAMP_TZ(6), "TAG" VARCHAR)`
	if ddl != want {
		t.Fatalf("DDL\n%s\nwant\n%s", ddl, want)
	}
	one := `SELECT CAST(? AS NUMBER(10,0)), CAST(? AS TIMESTAMP_TZ(6)), CAST(? AS VARCHAR)`
	if ins := insertSQL(table, cast, 2); ins != `INSERT INTO "PITGATE_UPLOAD_00FF" `+one+" UNION ALL "+one {
		t.Fatalf("insert: %s", ins)
	}
	if d := dropSQL(table); d != `DROP TABLE IF EXISTS "PITGATE_UPLOAD_00FF"` {
		t.Fatalf("drop: %s", d)
	}
	if _, _, err := uploadDDL(table, []warehouse.Column{{Name: "i", Type: "interval"}}); sqlerr.Code(err) != sqlerr.FeatureNotSupported {
		t.Fatalf("interval column: %v", err)
	}
}

// TestUploadValuesBatches: the rows of an upload go as text bind values,
// loadBatch rows per INSERT.
func TestUploadValuesBatches(t *testing.T) {
	cols := []warehouse.Column{{Name: "id", Type: "int8"}, {Name: "tag", Type: "text"}}
	left := loadBatch + 3
	src := func(row []any) (bool, error) {
		if left == 0 {
			return false, nil
		}
		row[0], row[1] = int64(left), nil
		left--
		return true, nil
	}
	row := make([]any, 2)
	first, more, err := loadRows(src, row, cols, loadBatch)
	if err != nil || !more || len(first) != 2*loadBatch || first[0] != "503" || first[1] != nil {
		t.Fatalf("first batch: %d values (%v...), more %t, %v", len(first), first[:2], more, err)
	}
	second, more, err := loadRows(src, row, cols, loadBatch)
	if err != nil || more || len(second) != 6 || !strings.HasPrefix(second[4].(string), "1") {
		t.Fatalf("second batch: %v, more %t, %v", second, more, err)
	}
}
