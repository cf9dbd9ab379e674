package dialects_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/warehouse/postgres"
)

func TestPostgresSpellings(t *testing.T) {
	d := dialects.Postgres{}
	types := []struct {
		in   plan.Type
		want string
	}{
		{"int8", "BIGINT"}, {"bigint", "BIGINT"}, {"float8", "DOUBLE PRECISION"}, {"float4", "REAL"},
		{"text", "TEXT"}, {"timestamptz", "TIMESTAMPTZ"}, {"timestamp with time zone", "TIMESTAMPTZ"},
		{"numeric", "NUMERIC"}, {"numeric(10, 2)", "NUMERIC(10,2)"}, {"jsonb", "JSONB"},
		{"int8[]", "BIGINT[]"}, {"float8[]", "DOUBLE PRECISION[]"}, {"varchar(3)", "VARCHAR(3)"},
		{"bpchar", "BPCHAR"}, {"char(2)", "CHAR(2)"}, {"uuid", "UUID"}, {"bool", "BOOLEAN"},
	}
	for _, c := range types {
		if got, err := d.TypeName(c.in); err != nil || got != c.want {
			t.Errorf("TypeName(%s) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []plan.Type{"int8(3)", "geometry", "text(5)"} {
		if got, err := d.TypeName(bad); err == nil {
			t.Errorf("TypeName(%s) = %q, want an error", bad, got)
		}
	}
	spelled := []struct{ got, want string }{
		{d.QuoteIdent(`we"ird`), `"we""ird"`},
		{d.String("it's"), `'it''s'`},
		{d.String(`back\slash'`), `E'back\\slash'''`},
		{d.MinusDuration("ts", 2*time.Hour), "(ts - INTERVAL '7200 seconds')"},
		{d.MinusDuration("ts", 1500*time.Millisecond+time.Microsecond), "(ts - INTERVAL '1500001 microseconds')"},
		{d.OrderKey("x", "text"), `x COLLATE "C"`},
		{d.OrderKey("x", "varchar(4)"), `x COLLATE "C"`},
		{d.OrderKey("x", "int8"), "x"},
		{d.OrderKey("x", "text[]"), "x"},
		{d.OrderKey("x", ""), "x"},
		{must(d.Func("extract", []string{"'year'", "ts"})), "pg_catalog.extract('year', ts)"},
		{must(d.Func("coalesce", []string{"a", "b"})), "coalesce(a, b)"},
		{must(d.Special("LOCALTIMESTAMP")), "LOCALTIMESTAMP"},
	}
	for _, c := range spelled {
		if c.got != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
	if _, ok := d.BinaryOp("/", "a", "b"); ok {
		t.Error("postgres needs no division guard")
	}
}

func must(s string, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return s
}

// TestPostgresStringsRoundTrip runs each printed literal on PostgreSQL,
// with standard_conforming_strings on and off, and reads back the string.
func TestPostgresStringsRoundTrip(t *testing.T) {
	values := []string{"", "plain", "it's", `back\slash`, `\'`, `\\`, `''`, "tab\there", "é ü 中", `\x41`, `E'x'`}
	dsn := testenv.Postgres(t)
	for _, scs := range []string{"on", "off"} {
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		db, err := postgres.Open(context.Background(), dsn+sep+"standard_conforming_strings="+scs)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, v := range values {
			sql := "SELECT " + dialects.Postgres{}.String(v) + " AS v"
			rows, err := db.Query(context.Background(), sql)
			if err != nil {
				t.Fatalf("standard_conforming_strings=%s: %s: %v", scs, sql, err)
			}
			if !rows.Next() || rows.Values()[0] != v {
				t.Errorf("standard_conforming_strings=%s: %s read back %q, want %q", scs, sql, rows.Values(), v)
			}
			rows.Close()
		}
	}
}
