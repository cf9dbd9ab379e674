package snowflake

import (
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

func TestLoadSQL(t *testing.T) {
	cols := []warehouse.Column{
		{Name: "driver_id", Type: "int8"}, {Name: "Mixed Case", Type: "text"},
		{Name: "price", Type: "numeric", Precision: 12, Scale: 2}, {Name: "ts", Type: "timestamptz"},
		{Name: "doc", Type: "jsonb"}, {Name: "raw", Type: "bytea"},
	}
	ddl, cast, err := loadDDL([]string{"features_src", "driver_stats"}, cols)
	if err != nil {
		t.Fatal(err)
	}
	want := `CREATE OR REPLACE TABLE "FEATURES_SRC"."DRIVER_STATS" ("DRIVER_ID" NUMBER(19,0), "Mixed Case" VARCHAR, ` +
		`"PRICE" NUMBER(12,2), "TS" TIMESTAMP_TZ(6), "DOC" VARIANT, "RAW" BINARY)`
	if ddl != want {
		t.Fatalf("DDL\n%s\nwant\n%s", ddl, want)
	}
	ins := insertSQL([]string{"t"}, cast, 2)
	one := `SELECT CAST(? AS NUMBER(19,0)), CAST(? AS VARCHAR), CAST(? AS NUMBER(12,2)), CAST(? AS TIMESTAMP_TZ(6)), PARSE_JSON(?), TO_BINARY(?, 'HEX')`
	if ins != `INSERT INTO "T" `+one+" UNION ALL "+one {
		t.Fatalf("insert: %s", ins)
	}
	if _, _, err := loadDDL([]string{"t"}, []warehouse.Column{{Name: "i", Type: "interval"}}); sqlerr.Code(err) != sqlerr.FeatureNotSupported {
		t.Fatalf("interval column: %v", err)
	}
}

func TestLoadText(t *testing.T) {
	at := time.Date(2024, 3, 10, 7, 0, 0, 123456000, time.UTC)
	cases := []struct {
		v    any
		typ  string
		want any
	}{
		{int64(-7), "int8", "-7"}, {int32(7), "int4", "7"}, {true, "bool", "true"},
		{0.1, "float8", "0.1"}, {float32(0.1), "float4", "0.1"}, {int64(3), "float8", "3"},
		{"12.50", "numeric", "12.50"}, {`it's`, "text", `it's`}, {[]byte{0, 255}, "bytea", "00ff"},
		{at, "timestamptz", "2024-03-10 07:00:00.123456 +00:00"}, {at, "timestamp", "2024-03-10 07:00:00.123456"},
		{time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC), "date", "2024-03-10"}, {nil, "int8", nil},
	}
	for _, c := range cases {
		got, err := loadText(c.v, c.typ)
		if err != nil || got != c.want {
			t.Errorf("%v as %s: %#v, %v; want %#v", c.v, c.typ, got, err, c.want)
		}
	}
	if _, err := loadText("x", "int8"); sqlerr.Code(err) == "" || !strings.Contains(err.Error(), "int8") {
		t.Fatalf("text into int8: %v", err)
	}
}
