package gateway

import (
	"context"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
)

// Export runs one query as a session would (planned against the registry
// and the warehouse's tables, datasets.<name> included, printed in the
// warehouse's dialect) and returns its rows streaming from the warehouse,
// with the result's column names as the plan gives them: what `pitgate
// export` writes to a file. Anything but one query is 42601/0A000.
func (g *Gateway) Export(ctx context.Context, sql string) (warehouse.Rows, []string, error) {
	stmts, err := g.planner.Plan(ctx, sql)
	if err != nil {
		return nil, nil, err
	}
	if len(stmts) != 1 {
		return nil, nil, sqlerr.New(sqlerr.Syntax, "export takes one query, got %d statements", len(stmts))
	}
	st := stmts[0]
	if st.Err != nil {
		return nil, nil, st.Err
	}
	if st.Kind != planner.KindQuery {
		return nil, nil, sqlerr.New(sqlerr.FeatureNotSupported, "export takes a query of the warehouse (SELECT ...)").
			WithHint("online lookups, catalog queries and other statements have nothing to export")
	}
	if len(st.Query.Params) > 0 {
		return nil, nil, sqlerr.New(sqlerr.FeatureNotSupported, "export takes no parameters ($1)").
			WithHint("write the values into the query")
	}
	text, err := dialects.Print(g.dialect, st.Query.Root)
	if err != nil {
		return nil, nil, err
	}
	rows, err := g.wh.Query(ctx, text)
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, len(st.Query.Columns))
	for i, c := range st.Query.Columns {
		names[i] = c.Name
	}
	return rows, names, nil
}
