package dialects_test

import (
	"testing"
	"time"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// TestBigQueryAndSnowflakeSpellings pins the spellings docs/query-language.md
// states for the two dialects that internal/bqemu (BigQuery) and the
// Snowflake rules check only through whole statements.
func TestBigQueryAndSnowflakeSpellings(t *testing.T) {
	bq := dialects.BigQuery{Project: "my-proj", Dataset: "feat"}
	sf := dialects.Snowflake{}
	cases := []struct{ name, got, want string }{
		{"bq ident", bq.QuoteIdent("a`b\\c"), "`a\\`b\\\\c`"},
		{"bq string", bq.String("it's a\\b\nc"), `'it\'s a\\b\x0ac'`},
		{"bq one-part table", bq.TableName([]string{"orders"}), "`my-proj`.`feat`.`orders`"},
		{"bq two-part table", bq.TableName([]string{"raw", "orders"}), "`my-proj`.`raw`.`orders`"},
		{"bq three-part table", bq.TableName([]string{"p", "d", "t"}), "`p`.`d`.`t`"},
		{"bq no project", dialects.BigQuery{}.TableName([]string{"d", "t"}), "`d`.`t`"},
		{"bq ttl", bq.MinusDuration("ts", 2*time.Hour), "TIMESTAMP_SUB(ts, INTERVAL 7200 SECOND)"},
		{"bq sub-second ttl", bq.MinusDuration("ts", 1500*time.Millisecond), "TIMESTAMP_SUB(ts, INTERVAL 1500000 MICROSECOND)"},
		{"sf folded ident", sf.QuoteIdent("driver_stats"), `"DRIVER_STATS"`},
		{"sf mixed-case ident", sf.QuoteIdent("Driver Stats"), `"Driver Stats"`},
		{"sf quote in ident", sf.QuoteIdent(`a"b`), `"a""b"`},
		{"sf string", sf.String(`it's a\b`), `'it''s a\\b'`},
		{"sf ttl", sf.MinusDuration("ts", time.Hour), "DATEADD(second, -3600, ts)"},
		{"sf sub-second ttl", sf.MinusDuration("ts", time.Millisecond), "DATEADD(microsecond, -1000, ts)"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, c.got, c.want)
		}
	}
	types := []struct {
		d        dialects.Dialect
		pg, want string
	}{
		{bq, "int4", "INT64"}, {bq, "float8", "FLOAT64"}, {bq, "numeric(10,2)", "BIGNUMERIC(10,2)"},
		{bq, "text", "STRING"}, {bq, "bytea", "BYTES"}, {bq, "timestamptz", "TIMESTAMP"},
		{bq, "timestamp", "DATETIME"}, {bq, "jsonb", "JSON"}, {bq, "int8[]", "ARRAY<INT64>"},
		{sf, "int8", "NUMBER(38,0)"}, {sf, "numeric", "NUMBER(38,10)"}, {sf, "float4", "FLOAT"},
		{sf, "varchar(12)", "VARCHAR(12)"}, {sf, "bytea", "BINARY"}, {sf, "timestamptz", "TIMESTAMP_TZ"},
		{sf, "timestamp", "TIMESTAMP_NTZ"}, {sf, "json", "VARIANT"}, {sf, "text[]", "ARRAY"},
	}
	for _, c := range types {
		got, err := c.d.TypeName(plan.Type(c.pg))
		if err != nil || got != c.want {
			t.Errorf("%s %s: got %s (%v), want %s", c.d.Name(), c.pg, got, err, c.want)
		}
	}
}

// TestBigQueryAndSnowflakeRefuse: what the two cannot say with
// PostgreSQL's meaning is refused with 0A000, never printed differently.
func TestBigQueryAndSnowflakeRefuse(t *testing.T) {
	// A parameter's type is unknown to the printer, so / stays refused
	// (with two integer constants it is DIV: funcs_warehouses_test.go).
	div := &plan.Op{Op: "/", Args: []plan.Expr{&plan.Param{N: 1}, &plan.Const{Value: int64(2)}}}
	regex := &plan.Op{Op: "~", Args: []plan.Expr{&plan.Const{Value: "a"}, &plan.Const{Value: "b"}}}
	for _, d := range []dialects.Dialect{dialects.BigQuery{}, dialects.Snowflake{}} {
		refused := []plan.Expr{div, regex, &plan.Func{Name: "array_agg", Args: []plan.Expr{&plan.Const{Value: int64(1)}}},
			&plan.Row{Elems: []plan.Expr{&plan.Const{Value: int64(1)}}},
			&plan.Subscript{X: &plan.Array{Elems: []plan.Expr{&plan.Const{Value: int64(1)}}}, Index: &plan.Const{Value: int64(1)}}}
		for _, e := range refused {
			root := &plan.Project{Input: &plan.Values{Rows: [][]plan.Expr{{}}}, Exprs: []plan.Expr{e}, Cols: []plan.Column{{ID: 1, Name: "x"}}}
			sql, err := dialects.Print(d, root)
			if sqlerr.Code(err) != sqlerr.FeatureNotSupported {
				t.Errorf("%s: %#v printed %q (%v), want 0A000", d.Name(), e, sql, err)
			}
		}
	}
}
