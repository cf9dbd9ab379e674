package postgres_test

import (
	"testing"

	"github.com/pitgate/pitgate/warehouse/warehousetest"
)

// TestStreamWithBoundedMemory reads all of a 500 MB result (the series is
// in the select list, where PostgreSQL streams it too) while the heap in
// use may grow by 16 MB at most: pgx hands rows over as they arrive and
// the connector keeps none of them.
func TestStreamWithBoundedMemory(t *testing.T) {
	db, _ := open(t)
	warehousetest.StreamBounded(t, db, warehousetest.Stream{
		SQL:           "SELECT generate_series(1, 500000) AS g, repeat('x', 1000) AS pad",
		Rows:          500000,
		PadBytes:      1000,
		MaxHeapGrowth: 16 << 20,
	})
}

// The same on a session's pinned connection, which temporary tables and
// uploaded entity rows are read through.
func TestSessionStreamWithBoundedMemory(t *testing.T) {
	db, _ := open(t)
	s, err := db.Session(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	warehousetest.StreamBounded(t, s, warehousetest.Stream{
		SQL:           "SELECT generate_series(1, 200000) AS g, repeat('y', 1000) AS pad",
		Rows:          200000,
		PadBytes:      1000,
		MaxHeapGrowth: 16 << 20,
	})
}
