package bqemu

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/online"
	bq "github.com/pitgate/pitgate/warehouse/bigquery"
)

// TestSavedDatasetsOnBigQuery: CREATE TABLE datasets.<name> AS the
// DESIGN query (its orders in a session temporary table, as a notebook's
// DataFrame would be) writes a table of the configured dataset, recorded
// with its row count; SELECT * FROM datasets.<name> reads the
// reference's rows back, the catalog lists it, and DROP removes it.
func TestSavedDatasetsOnBigQuery(t *testing.T) {
	cfg := emulatorDemo()
	db, _ := startConnector(t, bq.Config{ScratchDataset: scratchDataset})
	ctx := context.Background()
	if _, err := datagen.Write(ctx, db, cfg, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	store, err := online.OpenDatasets(filepath.Join(dir, online.DatasetsFile))
	if err != nil {
		t.Fatal(err)
	}
	dsn, _ := startScratchGateway(t, db, dir, "gw-ds", func(c *gateway.Config) {
		c.Datasets, c.DatasetsSchema = store, []string{"saved"}
	})
	c := connect(t, dsn)
	mustExecConn(t, c, "CREATE TEMP TABLE orders_df AS SELECT * FROM orders")
	query := strings.Replace(testenv.DesignQuery, "FROM orders o", "FROM orders_df o", 1)
	tag, err := c.Exec(ctx, "CREATE TABLE datasets.train AS "+query)
	if err != nil {
		t.Fatal(err)
	}
	if want := "SELECT 150"; tag.String() != want {
		t.Errorf("CREATE TABLE datasets.train AS: %q, want %q", tag, want)
	}
	if _, err := db.Table(ctx, []string{"saved", "train"}); err != nil {
		t.Errorf("the saved dataset's table in BigQuery: %v", err)
	}
	_, got := allRows(t, c, "SELECT * FROM datasets.train ORDER BY order_id")
	want := testenv.DesignReference(cfg)
	want.Cols = nil
	if diff := pitref.Compare(utcTable(got), want); diff != "" {
		t.Fatalf("datasets.train (a) differs from the reference (b):\n%s", diff)
	}
	recs, err := store.List(ctx)
	if err != nil || len(recs) != 1 || recs[0].Rows != 150 || recs[0].MinTime == nil {
		t.Errorf("records: %+v, %v; want train with 150 rows and its time range", recs, err)
	}
	const listed = `SELECT c.relname || ':' || c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'datasets' ORDER BY 1`
	if got := texts(t, c, listed); !slices.Equal(got, []string{"train:r"}) {
		t.Errorf("catalog lists %v in schema datasets, want [train:r]", got)
	}
	mustExecConn(t, c, "DROP TABLE datasets.train")
	if _, err := db.Table(ctx, []string{"saved", "train"}); err == nil {
		t.Error("DROP TABLE datasets.train left its table")
	}
	if got := texts(t, c, listed); len(got) != 0 {
		t.Errorf("after DROP the catalog lists %v", got)
	}
}
