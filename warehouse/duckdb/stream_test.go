package duckdb

import (
	"context"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// DuckDB does not stream a result: duckdb-go runs a statement through the
// non-streaming pending-result API, so the engine holds the whole result
// (in its buffer manager, outside the Go heap) before the first row comes
// back (docs/architecture.md). What the connector can do is stop handing
// rows over once the context ends: cancelling between rows stops the
// result with 57014 and frees the connection.
func TestCancelMidStream(t *testing.T) {
	db := openMemory(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rows, err := db.Query(ctx, "SELECT range AS g FROM range(1000000)")
	if err != nil {
		t.Fatal(err)
	}
	read := 0
	for rows.Next() {
		read++
		if read == 1000 {
			cancel()
		}
	}
	if read >= 1000000 {
		t.Fatalf("read all %d rows after the cancel", read)
	}
	if code := sqlerr.Code(rows.Err()); code != sqlerr.QueryCanceled {
		t.Fatalf("after cancel at row 1000 (read %d): %v, want 57014", read, rows.Err())
	}
	rows.Close()
	if _, got := queryAll(t, db, "SELECT 1"); got[0][0] != int32(1) {
		t.Errorf("after cancel, SELECT 1 = %v", got[0][0])
	}
}
