package planner

import (
	"errors"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/registry"
)

// Schemas with a meaning of their own in pitgate.
const (
	featuresSchema = "features"
	onlineSchema   = "online"
)

func rangeVarName(rv *pg.RangeVar) []string {
	var parts []string
	for _, p := range []string{rv.Catalogname, rv.Schemaname, rv.Relname} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return parts
}

// rangeVar binds a named relation: a CTE, a feature view, or a warehouse table.
func (b *binder) rangeVar(rv *pg.RangeVar, sc *scope) (plan.Node, []*rel, error) {
	alias, rename := rv.Relname, []string(nil)
	if rv.Alias != nil {
		alias, rename = rv.Alias.Aliasname, aliasColumns(rv.Alias)
	}
	node, cols, err := b.relation(rv)
	if err != nil {
		return nil, nil, err
	}
	r, err := b.relFor(alias, cols, rename)
	if err != nil {
		return nil, nil, err
	}
	if t, ok := node.(*plan.Table); ok && t.Open {
		r.open = b.opener(t)
	}
	return node, []*rel{r}, nil
}

// relation resolves a name to a plan and the columns a query may name.
func (b *binder) relation(rv *pg.RangeVar) (plan.Node, []plan.Column, error) {
	at := pos(rv.Location)
	switch rv.Schemaname {
	case "":
		if c := b.lookupCTE(rv.Relname); c != nil && rv.Catalogname == "" {
			return b.cteScan(c)
		}
		if t, cols, ok := b.tempRelation(rv); ok {
			return t, cols, nil // a session's own tables come first, as pg_temp does
		}
		if v := b.p.repo.View(rv.Relname); v != nil {
			return b.viewRelation(v, at)
		}
		if s := b.p.repo.Service(rv.Relname); s != nil {
			return nil, nil, serviceOutsideASOF(s, at)
		}
	case featuresSchema:
		if v := b.p.repo.View(rv.Relname); v != nil {
			return b.viewRelation(v, at)
		}
		if s := b.p.repo.Service(rv.Relname); s != nil {
			return nil, nil, serviceOutsideASOF(s, at)
		}
		return nil, nil, sqlerr.New(sqlerr.UndefinedTable, "relation \"features.%s\" does not exist", rv.Relname).At(at).
			WithHint("schema features holds the registry's feature views and services")
	case onlineSchema:
		return nil, nil, b.onlineOutsideLookup(rv.Relname, at)
	case DatasetsSchema:
		if rv.Catalogname == "" {
			return b.datasetRelation(rv)
		}
	case "pg_temp":
		if t, cols, ok := b.tempRelation(rv); ok {
			return t, cols, nil
		}
	}
	return b.warehouseTable(rangeVarName(rv), at)
}

func serviceOutsideASOF(s *registry.FeatureService, at int) error {
	return sqlerr.New(sqlerr.FeatureNotSupported, "feature service %s can only be read on the right of an ASOF join", s.Name).At(at).
		WithHint("SELECT ... FROM entity_rows e ASOF LEFT JOIN %s s ON s.<key> = e.<key> AND s.event_timestamp <= e.<ts>", s.Name)
}

func (b *binder) warehouseTable(name []string, at int) (plan.Node, []plan.Column, error) {
	tcols, err := b.p.tables.Table(b.ctx, name)
	if errors.Is(err, ErrUnknownSchema) {
		return &plan.Table{Name: name, Open: true}, nil, nil
	}
	if err != nil {
		if e, ok := err.(*sqlerr.Error); ok && e.Position == 0 {
			e.Position = at
		}
		return nil, nil, err
	}
	t := &plan.Table{Name: name}
	for _, c := range tcols {
		t.Cols = append(t.Cols, b.newColumn(c.Name, plan.Type(c.Type)))
	}
	return t, t.Cols, nil
}

// opener adds columns to a table of unknown schema as queries name them.
func (b *binder) opener(t *plan.Table) func(string) plan.Column {
	return func(name string) plan.Column {
		c := b.newColumn(name, "")
		t.Cols = append(t.Cols, c)
		return c
	}
}

// cteScan binds a CTE's query afresh at each reference, so each reference
// has columns of its own.
func (b *binder) cteScan(c *cte) (plan.Node, []plan.Column, error) {
	saved := b.ctes
	b.ctes = b.ctesBefore(c)
	q, err := b.selectStmt(c.query, nil)
	b.ctes = saved
	if err != nil {
		return nil, nil, err
	}
	cols := append([]plan.Column{}, q.Columns()...)
	if len(c.cols) > len(cols) {
		return nil, nil, sqlerr.New("42P10", "WITH query %q has %d columns available but %d columns specified",
			c.name, len(cols), len(c.cols))
	}
	for i, name := range c.cols {
		cols[i].Name = name
	}
	return q, cols, nil
}

// ctesBefore is the CTE scope a CTE's own query sees: the levels outside
// its WITH and the CTEs defined before it in the same WITH.
func (b *binder) ctesBefore(c *cte) []map[string]*cte {
	for i := len(b.ctes) - 1; i >= 0; i-- {
		if b.ctes[i][c.name] != c {
			continue
		}
		earlier := map[string]*cte{}
		for name, o := range b.ctes[i] {
			if o.index < c.index {
				earlier[name] = o
			}
		}
		return append(append([]map[string]*cte{}, b.ctes[:i]...), earlier)
	}
	return nil
}
