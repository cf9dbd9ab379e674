package postgres_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/onlinetest"
	"github.com/pitgate/pitgate/online/postgres"
)

// TestDatasetRecords: saved datasets' records in PostgreSQL are shared by
// two openings (two gateways), a second Add of a name is 42P07, Remove
// removes, and the materialization state in the same table is untouched;
// the file store behaves the same.
func TestDatasetRecords(t *testing.T) {
	dsn := onlinetest.PostgresDSN(t)
	ctx := context.Background()
	open := func() *online.Datasets {
		ds, b, err := postgres.OpenDatasets(ctx, postgres.StateOptions{DSN: dsn})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(b.Close)
		return ds
	}
	a, b := open(), open()
	a.Remove(ctx, "train_pgtest") // a previous run's, if any
	st := openState(t, dsn)
	v := stateView(t, "conv")
	before, err := st.View(v)
	if err != nil {
		t.Fatal(err)
	}
	checkDatasetRecords(t, a, b)
	after, err := st.View(v)
	if err != nil || len(after.Intervals) != len(before.Intervals) {
		t.Errorf("materialization state changed: %v -> %v (%v)", before, after, err)
	}
	f, err := online.OpenDatasets(filepath.Join(t.TempDir(), online.DatasetsFile))
	if err != nil {
		t.Fatal(err)
	}
	g, err := online.OpenDatasets(filepath.Join(filepath.Dir(f.Path()), online.DatasetsFile))
	if err != nil {
		t.Fatal(err)
	}
	checkDatasetRecords(t, f, g)
}

func checkDatasetRecords(t *testing.T, a, b *online.Datasets) {
	t.Helper()
	ctx := context.Background()
	lo := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	rec := online.SavedDataset{Name: "train_pgtest", Table: []string{"s", "train_pgtest"}, Query: "CREATE TABLE ...",
		Views: []string{"v"}, Features: []string{"v.f"}, MinTime: &lo, MaxTime: &lo, Rows: 7, Created: lo}
	if err := a.Add(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(ctx, rec); sqlerr.Code(err) != "42P07" {
		t.Errorf("second Add: %v, want 42P07", err)
	}
	got, ok, err := b.Get(ctx, "train_pgtest")
	if err != nil || !ok || got.Rows != 7 || !got.MinTime.Equal(lo) || got.Features[0] != "v.f" {
		t.Errorf("Get from the other opening: %+v %v %v", got, ok, err)
	}
	if err := b.Remove(ctx, "train_pgtest"); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := a.Get(ctx, "train_pgtest"); ok || err != nil {
		t.Errorf("after Remove: found %v (%v)", ok, err)
	}
}
