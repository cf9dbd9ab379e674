package postgres_test

import (
	"reflect"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// TestDescribeRunsNothing: Describe reports the columns Query would, and
// the statement does not run (the sequence it would advance stays put).
func TestDescribeRunsNothing(t *testing.T) {
	db, _ := open(t)
	if err := db.Exec(ctx(t), "CREATE SEQUENCE described_seq"); err != nil {
		t.Fatal(err)
	}
	sql := `SELECT nextval('described_seq') AS n, 1.5::numeric(10,2) AS price, 'x'::text AS t,
		now() AS at, ARRAY[1,2]::int4[] AS a, '{"k":1}'::jsonb AS j, NULL::uuid AS u`
	cols, err := db.Describe(ctx(t), sql)
	if err != nil {
		t.Fatal(err)
	}
	_, rows := queryAll(t, db, "SELECT last_value, is_called FROM described_seq")
	if called := rows[0][1]; called != false {
		t.Fatalf("Describe ran the statement: the sequence was called (%v)", rows[0])
	}
	want, _ := queryAll(t, db, sql)
	if !reflect.DeepEqual(cols, want) {
		t.Fatalf("Describe: %+v\nQuery:    %+v", cols, want)
	}
	if len(cols) != 7 || cols[1].Type != "numeric" || cols[1].Precision != 10 || cols[1].Scale != 2 || cols[4].Type != "int4[]" {
		t.Fatalf("columns %+v", cols)
	}
}

// TestDescribeErrors: an unknown relation is the warehouse's 42P01, with
// its position, as when the statement runs.
func TestDescribeErrors(t *testing.T) {
	db, _ := open(t)
	_, err := db.Describe(ctx(t), "SELECT x FROM no_such_table")
	if code := sqlerr.Code(err); code != "42P01" {
		t.Fatalf("error %s %v, want 42P01", code, err)
	}
}
