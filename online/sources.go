package online

import (
	"context"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
)

// Sources plans a feature view's source: a plan whose output columns are
// the source's columns, by their source names. Its column IDs must stay
// below firstID: materialization numbers its own columns from there.
type Sources interface {
	SourcePlan(ctx context.Context, src *registry.Source) (plan.Node, error)
}

// firstID is where materialization's own column IDs start, far above any
// the planner hands out for a source.
const firstID plan.ColumnID = 1 << 30

// WarehouseSources plans table sources from the warehouse's description of
// the table. A query source needs SQL parsing, which only planner/ does:
// the gateway (or cmd) hands a planner-backed Sources for those.
type WarehouseSources struct {
	Warehouse warehouse.Warehouse
}

// SourcePlan is a Table node over the source's table with all its columns.
func (w WarehouseSources) SourcePlan(ctx context.Context, src *registry.Source) (plan.Node, error) {
	if src.Query != "" {
		return nil, sqlerr.New(sqlerr.FeatureNotSupported,
			"source %s is a query: materializing it needs the planner", src.Name).
			WithHint("run materialization through pitgate (pitgate materialize, CALL pitgate.materialize), which plans query sources")
	}
	cols, err := w.Warehouse.Table(ctx, src.TableName())
	if err != nil {
		return nil, err
	}
	t := &plan.Table{Name: src.TableName()}
	for i, c := range cols {
		t.Cols = append(t.Cols, plan.Column{ID: plan.ColumnID(i + 1), Name: c.Name, Type: plan.Type(c.Type)})
	}
	return t, nil
}
