package bqemu

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/warehouse"
	bq "github.com/pitgate/pitgate/warehouse/bigquery"
)

// typeCase is one BigQuery expression and what the connector must make of
// it: the contract's type name and Go value.
type typeCase struct {
	name, expr, typ string
	want            any
}

func ts(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05.999999", s)
	if err != nil {
		panic(err)
	}
	return t
}

var typeCases = []typeCase{
	{"int64", "CAST(9223372036854775807 AS INT64)", "int8", int64(math.MaxInt64)},
	{"int64_min", "CAST(-9223372036854775808 AS INT64)", "int8", int64(math.MinInt64)},
	{"float64", "CAST(0.1 AS FLOAT64)", "float8", 0.1},
	{"float64_inf", "IEEE_DIVIDE(-1, 0)", "float8", math.Inf(-1)},
	{"numeric", "NUMERIC '12345678901234567890123456789.123456789'", "numeric", "12345678901234567890123456789.123456789"},
	{"numeric_trailing", "NUMERIC '1.50'", "numeric", "1.5"},
	{"numeric_negative", "NUMERIC '-0.000000001'", "numeric", "-0.000000001"},
	{"bignumeric", "BIGNUMERIC '-1234567890.12345678901234567890123456789012345678'", "numeric", "-1234567890.12345678901234567890123456789012345678"},
	{"bool", "TRUE", "bool", true},
	{"string", "'h\\u00e9llo\\n\\'x'", "text", "héllo\n'x"},
	{"bytes", "b'\\x00\\xff\\x10'", "bytea", []byte{0, 0xff, 0x10}},
	{"date", "DATE '2024-02-29'", "date", ts("2024-02-29 00:00:00")},
	{"datetime", "DATETIME '2024-01-02 03:04:05.123456'", "timestamp", ts("2024-01-02 03:04:05.123456")},
	{"timestamp", "TIMESTAMP '2024-01-02 03:04:05.123456+02:00'", "timestamptz", ts("2024-01-02 01:04:05.123456")},
	{"time", "TIME '23:59:59.999999'", "time", ts("1970-01-01 23:59:59.999999")},
	{"json", `JSON '{"a": [1, "x"]}'`, "json", `{"a":[1,"x"]}`},
	{"array_int64", "[1, -2, 3]", "int8[]", []any{int64(1), int64(-2), int64(3)}},
	{"array_string", "['a', '']", "text[]", []any{"a", ""}},
	{"array_empty", "ARRAY<FLOAT64>[]", "float8[]", []any{}},
	{"record", "STRUCT(1 AS x, 'y' AS s, [TRUE] AS b)", "json", `{"x":1,"s":"y","b":[true]}`},
	{"null_int64", "CAST(NULL AS INT64)", "int8", nil},
	{"null_timestamp", "CAST(NULL AS TIMESTAMP)", "timestamptz", nil},
}

// TestConnectorTypes selects one value of every BigQuery type through the
// connector and requires the contract's type name and exact Go value.
func TestConnectorTypes(t *testing.T) {
	db, _ := startConnector(t, bq.Config{})
	exprs := make([]string, len(typeCases))
	for i, c := range typeCases {
		exprs[i] = c.expr + " AS " + c.name
	}
	r, err := db.Query(context.Background(), "SELECT "+strings.Join(exprs, ", "))
	if err != nil {
		t.Fatal(err)
	}
	cols, rows := readAll(t, r)
	if len(rows) != 1 || len(cols) != len(typeCases) {
		t.Fatalf("%d rows of %d columns, want 1 of %d", len(rows), len(cols), len(typeCases))
	}
	for i, c := range typeCases {
		if cols[i].Name != c.name || cols[i].Type != c.typ {
			t.Errorf("%s: column %+v, want type %s", c.name, cols[i], c.typ)
		}
		checkValue(t, c.name, rows[0][i], c.want)
	}
}

func checkValue(t *testing.T, name string, got, want any) {
	t.Helper()
	if gt, ok := got.(time.Time); ok {
		wt, ok := want.(time.Time)
		if !ok || !gt.Equal(wt) || gt.Location() != time.UTC {
			t.Errorf("%s: got %v (%v), want %v", name, gt, gt.Location(), want)
		}
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: got %#v, want %#v", name, got, want)
	}
}

