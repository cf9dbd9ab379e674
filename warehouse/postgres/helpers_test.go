package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/postgres"
)

// open connects to a fresh schema of the test PostgreSQL (skipping when
// there is none, failing under CI).
func open(t *testing.T) (*postgres.DB, string) {
	t.Helper()
	dsn := testenv.Postgres(t)
	db, err := postgres.Open(ctx(t), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, dsn
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// queryAll runs sql and returns its columns and rows.
func queryAll(t *testing.T, db warehouse.Warehouse, sql string) ([]warehouse.Column, [][]any) {
	t.Helper()
	rows, err := db.Query(ctx(t), sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		out = append(out, rows.Values())
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return rows.Columns(), out
}

func exec(t *testing.T, db warehouse.Warehouse, sql string) {
	t.Helper()
	if err := db.Exec(ctx(t), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05.999999", s)
	if err != nil {
		panic(err)
	}
	return t
}
