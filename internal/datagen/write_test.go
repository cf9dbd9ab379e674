package datagen

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/duckdb"
)

func openDuckDB(t *testing.T) *duckdb.DB {
	t.Helper()
	db, err := duckdb.Open("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestWriteLoadsWhatTablesStreams writes into a real DuckDB, reads every
// table back and compares it with the streams, twice (Write replaces).
func TestWriteLoadsWhatTablesStreams(t *testing.T) {
	ctx := context.Background()
	db := openDuckDB(t)
	cfg := small()
	want, err := Measure(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		last := map[string]int64{}
		got, err := Write(ctx, db, cfg, func(table string, rows int64) { last[table] = rows })
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Write counted\n%+v\nMeasure counted\n%+v", got, want)
		}
		if !reflect.DeepEqual(last, want.Tables) {
			t.Fatalf("last progress %v, want %v", last, want.Tables)
		}
	}
	for _, spec := range Tables(cfg) {
		stored := readTable(t, db, spec.Name)
		streamed := &pitref.Table{}
		for row := range spec.Rows {
			streamed.Rows = append(streamed.Rows, row)
		}
		if diff := pitref.Compare(stored, streamed); diff != "" {
			t.Errorf("%s in DuckDB differs from the stream:\n%s", spec.Name, diff)
		}
	}
}

func readTable(t *testing.T, wh warehouse.Warehouse, name string) *pitref.Table {
	t.Helper()
	rows, err := wh.Query(context.Background(), "SELECT * FROM "+name)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	tab := &pitref.Table{}
	for rows.Next() {
		tab.Rows = append(tab.Rows, append([]any(nil), rows.Values()...))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestWriteStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Write(ctx, openDuckDB(t), small(), nil)
	if !errors.Is(err, context.Canceled) && sqlerr.Code(err) != sqlerr.QueryCanceled {
		t.Fatalf("got %v (SQLSTATE %s), want a cancellation", err, sqlerr.Code(err))
	}
}
