package gateway

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/duckdb"
)

// Each parameter value, sent in text and in binary as pgx encodes it, is
// turned into a literal, printed in the DuckDB dialect and run on a real
// DuckDB: what comes back must be the value sent.

type paramCase struct {
	typ  plan.Type
	v    any // what the client sends, encoded by pgtype
	want string
}

var paramCases = []paramCase{
	{"bool", true, "true"},
	{"int2", int16(-7), "-7"},
	{"int4", int32(1 << 30), "1073741824"},
	{"int8", int64(-9223372036854775808), "-9223372036854775808"},
	{"float4", float32(0.5), "0.5"},
	{"float8", 0.61, "0.61"},
	{"float8", 1e300, "1e+300"},
	{"numeric", pgtype.Numeric{Int: big.NewInt(1250), Exp: -2, Valid: true}, "12.5"},
	{"text", "it's \\ a 'test'", "it's \\ a 'test'"},
	{"varchar", "héllo", "héllo"},
	{"date", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "2024-02-29 00:00:00 +0000 UTC"},
	{"timestamp", time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC), "2024-01-02 03:04:05.000006 +0000 UTC"},
	{"timestamptz", time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("", 5*3600+1800)), "2024-01-01 21:34:05 +0000 UTC"},
	{"interval", pgtype.Interval{Months: 1, Days: 2, Microseconds: 3, Valid: true}, "1 months 2 days 3 us"},
	{"uuid", [16]byte{0xa0, 0xee, 0xbc, 0x99}, "a0eebc99-0000-0000-0000-000000000000"},
	{"jsonb", map[string]any{"k": "v"}, `{"k":"v"}`},
	{"bytea", []byte{0x00, 0xff, '\\', 'x'}, "[0 255 92 120]"},
	{"bytea", []byte{}, "[]"},
	{"int8[]", []int64{1, 2, 3}, "[1 2 3]"},
	{"text[]", []any{"a b", nil, "it's"}, "[a b <nil> it's]"},
	{"float8[]", []float64{}, "[]"},
}

func TestParameterLiteralsRoundTripThroughDuckDB(t *testing.T) {
	db, err := duckdb.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	types := pgtype.NewMap()
	for _, c := range paramCases {
		oid, _ := typeOID(string(c.typ))
		for _, format := range []int16{pgtype.TextFormatCode, pgtype.BinaryFormatCode} {
			t.Run(fmt.Sprintf("%s/%v/format %d", c.typ, c.v, format), func(t *testing.T) {
				raw, err := types.Encode(oid, format, c.v, nil)
				if err != nil {
					t.Fatal(err)
				}
				if raw == nil {
					raw = []byte{} // an empty value, as Bind delivers it; nil would be NULL
				}
				lit, err := paramLiteral(types, paramType{oid: oid, typ: c.typ}, raw, format)
				if err != nil {
					t.Fatalf("literal of %q: %v", raw, err)
				}
				if got := duckValue(t, db, lit); got != c.want {
					t.Errorf("DuckDB returned %s, want %s", got, c.want)
				}
			})
		}
	}
}

// duckValue runs SELECT e on DuckDB and prints the value it returns.
func duckValue(t *testing.T, db warehouse.Warehouse, e plan.Expr) string {
	t.Helper()
	root := &plan.Project{Input: &plan.Values{Rows: [][]plan.Expr{{}}}, Exprs: []plan.Expr{e}, Cols: []plan.Column{{ID: 1, Name: "v"}}}
	sql, err := dialects.Print(dialects.DuckDB{}, root)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("%s: no row (%v)", sql, rows.Err())
	}
	v := rows.Values()[0]
	switch x := v.(type) {
	case time.Time:
		return x.UTC().String()
	case warehouse.Interval:
		return fmt.Sprintf("%d months %d days %d us", x.Months, x.Days, x.Micros)
	case string:
		if strings.Contains(x, ".") && isDecimal(x) {
			return strings.TrimRight(strings.TrimRight(x, "0"), ".")
		}
	}
	return fmt.Sprint(v)
}

// isDecimal reports whether s is a decimal number (DuckDB prints numerics with
// their scale's zeros).
func isDecimal(s string) bool { return strings.Trim(s, "-0123456789.") == "" }

func TestParameterErrors(t *testing.T) {
	types := pgtype.NewMap()
	cases := []struct {
		name   string
		p      paramType
		raw    []byte
		format int16
		code   string
		msg    string
	}{
		{"bad int8 text", paramType{20, "int8"}, []byte("12x"), 0, sqlerr.InvalidText, `invalid input syntax for type int8: "12x"`},
		{"bad timestamptz text", paramType{1184, "timestamptz"}, []byte("yesterday-ish"), 0, sqlerr.InvalidText, "timestamptz"},
		{"short binary int8", paramType{20, "int8"}, []byte{1, 2}, 1, "22P03", "incorrect binary data format in bind parameter 1"},
		{"bad jsonb version", paramType{3802, "jsonb"}, []byte{9, '{', '}'}, 1, "22P03", "jsonb version"},
		{"two dimensions", paramType{1016, "int8[]"}, []byte("{{1},{2}}"), 0, sqlerr.FeatureNotSupported, "multi-dimensional"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := paramValues(types, []paramType{c.p}, [][]byte{c.raw}, []int16{c.format})
			if sqlerr.Code(err) != c.code || err == nil || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error = %v (%s), want %s containing %q", err, sqlerr.Code(err), c.code, c.msg)
			}
		})
	}
}

func TestParamTypesPreferTheClients(t *testing.T) {
	st := &planner.Statement{Kind: planner.KindQuery, Query: &planner.Query{Params: []plan.Type{"int8", "timestamptz", "text"}}}
	cases := []struct {
		client []uint32
		want   string
	}{
		{nil, "[{20 int8} {1184 timestamptz} {25 text}]"},
		{[]uint32{23, 0, 705}, "[{23 int4} {1184 timestamptz} {25 text}]"},
		{[]uint32{0, 0, 0, 16}, "[{20 int8} {1184 timestamptz} {25 text} {16 bool}]"},
	}
	for _, c := range cases {
		got, err := paramTypes(st, c.client)
		if err != nil || fmt.Sprint(got) != c.want {
			t.Errorf("paramTypes(%v) = %v, %v; want %s", c.client, got, err, c.want)
		}
	}
	if _, err := paramTypes(st, []uint32{600}); sqlerr.Code(err) != sqlerr.FeatureNotSupported {
		t.Errorf("a point parameter: %v, want 0A000", err)
	}
}