// TestConnectorLoadRoundTrip loads one row of every contract type (and a
// row of NULLs), reads the table's schema back with Table and its rows
// with Query: same names, the contract types BigQuery stores them as, the
// same values. numeric(10,2) comes back "12345678.9": a query result's
// schema carries no NUMERIC parameters, so Query pads to no scale (Table
// reports precision 10, scale 2). bytea is not loaded here: the emulator
// stores a BYTES value of a JSON load as its base64 text instead of
// decoding it (real BigQuery decodes it; the base64 encoding is checked in
// warehouse/bigquery's unit tests).
func TestConnectorLoadRoundTrip(t *testing.T) {
	db, _ := startConnector(t, bq.Config{})
	ctx := context.Background()
	cols := []warehouse.Column{
		{Name: "b", Type: "bool"}, {Name: "i2", Type: "int2"}, {Name: "i4", Type: "int4"},
		{Name: "i8", Type: "int8"}, {Name: "f8", Type: "float8"}, {Name: "n", Type: "numeric"},
		{Name: "n2", Type: "numeric", Precision: 10, Scale: 2}, {Name: "s", Type: "text"},
		{Name: "d", Type: "date"}, {Name: "tsz", Type: "timestamptz"},
		{Name: "tsw", Type: "timestamp"}, {Name: "tm", Type: "time"}, {Name: "j", Type: "json"},
		{Name: "fa", Type: "float8[]"}, {Name: "sa", Type: "text[]"},
	}
	row := []any{
		true, int16(-32768), int32(2147483647), int64(math.MinInt64), 1.0 / 3, "-98765432109876543210.0123456789",
		"12345678.90", "quote ' backslash \\ newline \n ü", ts("1999-12-31 00:00:00"),
		ts("2024-03-10 10:30:00.000001"), ts("2024-03-10 02:30:00"), ts("1970-01-01 12:00:00.5"), `{"k":"v"}`,
		[]any{1.5, -0.25}, []any{"x", "y"},
	}
	want := []any{
		true, int64(-32768), int64(2147483647), int64(math.MinInt64), 1.0 / 3, "-98765432109876543210.0123456789",
		"12345678.9", row[7], row[8], row[9], row[10], row[11], `{"k":"v"}`, row[13], row[14],
	}
	wantTypes := []string{"bool", "int8", "int8", "int8", "float8", "numeric", "numeric", "text",
		"date", "timestamptz", "timestamp", "time", "json", "float8[]", "text[]"}
	rows := [][]any{row, make([]any, len(cols))}
	n, err := db.Load(ctx, []string{"every_type"}, cols, sliceSource(rows))
	if err != nil || n != 2 {
		t.Fatalf("load: %d rows, %v", n, err)
	}
	desc, err := db.Table(ctx, []string{"every_type"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := db.Query(ctx, "SELECT * FROM `"+project+"."+connectorDataset+".every_type` ORDER BY b NULLS LAST")
	if err != nil {
		t.Fatal(err)
	}
	got, vals := readAll(t, r)
	if len(vals) != 2 {
		t.Fatalf("%d rows back, want 2", len(vals))
	}
	for i, c := range cols {
		if desc[i].Name != c.Name || desc[i].Type != wantTypes[i] || got[i].Type != wantTypes[i] {
			t.Errorf("column %s: Table %+v, Query %+v, want type %s", c.Name, desc[i], got[i], wantTypes[i])
		}
		checkValue(t, c.Name, vals[0][i], want[i])
		if v := vals[1][i]; v != nil && !reflect.DeepEqual(v, []any{}) {
			t.Errorf("column %s: NULL came back as %#v", c.Name, v)
		}
	}
}

// sliceSource is a RowSource over rows.
func sliceSource(rows [][]any) warehouse.RowSource {
	i := 0
	return func(row []any) (bool, error) {
		if i == len(rows) {
			return false, nil
		}
		copy(row, rows[i])
		i++
		return true, nil
	}
}
