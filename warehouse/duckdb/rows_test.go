package duckdb

import (
	"context"
	"strconv"
	"testing"
	"time"
)

// Values passed through as the driver boxed them (rows.go keptAs) keep
// the promised Go types, and each row's Values stays its own although
// rows share one allocation: more rows than a slab holds, kept and read
// back after the last.
func TestRowsValuesKeptAndOwn(t *testing.T) {
	db := openMemory(t)
	n := 3*slabRows + 5
	rows, err := db.Query(context.Background(), `SELECT range::BIGINT AS i, range::DOUBLE AS f, 'k' || range::VARCHAR AS s,
		TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(range) AS t FROM range(`+itoa(n)+`)`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var kept [][]any
	for rows.Next() {
		kept = append(kept, rows.Values())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(kept) != n {
		t.Fatalf("%d rows, want %d", len(kept), n)
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, r := range kept {
		ts, ok := r[3].(time.Time)
		if len(r) != 4 || r[0] != int64(i) || r[1] != float64(i) || r[2] != "k"+itoa(i) || !ok ||
			!ts.Equal(t0.Add(time.Duration(i)*time.Second)) || ts.Location() != time.UTC {
			t.Fatalf("row %d: %#v", i, r)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
