package planner

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/registry"
)

// viewScan is a feature view read from its source: a projection that
// renames source columns to the view's (field_mapping, event_timestamp)
// and casts features to their declared types.
type viewScan struct {
	view     *registry.FeatureView
	node     *plan.Project
	keys     []plan.Column
	ts       plan.Column
	created  plan.Column // ID 0 when the source has none
	features []plan.Column
}

// visible are the columns a query may name: join keys, event_timestamp, features.
func (v *viewScan) visible() []plan.Column {
	out := append([]plan.Column{}, v.keys...)
	out = append(out, v.ts)
	return append(out, v.features...)
}

func (b *binder) viewRelation(v *registry.FeatureView, at int) (plan.Node, []plan.Column, error) {
	vs, err := b.scanView(v, at)
	if err != nil {
		return nil, nil, err
	}
	return vs.node, vs.visible(), nil
}

func (b *binder) scanView(v *registry.FeatureView, at int) (*viewScan, error) {
	src, srcCols, err := b.sourceNode(v.Source, at)
	if err != nil {
		return nil, err
	}
	vs := &viewScan{view: v, node: &plan.Project{Input: src}}
	if t, ok := src.(*plan.Table); ok && t.Open {
		srcCols = openSourceColumns(b, t, v)
	}
	column := func(viewName string, t plan.Type) (plan.Column, error) {
		srcName := v.Source.Column(viewName)
		for _, c := range srcCols {
			if c.Name != srcName {
				continue
			}
			var e plan.Expr = &plan.ColRef{ID: c.ID, Name: c.Name}
			if t == "" {
				t = c.Type
			} else if c.Type != "" && c.Type != t {
				e = &plan.Cast{X: e, Type: t}
			}
			out := b.newColumn(viewName, t)
			vs.node.Exprs = append(vs.node.Exprs, e)
			vs.node.Cols = append(vs.node.Cols, out)
			return out, nil
		}
		return plan.Column{}, sqlerr.New(sqlerr.UndefinedColumn,
			"feature view %s: source %s has no column %s", v.Name, v.Source.Name, srcName).At(at)
	}
	for _, k := range v.JoinKeys() {
		c, err := column(k, "")
		if err != nil {
			return nil, err
		}
		vs.keys = append(vs.keys, c)
	}
	if vs.ts, err = sourceColumn(b, v, v.Source.TimestampField, "event_timestamp", srcCols, vs, at); err != nil {
		return nil, err
	}
	if f := v.Source.CreatedTimestampField; f != "" {
		if vs.created, err = sourceColumn(b, v, f, "__created", srcCols, vs, at); err != nil {
			return nil, err
		}
	}
	for _, f := range v.Features {
		c, err := column(f.Name, plan.Type(f.Type.String()))
		if err != nil {
			return nil, err
		}
		vs.features = append(vs.features, c)
	}
	return vs, nil
}

// openSourceColumns lists, for a source table of unknown schema, the
// columns the view reads from it.
func openSourceColumns(b *binder, t *plan.Table, v *registry.FeatureView) []plan.Column {
	add := b.opener(t)
	names := []string{}
	for _, k := range v.JoinKeys() {
		names = append(names, v.Source.Column(k))
	}
	names = append(names, v.Source.TimestampField)
	if v.Source.CreatedTimestampField != "" {
		names = append(names, v.Source.CreatedTimestampField)
	}
	for _, f := range v.Features {
		names = append(names, v.Source.Column(f.Name))
	}
	for _, n := range names {
		add(n)
	}
	return t.Cols
}

// sourceColumn projects a source column by its source name (timestamps are
// named by the source, not through field_mapping).
func sourceColumn(b *binder, v *registry.FeatureView, srcName, as string, srcCols []plan.Column, vs *viewScan, at int) (plan.Column, error) {
	for _, c := range srcCols {
		if c.Name == srcName {
			out := b.newColumn(as, c.Type)
			vs.node.Exprs = append(vs.node.Exprs, &plan.ColRef{ID: c.ID, Name: c.Name})
			vs.node.Cols = append(vs.node.Cols, out)
			return out, nil
		}
	}
	return plan.Column{}, sqlerr.New(sqlerr.UndefinedColumn,
		"feature view %s: source %s has no column %s", v.Name, v.Source.Name, srcName).At(at)
}

// sourceNode plans a source: its warehouse table, or its query parsed as
// PostgreSQL SQL and bound like a subquery.
func (b *binder) sourceNode(s *registry.Source, at int) (plan.Node, []plan.Column, error) {
	if s.Query == "" {
		return b.warehouseTable(s.TableName(), at)
	}
	tree, err := pg.Parse(s.Query)
	if err != nil {
		return nil, nil, sqlerr.New(sqlerr.Syntax, "source %s (%s): query: %v", s.Name, s.Pos, err).At(at)
	}
	if len(tree.Stmts) != 1 || tree.Stmts[0].Stmt.GetSelectStmt() == nil {
		return nil, nil, sqlerr.New(sqlerr.FeatureNotSupported, "source %s (%s): query must be one SELECT", s.Name, s.Pos).At(at)
	}
	sub := &binder{ctx: b.ctx, p: b.p, asof: map[int32]bool{}, nextID: b.nextID}
	q, err := sub.selectStmt(tree.Stmts[0].Stmt.GetSelectStmt(), nil)
	if err != nil {
		return nil, nil, sqlerr.New(sqlerr.Code(err), "source %s (%s): query: %v", s.Name, s.Pos, err).At(at)
	}
	b.nextID = sub.nextID
	return q, q.Columns(), nil
}
