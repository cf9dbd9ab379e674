package postgres_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// rowsSource feeds rows to Load.
func rowsSource(rows [][]any) warehouse.RowSource {
	next := 0
	return func(row []any) (bool, error) {
		if next == len(rows) {
			return false, nil
		}
		copy(row, rows[next])
		next++
		return true, nil
	}
}

var allTypes = []warehouse.Column{
	{Name: "b", Type: "bool"}, {Name: "i2", Type: "int2"}, {Name: "i4", Type: "int4"},
	{Name: "i8", Type: "int8"}, {Name: "f4", Type: "float4"}, {Name: "f8", Type: "float8"},
	{Name: "n", Type: "numeric"}, {Name: "n2", Type: "numeric", Precision: 8, Scale: 3},
	{Name: "t", Type: "text"}, {Name: "by", Type: "bytea"}, {Name: "d", Type: "date"},
	{Name: "tm", Type: "time"}, {Name: "ts", Type: "timestamp"}, {Name: "tz", Type: "timestamptz"},
	{Name: "iv", Type: "interval"}, {Name: "j", Type: "json"}, {Name: "jb", Type: "jsonb"},
	{Name: "u", Type: "uuid"}, {Name: "ai", Type: "int8[]"}, {Name: "at", Type: "text[]"},
	{Name: "an", Type: "numeric[]"},
}

// TestLoadRoundTrip loads every contract type and reads it back: what
// Query returns is what was loaded.
func TestLoadRoundTrip(t *testing.T) {
	db, _ := open(t)
	row := []any{true, int16(-3), int32(7), int64(1) << 40, float32(0.5), 0.1,
		"-12345678901234567890.000000001", "12.500", `it's \ "q"`, []byte{0, 1, 255},
		utc("2024-03-31 00:00:00"), utc("1970-01-01 23:59:59.999999"), utc("2024-10-27 01:30:00.25"),
		utc("2024-03-10 07:00:00.000001"), warehouse.Interval{Months: 1, Days: -2, Micros: 3},
		`{"z": 1, "a": null}`, `{"a": null, "z": 1}`, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
		[]any{int64(1), nil, int64(-1)}, []any{"x", "", nil}, []any{"1.0", "-2"}}
	nulls := make([]any, len(allTypes))
	n, err := db.Load(ctx(t), []string{"all_types"}, allTypes, rowsSource([][]any{row, nulls}))
	if err != nil || n != 2 {
		t.Fatalf("load: %d rows, %v", n, err)
	}
	cols, got := queryAll(t, db, "SELECT * FROM all_types")
	for i, c := range cols {
		if c.Name != allTypes[i].Name || c.Type != allTypes[i].Type {
			t.Errorf("column %d: %+v, want %+v", i, c, allTypes[i])
		}
	}
	if !reflect.DeepEqual(got[0], row) {
		t.Errorf("round trip:\n got %#v\nwant %#v", got[0], row)
	}
	if !reflect.DeepEqual(got[1], nulls) {
		t.Errorf("NULL row came back as %#v", got[1])
	}
}

// TestLoadReplacesAtomically replaces a table, then fails a second load
// midway: the first load's table must still be there, whole.
func TestLoadReplacesAtomically(t *testing.T) {
	db, _ := open(t)
	exec(t, db, "CREATE TABLE r (old text)")
	cols := []warehouse.Column{{Name: "k", Type: "int4"}, {Name: "v", Type: "text"}}
	good := [][]any{{int64(1), "a"}, {int64(2), "b"}}
	if _, err := db.Load(ctx(t), []string{"r"}, cols, rowsSource(good)); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		rows   [][]any
		code   string
		detail string
	}{
		{[][]any{{int64(3), "c"}, {int64(1) << 40, "d"}}, "22003", `column "k" of row 2`},
		{[][]any{{"three", "c"}}, sqlerr.DatatypeMismatch, `column "k" of row 1`},
		{[][]any{{int64(3), "bad\x00nul"}}, "22021", ""},
	}
	for _, b := range bad {
		_, err := db.Load(ctx(t), []string{"r"}, cols, rowsSource(b.rows))
		var se *sqlerr.Error
		if !errors.As(err, &se) || se.Code != b.code || !strings.Contains(se.Detail, b.detail) {
			t.Errorf("rows %v: got %v (%+v), want %s with detail %q", b.rows, err, se, b.code, b.detail)
		}
		_, got := queryAll(t, db, "SELECT k, v FROM r ORDER BY k")
		if len(got) != 2 || got[1][1] != "b" {
			t.Fatalf("after a failed load the table holds %v", got)
		}
	}
	srcErr := errors.New("source broke")
	_, err := db.Load(ctx(t), []string{"r"}, cols, func([]any) (bool, error) { return false, srcErr })
	if !errors.Is(err, srcErr) {
		t.Errorf("source error: got %v", err)
	}
}

// TestLoadIntoSchema creates the schema of a qualified name.
func TestLoadIntoSchema(t *testing.T) {
	db, _ := open(t)
	schema := "pitgate_load_" + strings.ReplaceAll(t.Name(), "/", "_")
	t.Cleanup(func() { _ = db.Exec(ctx(t), `DROP SCHEMA IF EXISTS "`+schema+`" CASCADE`) })
	cols := []warehouse.Column{{Name: "Weird \"Name\"", Type: "text"}}
	if _, err := db.Load(ctx(t), []string{schema, "t"}, cols, rowsSource([][]any{{"x"}})); err != nil {
		t.Fatal(err)
	}
	got, err := db.Table(ctx(t), []string{schema, "t"})
	if err != nil || len(got) != 1 || got[0].Name != `Weird "Name"` {
		t.Fatalf("Table: %v, %v", got, err)
	}
}
