package duckdb

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/pitgate/pitgate/warehouse"
)

func openMemory(t testing.TB) *DB {
	t.Helper()
	db, err := Open("")
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t testing.TB, db *DB, sql string) {
	t.Helper()
	if err := db.Exec(context.Background(), sql); err != nil {
		t.Fatalf("Exec(%q): %v", sql, err)
	}
}

// queryAll runs sql and returns its columns and every row.
func queryAll(t testing.TB, db *DB, sql string) ([]warehouse.Column, [][]any) {
	t.Helper()
	rows, err := db.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("Query(%q): %v", sql, err)
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		out = append(out, rows.Values())
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("Query(%q) rows: %v", sql, err)
	}
	return rows.Columns(), out
}

// sameValue is reflect.DeepEqual, except that times must be the same
// instant in the same zone offset, and a UTC time must carry time.UTC.
func sameValue(want, got any) bool {
	wt, ok := want.(time.Time)
	if !ok {
		if wl, ok := want.([]any); ok {
			gl, ok := got.([]any)
			if !ok || len(gl) != len(wl) {
				return false
			}
			for i := range wl {
				if !sameValue(wl[i], gl[i]) {
					return false
				}
			}
			return true
		}
		return reflect.DeepEqual(want, got)
	}
	gt, ok := got.(time.Time)
	if !ok || !wt.Equal(gt) {
		return false
	}
	_, wo := wt.Zone()
	_, gotOff := gt.Zone()
	if wt.Location() == time.UTC && gt.Location() != time.UTC {
		return false
	}
	return wo == gotOff
}
