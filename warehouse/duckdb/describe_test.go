package duckdb

import (
	"context"
	"reflect"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// Describe reports the columns Query reports, for every kind of type the
// mapping knows, without a LIMIT 0 run.
func TestDescribeMatchesQueryColumns(t *testing.T) {
	db := openMemory(t)
	mustExec(t, db, `CREATE TABLE typed (b BOOLEAN, i INTEGER, h HUGEINT, d DECIMAL(12,3), f DOUBLE,
		s VARCHAR, j JSON, ts TIMESTAMP, tz TIMESTAMPTZ, dt DATE, iv INTERVAL, u UUID, bl BLOB,
		l INTEGER[], a DOUBLE[3], st STRUCT("a b" INTEGER, c VARCHAR), m MAP(VARCHAR, INTEGER), ll INTEGER[][])`)
	for _, q := range []string{
		"SELECT * FROM typed",
		"SELECT count(*) AS n, sum(d) AS total, avg(i) AS mean FROM typed",
		"SELECT i + 1 AS next, s || 'x' AS tag, CAST(ts AS DATE) AS day FROM typed",
		"SELECT 1 AS one, 'a' AS letter, NULL AS nothing",
	} {
		got, err := db.Describe(context.Background(), q)
		if err != nil {
			t.Fatalf("Describe(%q): %v", q, err)
		}
		want, _ := queryAll(t, db, q)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Describe(%q)\n got %+v\nwant %+v", q, got, want)
		}
	}
}

// Nothing runs: a sequence is not advanced, a function that fails when it
// runs does not fail, a row is not inserted, and a query far too
// expensive to finish is described (the test would time out otherwise).
func TestDescribeRunsNothing(t *testing.T) {
	db := openMemory(t)
	ctx := context.Background()
	mustExec(t, db, "CREATE SEQUENCE seq START 1; CREATE TABLE sink (x BIGINT)")
	for _, q := range []string{
		"SELECT nextval('seq') AS n",
		"SELECT error('this ran') AS boom FROM range(3)",
		"INSERT INTO sink SELECT 42 RETURNING x",
		"SELECT count(*) AS n FROM range(1000000000) a, range(1000000000) b, range(1000000000) c",
	} {
		if _, err := db.Describe(ctx, q); err != nil {
			t.Fatalf("Describe(%q): %v", q, err)
		}
	}
	_, rows := queryAll(t, db, "SELECT nextval('seq'), (SELECT count(*) FROM sink)")
	if rows[0][0] != int64(1) || rows[0][1] != int64(0) {
		t.Errorf("after Describe: nextval = %v, rows in sink = %v; want 1 and 0 (nothing ran)", rows[0][0], rows[0][1])
	}
}

func TestDescribeErrorsCarrySQLSTATE(t *testing.T) {
	db := openMemory(t)
	ctx := context.Background()
	for q, code := range map[string]string{
		"SELECT * FROM missing":               "42P01",
		"SELECT nope FROM range(1)":           "42703",
		"SELEC 1":                             "42601",
		"SELECT 1; SELECT 2":                  "42601",
		"CREATE TABLE made (x INT); SELECT 1": "42601",
	} {
		_, err := db.Describe(ctx, q)
		if got := sqlerr.Code(err); got != code {
			t.Errorf("Describe(%q) = %v (SQLSTATE %s), want %s", q, err, got, code)
		}
	}
	if _, err := db.Table(ctx, []string{"made"}); sqlerr.Code(err) != "42P01" {
		t.Errorf("the first of two statements ran under Describe: Table(made) = %v", err)
	}
}
