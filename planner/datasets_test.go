package planner_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
)

const datasetASOF = `SELECT o.order_id, o.ts, d.conv_rate FROM orders o
ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.order_id AND d.event_timestamp <= o.ts`

// TestDatasetStatements: datasets.<name> binds to the configured schema;
// a CREATE records the views, features and a time-range plan; without
// configuration, and for writes other than CREATE TABLE AS, it is 0A000.
func TestDatasetStatements(t *testing.T) {
	ctx := context.Background()
	p := demoPlanner(t).WithTables(sessionTables{demoTables()}).WithDatasets([]string{"pitgate_datasets"})
	st := planOneStatement(t, p, "CREATE TABLE datasets.train AS "+datasetASOF)
	d := st.Dataset
	switch {
	case st.Kind != planner.KindDataset || d.Op != planner.DatasetCreate:
		t.Fatalf("kind %v, dataset %+v", st.Kind, d)
	case strings.Join(d.Path, ".") != "pitgate_datasets.train":
		t.Errorf("path %v", d.Path)
	case !slices.Equal(d.Views, []string{"driver_hourly_stats"}) || !slices.Equal(d.Features, []string{"driver_hourly_stats.conv_rate"}):
		t.Errorf("views %v, features %v", d.Views, d.Features)
	case d.Range == nil || len(d.Range.Columns) != 2 || d.Range.Columns[0].Type != "timestamptz":
		t.Errorf("range %+v", d.Range)
	case !d.Query.Temp || !st.ReadsTemp():
		t.Errorf("a query of a temporary table must be marked Temp")
	}
	if st := planOneStatement(t, p, "DROP TABLE IF EXISTS datasets.train"); st.Dataset == nil || st.Dataset.Op != planner.DatasetDrop || !st.Dataset.IfExists {
		t.Errorf("DROP: %+v", st.Dataset)
	}
	for _, c := range []struct {
		p         *planner.Planner
		sql, code string
	}{
		{p, "INSERT INTO datasets.train VALUES (1)", sqlerr.FeatureNotSupported},
		{p, "CREATE TABLE datasets.t (a int)", sqlerr.FeatureNotSupported},
		{p, "CREATE TABLE datasets.t AS SELECT $1::int AS a", sqlerr.FeatureNotSupported},
		{p, "CREATE TABLE other.t AS SELECT 1 AS a", sqlerr.InsufficientPriv},
		{demoPlanner(t), "CREATE TABLE datasets.t AS SELECT 1 AS a", sqlerr.FeatureNotSupported},
		{demoPlanner(t), "SELECT * FROM datasets.t", sqlerr.FeatureNotSupported},
	} {
		stmts, err := c.p.Plan(ctx, c.sql)
		if err == nil && len(stmts) == 1 {
			err = stmts[0].Err
		}
		if sqlerr.Code(err) != c.code {
			t.Errorf("%s: %v, want %s", c.sql, err, c.code)
		}
	}
}

func planOneStatement(t *testing.T, p *planner.Planner, sql string) *planner.Statement {
	t.Helper()
	stmts, err := p.Plan(context.Background(), sql)
	if err != nil || len(stmts) != 1 || stmts[0].Err != nil {
		t.Fatalf("%s: %v %v", sql, err, stmts)
	}
	return stmts[0]
}
