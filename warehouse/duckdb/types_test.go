package duckdb

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/warehouse"
)

// typeCases hold one DuckDB column type each, a literal of it, and what
// Query must report: the PostgreSQL column type and the Go value.
var typeCases = []struct {
	duck    string
	literal string
	col     warehouse.Column
	want    any
}{
	{"BOOLEAN", "true", warehouse.Column{Type: "bool"}, true},
	{"TINYINT", "-7", warehouse.Column{Type: "int2"}, int16(-7)},
	{"SMALLINT", "-300", warehouse.Column{Type: "int2"}, int16(-300)},
	{"INTEGER", "42", warehouse.Column{Type: "int4"}, int32(42)},
	{"BIGINT", "9007199254740993", warehouse.Column{Type: "int8"}, int64(9007199254740993)},
	{"UTINYINT", "200", warehouse.Column{Type: "int2"}, int16(200)},
	{"USMALLINT", "60000", warehouse.Column{Type: "int4"}, int32(60000)},
	{"UINTEGER", "4000000000", warehouse.Column{Type: "int8"}, int64(4000000000)},
	{"UBIGINT", "18446744073709551615", warehouse.Column{Type: "numeric", Precision: 20}, "18446744073709551615"},
	{"HUGEINT", "-170141183460469231731687303715884105727", warehouse.Column{Type: "numeric", Precision: 39},
		"-170141183460469231731687303715884105727"},
	{"DECIMAL(10,2)", "1.50", warehouse.Column{Type: "numeric", Precision: 10, Scale: 2}, "1.50"},
	{"DECIMAL(4,3)", "-0.005", warehouse.Column{Type: "numeric", Precision: 4, Scale: 3}, "-0.005"},
	{"DECIMAL(38,10)", "'-1234567890123456789012345678.0000000001'",
		warehouse.Column{Type: "numeric", Precision: 38, Scale: 10}, "-1234567890123456789012345678.0000000001"},
	{"DECIMAL(18,0)", "0", warehouse.Column{Type: "numeric", Precision: 18}, "0"},
	{"FLOAT", "1.5", warehouse.Column{Type: "float4"}, float32(1.5)},
	{"DOUBLE", "0.1", warehouse.Column{Type: "float8"}, 0.1},
	{"VARCHAR", "'héllo, wörld'", warehouse.Column{Type: "text"}, "héllo, wörld"},
	{"BLOB", `'\x00\xFFab'::BLOB`, warehouse.Column{Type: "bytea"}, []byte{0, 0xff, 'a', 'b'}},
	{"DATE", "'2024-02-29'", warehouse.Column{Type: "date"}, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
	{"TIME", "'13:45:01.5'", warehouse.Column{Type: "time"}, time.Date(1, 1, 1, 13, 45, 1, 5e8, time.UTC)},
	{"TIMESTAMP", "'2024-01-02 03:04:05.123456'", warehouse.Column{Type: "timestamp"},
		time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC)},
	{"TIMESTAMP_S", "'2024-01-02 03:04:05'", warehouse.Column{Type: "timestamp"},
		time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
	{"TIMESTAMP_MS", "'2024-01-02 03:04:05.123'", warehouse.Column{Type: "timestamp"},
		time.Date(2024, 1, 2, 3, 4, 5, 123e6, time.UTC)},
	{"TIMESTAMP_NS", "'2024-01-02 03:04:05.123456789'", warehouse.Column{Type: "timestamp"},
		time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC)},
	{"TIMESTAMPTZ", "'2024-01-02 03:04:05+02'", warehouse.Column{Type: "timestamptz"},
		time.Date(2024, 1, 2, 1, 4, 5, 0, time.UTC)},
	{"INTERVAL", "INTERVAL '1 year 2 months 3 days 04:05:06.000007'", warehouse.Column{Type: "interval"},
		warehouse.Interval{Months: 14, Days: 3, Micros: 14706000007}},
	{"UUID", "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'", warehouse.Column{Type: "uuid"},
		"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
	// The driver decodes JSON; it comes back re-encoded, keys sorted.
	{"JSON", `'{"b": 1, "a": [true, null, "x"]}'`, warehouse.Column{Type: "json"}, `{"a":[true,null,"x"],"b":1}`},
	{"INTEGER[]", "[1, NULL, 3]", warehouse.Column{Type: "int4[]"}, []any{int32(1), nil, int32(3)}},
	{"VARCHAR[]", "['a', 'b c']", warehouse.Column{Type: "text[]"}, []any{"a", "b c"}},
	{"DOUBLE[3]", "[1.5, 2, 3]", warehouse.Column{Type: "float8[]"}, []any{1.5, 2.0, 3.0}},
	{"DECIMAL(5,2)[]", "[1.5, -2]", warehouse.Column{Type: "numeric[]", Precision: 5, Scale: 2}, []any{"1.50", "-2.00"}},
	{"TIMESTAMPTZ[]", "['2024-01-01 00:00:00+01']", warehouse.Column{Type: "timestamptz[]"},
		[]any{time.Date(2023, 12, 31, 23, 0, 0, 0, time.UTC)}},
	{"UUID[]", "['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11']", warehouse.Column{Type: "uuid[]"},
		[]any{"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}},
	{"DATE[]", "[]", warehouse.Column{Type: "date[]"}, []any{}},
	{`STRUCT(b INTEGER, "a b" VARCHAR, c DECIMAL(4,1))`, "{'b': 1, 'a b': 'x y', 'c': NULL}",
		warehouse.Column{Type: "text"}, "{'b': 1, 'a b': x y, 'c': NULL}"},
	{"MAP(VARCHAR, INTEGER)", "MAP {'k': 1, 'l': NULL}", warehouse.Column{Type: "text"}, "{k=1, l=NULL}"},
	{"INTEGER[][]", "[[1, 2], [], [3]]", warehouse.Column{Type: "text"}, "[[1, 2], [], [3]]"},
	{"STRUCT(a INTEGER)[]", "[{'a': 1}, NULL]", warehouse.Column{Type: "text[]"}, []any{"{'a': 1}", nil}},
	{"mood", "'happy'", warehouse.Column{Type: "text"}, "happy"},
	{"BIT", "'101'", warehouse.Column{Type: "text"}, "101"},
	{"UNION(num INTEGER, str VARCHAR)", "union_value(str := 'x')", warehouse.Column{Type: "text"}, "x"},
}

func createTypesTable(t *testing.T, db *DB) {
	t.Helper()
	mustExec(t, db, "CREATE TYPE mood AS ENUM ('sad', 'happy')")
	defs := make([]string, len(typeCases))
	lits := make([]string, len(typeCases))
	nulls := make([]string, len(typeCases))
	for i, c := range typeCases {
		defs[i] = fmt.Sprintf("c%d %s", i, c.duck)
		lits[i] = c.literal
		nulls[i] = "NULL"
	}
	mustExec(t, db, "CREATE TABLE all_types ("+strings.Join(defs, ", ")+")")
	mustExec(t, db, "INSERT INTO all_types VALUES ("+strings.Join(lits, ", ")+"), ("+strings.Join(nulls, ", ")+")")
}

func TestTypesRoundTrip(t *testing.T) {
	db := openMemory(t)
	createTypesTable(t, db)
	cols, rows := queryAll(t, db, "SELECT * FROM all_types")
	if len(rows) != 2 || len(cols) != len(typeCases) {
		t.Fatalf("got %d rows of %d columns, want 2 of %d", len(rows), len(cols), len(typeCases))
	}
	for i, c := range typeCases {
		want := c.col
		want.Name = fmt.Sprintf("c%d", i)
		if cols[i] != want {
			t.Errorf("%s: column %+v, want %+v", c.duck, cols[i], want)
		}
		if got := rows[0][i]; !sameValue(c.want, got) {
			t.Errorf("%s: value %#v (%T), want %#v (%T)", c.duck, got, got, c.want, c.want)
		}
		if got := rows[1][i]; got != nil {
			t.Errorf("%s: NULL came back as %#v", c.duck, got)
		}
	}
}

// TestRenderMatchesDuckDB checks the text rendering of types PostgreSQL
// lacks against DuckDB's own cast to VARCHAR.
func TestRenderMatchesDuckDB(t *testing.T) {
	exprs := []string{
		"{'a': 1, 'b': 'x y', 'c': [1, 2], 'd': NULL}",
		"MAP {'k': 'v', 'k2': NULL}",
		"[['a', 'b'], []]",
		"{'x': {'y': 'z'}, 'n': 1.50::DECIMAL(5,2)}",
		"[[1.5::DOUBLE, 2.25], [NULL]]",
		"[[INTERVAL 1 DAY + INTERVAL 90 MINUTE], [INTERVAL 14 MONTH]]",
		"{'d': DATE '2024-01-02', 'ts': TIMESTAMP '2024-01-02 03:04:05.5', 'b': true}",
		"[['it''s', NULL, '', ' pad', 'a,b']]",
	}
	db := openMemory(t)
	for _, e := range exprs {
		_, rows := queryAll(t, db, fmt.Sprintf("SELECT (%[1]s)::VARCHAR, %[1]s", e))
		want, got := rows[0][0], rows[0][1]
		if got != want {
			t.Errorf("%s: rendered %q, DuckDB says %q", e, got, want)
		}
	}
}

func TestParseDuckType(t *testing.T) {
	cases := []struct {
		in   string
		want warehouse.Column
	}{
		{"INTEGER", warehouse.Column{Type: "int4"}},
		{"DECIMAL(12,4)[]", warehouse.Column{Type: "numeric[]", Precision: 12, Scale: 4}},
		{`STRUCT("a""b" INTEGER, "c" MAP(VARCHAR, INTEGER[]))`, warehouse.Column{Type: "text"}},
		{"INTEGER[3][]", warehouse.Column{Type: "text"}},
		{"unknown type (99)", warehouse.Column{Type: "text"}},
		{"VARCHAR[", warehouse.Column{Type: "text"}},
	}
	for _, c := range cases {
		if got := pgType(parseDuckType(c.in)); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.in, got, c.want)
		}
	}
	st := parseDuckType(`STRUCT("a""b" INTEGER, "c" MAP(VARCHAR, INTEGER[]))`)
	if len(st.fields) != 2 || st.fields[0].name != `a"b` || st.fields[1].typ.value.name != "LIST" {
		t.Errorf("struct fields parsed as %+v", st.fields)
	}
}

func TestTableMatchesQueryTypes(t *testing.T) {
	db := openMemory(t)
	createTypesTable(t, db)
	cols, err := db.Table(context.Background(), []string{"all_types"})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range typeCases {
		if cols[i].Type != c.col.Type {
			t.Errorf("%s: Table says %s, want %s", c.duck, cols[i].Type, c.col.Type)
		}
	}
}
