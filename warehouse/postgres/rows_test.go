package postgres_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/pitgate/pitgate/warehouse"
)

// TestQueryTypes checks each PostgreSQL type's contract name and Go value.
func TestQueryTypes(t *testing.T) {
	db, _ := open(t)
	cases := []struct {
		expr string
		typ  string
		want any
	}{
		{"true", "bool", true},
		{"CAST(-2 AS int2)", "int2", int16(-2)},
		{"CAST(2147483647 AS int4)", "int4", int32(2147483647)},
		{"CAST(-9223372036854775808 AS int8)", "int8", int64(-9223372036854775808)},
		{"CAST(1.5 AS float4)", "float4", float32(1.5)},
		{"CAST(0.1 AS float8)", "float8", 0.1},
		{"CAST('-Infinity' AS float8)", "float8", negInf},
		{"CAST('12345678901234567890.123456789' AS numeric)", "numeric", "12345678901234567890.123456789"},
		{"CAST(1.5 AS numeric(10,2))", "numeric", "1.50"},
		{"CAST('NaN' AS numeric)", "numeric", "NaN"},
		{"CAST('x' AS text)", "text", "x"},
		{"CAST('xyz' AS varchar(2))", "text", "xy"},
		{"CAST('ab' AS char(3))", "text", "ab "},
		{"CAST('n' AS name)", "text", "n"},
		{`CAST('\x01ff' AS bytea)`, "bytea", []byte{1, 0xff}},
		{"CAST('2024-03-31' AS date)", "date", utc("2024-03-31 00:00:00")},
		{"CAST('1999-12-31' AS date)", "date", utc("1999-12-31 00:00:00")},
		{"CAST('12:34:56.5' AS time)", "time", utc("1970-01-01 12:34:56.5")},
		{"CAST('2024-03-31 01:00:00.000001+02' AS timestamptz)", "timestamptz", utc("2024-03-30 23:00:00.000001")},
		{"CAST('1969-07-20 20:17:40.5' AS timestamp)", "timestamp", utc("1969-07-20 20:17:40.5")},
		{"CAST('infinity' AS timestamptz)", "timestamptz", "infinity"},
		{"CAST('-infinity' AS date)", "date", "-infinity"},
		{"CAST('1 mon 2 days 00:00:01.5' AS interval)", "interval", warehouse.Interval{Months: 1, Days: 2, Micros: 1500000}},
		{`CAST('{"b": 1, "a": [true]}' AS json)`, "json", `{"b": 1, "a": [true]}`},
		{`CAST('{"b": 1, "a": [true]}' AS jsonb)`, "jsonb", `{"a": [true], "b": 1}`},
		{"CAST('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11' AS uuid)", "uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
		{"CAST(42 AS oid)", "int8", int64(42)},
		{"CAST('10.1.0.0/16' AS inet)", "text", "10.1.0.0/16"},
		{"CAST(NULL AS int8)", "int8", nil},
		{"ARRAY[1, NULL, 3]", "int4[]", []any{int32(1), nil, int32(3)}},
		{"CAST('{}' AS int8[])", "int8[]", []any{}},
		{"ARRAY['a', 'B''c', NULL]", "text[]", []any{"a", "B'c", nil}},
		{"ARRAY[1.5, 2.250]", "numeric[]", []any{"1.5", "2.250"}},
		{`ARRAY[CAST('{"a":1}' AS jsonb)]`, "jsonb[]", []any{`{"a": 1}`}},
		{"ARRAY[CAST('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AS uuid)]", "uuid[]", []any{"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}},
		{"ARRAY[CAST('2024-01-01 00:00:00+00' AS timestamptz)]", "timestamptz[]", []any{utc("2024-01-01 00:00:00")}},
		{"ARRAY[CAST('1 day' AS interval)]", "interval[]", []any{warehouse.Interval{Days: 1}}},
		{"CAST('{{1,2},{3,4}}' AS int4[])", "int4[]", []any{[]any{int32(1), int32(2)}, []any{int32(3), int32(4)}}},
	}
	for _, c := range cases {
		cols, rows := queryAll(t, db, "SELECT "+c.expr+" AS v")
		if len(cols) != 1 || cols[0].Name != "v" || cols[0].Type != c.typ {
			t.Errorf("%s: columns %+v, want one v of type %s", c.expr, cols, c.typ)
			continue
		}
		if got := rows[0][0]; !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %T(%#v), want %T(%#v)", c.expr, got, got, c.want, c.want)
		}
	}
}

var negInf = func() float64 { var z float64; return -1 / z }()

// TestNumericBinaryMatchesText decodes numerics from their binary form
// (inside an array) and checks each against PostgreSQL's own text output
// of the same value, which is what a numeric column returns.
func TestNumericBinaryMatchesText(t *testing.T) {
	db, _ := open(t)
	values := []string{"0", "0.00", "-0.5", "1", "9999", "10000", "10000.0001", "99990000.00010000",
		"-123456789012345678901234567890.0000000001", "0.000000000000000000001", "1e20", "1.5e-7",
		"NaN", "Infinity", "-Infinity", "12.345678901234567890"}
	for _, v := range values {
		_, rows := queryAll(t, db, fmt.Sprintf("SELECT x, ARRAY[x] FROM (SELECT CAST('%s' AS numeric) AS x) AS t", v))
		text, arr := rows[0][0], rows[0][1].([]any)
		if len(arr) != 1 || arr[0] != text {
			t.Errorf("numeric %s: text form %q, binary form decoded as %q", v, text, arr)
		}
	}
	cols, _ := queryAll(t, db, "SELECT CAST(1 AS numeric(12,3)) AS n")
	if cols[0].Precision != 12 || cols[0].Scale != 3 {
		t.Errorf("numeric(12,3) column: precision %d scale %d", cols[0].Precision, cols[0].Scale)
	}
}
