package postgres_test

import (
	"reflect"
	"testing"

	"github.com/pitgate/pitgate/warehouse"
)

// TestIndexes lists exactly the btrees a range read can use, each with its
// leading columns up to the first expression.
func TestIndexes(t *testing.T) {
	db, _ := open(t)
	exec(t, db, `DROP TABLE IF EXISTS "Ix T"; CREATE TABLE "Ix T" (k int, "Key 2" text, ts timestamptz, v float8);
		CREATE INDEX ix_a ON "Ix T" (k, "Key 2", ts DESC);
		CREATE INDEX ix_b ON "Ix T" (k, (v + 1), ts);
		CREATE INDEX ix_partial ON "Ix T" (k, ts) WHERE v > 0;
		CREATE INDEX ix_hash ON "Ix T" USING hash (k);
		CREATE INDEX ix_incl ON "Ix T" (ts) INCLUDE (k);
		CREATE VIEW "Ix V" AS SELECT * FROM "Ix T"`)
	got, err := db.Indexes(ctx(t), []string{"Ix T"})
	if err != nil {
		t.Fatal(err)
	}
	want := []warehouse.Index{
		{Name: "ix_a", Columns: []string{"k", "Key 2", "ts"}},
		{Name: "ix_b", Columns: []string{"k"}},
		{Name: "ix_incl", Columns: []string{"ts"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("indexes = %+v, want %+v", got, want)
	}
	for _, name := range [][]string{{"Ix V"}, {"no_such_table"}} {
		got, err := db.Indexes(ctx(t), name)
		if err != nil || len(got) != 0 {
			t.Errorf("%v: indexes = %+v, %v; want none", name, got, err)
		}
	}
}
