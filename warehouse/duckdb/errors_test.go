package duckdb

import (
	"context"
	"errors"
	"strings"
	"testing"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

func TestErrorCodes(t *testing.T) {
	db := openMemory(t)
	mustExec(t, db, "CREATE TABLE keyed (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)")
	mustExec(t, db, "INSERT INTO keyed VALUES (1, 1)")
	cases := []struct {
		name, sql, code string
		position        int // 1-based, 0 = none expected
		message         string
	}{
		{"syntax", "SELEC 1", "42601", 1, `syntax error at or near "SELEC"`},
		{"unknown table", "SELECT * FROM nope", "42P01", 15, "Table with name nope does not exist!"},
		{"unknown schema", "SELECT * FROM nope.nope", "42P01", 15, ""},
		{"unknown column", "SELECT nope FROM keyed", "42703", 8, ""},
		{"unknown function", "SELECT nope(1)", "42883", 8, ""},
		{"no matching signature", "SELECT abs(1, 2, 3)", "42883", 8, ""},
		{"ambiguous column", "SELECT id FROM keyed a, keyed b", "42702", 8, ""},
		{"grouping", "SELECT id, v FROM keyed GROUP BY id", "42803", 0, ""},
		{"bad cast", "SELECT 'abc'::INTEGER", "22P02", 0, "Could not convert string 'abc' to INT32"},
		{"cast out of range", "SELECT 300::TINYINT", "22003", 0, ""},
		{"overflow", "SELECT 2147483647::INTEGER + 1", "22003", 0, ""},
		{"bad date", "SELECT 'x'::DATE", "22007", 0, ""},
		{"bad json", "SELECT '[1'::JSON", "22P02", 0, ""},
		{"duplicate key", "INSERT INTO keyed VALUES (1, 2)", "23505", 0, ""},
		{"not null", "INSERT INTO keyed VALUES (2, NULL)", "23502", 0, ""},
		{"table exists", "CREATE TABLE keyed (x INTEGER)", "42P07", 0, ""},
		{"unknown database", "SELECT * FROM nope.main.keyed", "3D000", 0, ""},
		{"unknown schema in DDL", "CREATE TABLE nope.x (a INTEGER)", "3F000", 0, ""},
		{"unknown setting", "SET nope = 1", "42704", 0, ""},
		{"position counts characters", "SELECT 'é', nope FROM keyed", "42703", 13, ""},
		{"position in a later statement", "SELECT 1;\nSELEC 2", "42601", 11, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows, err := db.Query(context.Background(), c.sql)
			if err == nil {
				rows.Close()
				t.Fatalf("%s: no error", c.sql)
			}
			var se *sqlerr.Error
			if !errors.As(err, &se) {
				t.Fatalf("%s: %T %v is not an *sqlerr.Error", c.sql, err, err)
			}
			if se.Code != c.code {
				t.Errorf("%s: code %s (%s), want %s", c.sql, se.Code, se.Message, c.code)
			}
			if c.position != 0 && se.Position != c.position {
				t.Errorf("%s: position %d, want %d", c.sql, se.Position, c.position)
			}
			if c.message != "" && se.Message != c.message {
				t.Errorf("%s: message %q, want %q", c.sql, se.Message, c.message)
			}
			if strings.HasPrefix(se.Message, "{") || strings.Contains(se.Message, "\n") {
				t.Errorf("%s: message is not one line of prose: %q", c.sql, se.Message)
			}
			var de *duckdb.Error
			if !errors.As(err, &de) {
				t.Errorf("%s: the DuckDB error is not kept as the cause", c.sql)
			}
		})
	}
}

func TestErrorHintFromSuggestion(t *testing.T) {
	db := openMemory(t)
	mustExec(t, db, "CREATE TABLE driver_stats (x INTEGER)")
	_, err := db.Query(context.Background(), "SELECT * FROM driver_stat")
	var se *sqlerr.Error
	if !errors.As(err, &se) || !strings.Contains(se.Hint, "driver_stats") {
		t.Fatalf("got %v, want a hint naming driver_stats", err)
	}
}

// DuckDB does not raise division by zero: with integer_division it returns
// NULL for integers and floats alike, where PostgreSQL raises 22012.
func TestDivisionByZeroIsNull(t *testing.T) {
	db := openMemory(t)
	cols, rows := queryAll(t, db, "SELECT 7 / 2, -7 / 2, 1 / 0, 1.5::DOUBLE / 0")
	want := []any{int32(3), int32(-3), nil, nil}
	for i, w := range want {
		if rows[0][i] != w {
			t.Errorf("column %d = %#v, want %#v", i, rows[0][i], w)
		}
	}
	if cols[0].Type != "int4" {
		t.Errorf("int / int is %s, want int4", cols[0].Type)
	}
}

func TestExecErrorsAreMapped(t *testing.T) {
	db := openMemory(t)
	err := db.Exec(context.Background(), "CREATE TABLE a (x INTEGER); INSERT INTO nope VALUES (1)")
	if code := sqlerr.Code(err); code != sqlerr.UndefinedTable {
		t.Fatalf("got %v (%s), want 42P01", err, code)
	}
}
