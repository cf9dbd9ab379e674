package gateway

import (
	"context"
	"fmt"

	"github.com/pitgate/pitgate/catalog"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/wire"
)

// runCatalog answers a pg_catalog / information_schema query from the
// catalog engine. params are the bound parameters' text (nil: NULL) and
// their type OIDs, for the extended protocol.
func (s *Session) runCatalog(ctx context.Context, q *planner.CatalogQuery, params []*string, oids []uint32, w wire.ResultWriter) error {
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	rows, err := s.openCatalog(ctx, q, params, oids, w)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols := s.describe(nil, rows.Columns())
	if err := w.Describe(cols); err != nil {
		return err
	}
	n := 0
	for rows.Next() {
		if err := w.Row(s.wireValues(rows.Values(), cols)); err != nil {
			return err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return s.queryError(ctx, err)
	}
	return w.Complete(fmt.Sprintf("SELECT %d", n))
}

// openCatalog applies the statement's set_config calls (w receives their
// ParameterStatus; nil to skip them when only describing) and runs it
// under ctx, which must outlive the rows.
func (s *Session) openCatalog(ctx context.Context, q *planner.CatalogQuery, params []*string, oids []uint32, w wire.ResultWriter) (warehouse.Rows, error) {
	if q.Err != nil {
		return nil, q.Err
	}
	if w != nil {
		for _, set := range q.SetConfig {
			if err := s.assign(set.Name, set.Value, set.Local, w); err != nil {
				return nil, err
			}
		}
	}
	sql, err := q.Bind(params, oids)
	if err != nil {
		return nil, err
	}
	rows, err := s.gw.catalog.Query(ctx, sql, catalog.Session{User: s.user, Settings: s.settings, PID: s.id,
		Temp: s.catalogTemps(), Cursors: s.catalogCursors()})
	if err != nil {
		return nil, s.queryError(ctx, err)
	}
	return rows, nil
}

// catalogColumns describes a catalog query by running it with NULL
// parameters: catalog queries are small, and the engine then reports the
// real column types.
func (s *Session) catalogColumns(ctx context.Context, q *planner.CatalogQuery, params []paramType) ([]wire.Column, error) {
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	rows, err := s.openCatalog(ctx, q, make([]*string, len(params)), paramOIDs(params), nil)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return s.describe(nil, rows.Columns()), nil
}

func paramOIDs(params []paramType) []uint32 {
	out := make([]uint32, len(params))
	for i, p := range params {
		out[i] = p.oid
	}
	return out
}

// catalogParams turns bound parameter literals into the text the catalog
// rewrite takes.
func catalogParams(values []plan.Expr) []*string {
	out := make([]*string, len(values))
	for i, v := range values {
		if c, ok := v.(*plan.Cast); ok {
			v = c.X
		}
		c, ok := v.(*plan.Const)
		if !ok || c.Value == nil {
			continue
		}
		text := fmt.Sprint(c.Value)
		out[i] = &text
	}
	return out
}
