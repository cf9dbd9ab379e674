package gateway

import (
	"context"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
)

// PlannerSources plans feature view sources for materialization: query
// sources with p (only the planner parses SQL), table sources from the
// warehouse's description of the table.
func PlannerSources(p *planner.Planner, wh warehouse.Warehouse) online.Sources {
	return plannerSources{planner: p, tables: online.WarehouseSources{Warehouse: wh}}
}

type plannerSources struct {
	planner *planner.Planner
	tables  online.WarehouseSources
}

func (s plannerSources) SourcePlan(ctx context.Context, src *registry.Source) (plan.Node, error) {
	if src.Query == "" {
		return s.tables.SourcePlan(ctx, src)
	}
	stmts, err := s.planner.Plan(ctx, src.Query)
	if err != nil {
		return nil, err
	}
	if len(stmts) != 1 || stmts[0].Kind != planner.KindQuery || stmts[0].Query == nil {
		if len(stmts) == 1 && stmts[0].Err != nil {
			return nil, stmts[0].Err
		}
		return nil, sqlerr.New(sqlerr.FeatureNotSupported, "source %s (%s): query must be one SELECT", src.Name, src.Pos)
	}
	return stmts[0].Query.Root, nil
}
