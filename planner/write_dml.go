package planner

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// UPDATE s.t SET c = e, ... [WHERE cond] and DELETE FROM s.t [WHERE cond]
// on a table of a writable schema (write.go). Their expressions read the
// table's own columns: the plan carries them as the rows of
// SELECT e, ... FROM s.t WHERE cond, which every dialect prints back as
// the statement. FROM / USING, RETURNING, WITH, multiple-column SET and
// subqueries are refused with 0A000: not every warehouse takes them the
// same way.

const dmlHint = "write the condition over the table's own columns; to combine tables, CREATE TABLE s.t2 AS SELECT ... with the join"

func (b *binder) updateStatement(u *pg.UpdateStmt) (*Statement, error) {
	rv := u.Relation
	at := pos(rv.Location)
	path, ok := b.writePath(rv)
	if !ok {
		return nil, b.dmlNotWritable(rv, "UPDATE")
	}
	if len(u.FromClause) > 0 || len(u.ReturningList) > 0 || u.WithClause != nil {
		return nil, sqlerr.Unsupported("UPDATE with FROM, RETURNING or WITH").At(at).WithHint("%s", dmlHint)
	}
	t, sc, err := b.dmlTarget(rv, path)
	if err != nil {
		return nil, err
	}
	cols := targetColumns(t)
	set := &plan.Project{Input: t}
	w := &Write{Write: plan.Write{Op: plan.UpdateTable, Table: path}}
	for _, n := range u.TargetList {
		rt := n.GetResTarget()
		if rt.Val.GetMultiAssignRef() != nil {
			return nil, sqlerr.Unsupported("UPDATE ... SET (a, b) = (...)").At(pos(rt.Location)).
				WithHint("assign each column on its own: SET a = ..., b = ...")
		}
		target, err := insertTargets([]*pg.Node{n}, cols, w.Name())
		if err != nil {
			return nil, err
		}
		v, err := b.dmlExpr(rt.Val, sc)
		if err != nil {
			return nil, err
		}
		typ := plan.Type(target[0].Type)
		b.typeParam(v, typ)
		set.Exprs = append(set.Exprs, &plan.Cast{X: v, Type: typ})
		set.Cols = append(set.Cols, b.newColumn(target[0].Name, typ))
		w.Set = append(w.Set, target[0].Name)
	}
	if err := noDuplicateSet(w.Set, u.TargetList); err != nil {
		return nil, err
	}
	if set.Input, err = b.dmlWhere(t, u.WhereClause, sc); err != nil {
		return nil, err
	}
	return b.dmlStatement(w, set)
}

func (b *binder) deleteStatement(d *pg.DeleteStmt) (*Statement, error) {
	rv := d.Relation
	path, ok := b.writePath(rv)
	if !ok {
		return nil, b.dmlNotWritable(rv, "DELETE")
	}
	if len(d.UsingClause) > 0 || len(d.ReturningList) > 0 || d.WithClause != nil {
		return nil, sqlerr.Unsupported("DELETE with USING, RETURNING or WITH").At(pos(rv.Location)).WithHint("%s", dmlHint)
	}
	t, sc, err := b.dmlTarget(rv, path)
	if err != nil {
		return nil, err
	}
	rows, err := b.dmlWhere(t, d.WhereClause, sc)
	if err != nil {
		return nil, err
	}
	return b.dmlStatement(&Write{Write: plan.Write{Op: plan.DeleteFrom, Table: path}}, rows)
}

func (b *binder) dmlStatement(w *Write, rows plan.Node) (*Statement, error) {
	if err := b.undetermined(); err != nil {
		return nil, err
	}
	return writeStatement(w, &Query{Root: rows, Columns: rows.Columns(), Params: b.paramTypes()}), nil
}

// dmlNotWritable: UPDATE and DELETE write only tables of writable schemas
// (not temporary tables, online views or saved datasets).
func (b *binder) dmlNotWritable(rv *pg.RangeVar, verb string) error {
	if rv.Schemaname == "" || rv.Schemaname == "pg_temp" {
		if _, _, ok := b.tempTable(rv.Relname); ok {
			return sqlerr.Unsupported(verb+" of a session temporary table").At(pos(rv.Location)).
				WithHint("CREATE TEMP TABLE t2 AS SELECT ... the rows to keep, then DROP TABLE %s", rv.Relname)
		}
	}
	return b.schemaNotWritable(rv)
}

// dmlTarget binds the table an UPDATE or DELETE writes and the scope its
// expressions see: the table under its alias (or its own name).
func (b *binder) dmlTarget(rv *pg.RangeVar, path []string) (*plan.Table, *scope, error) {
	node, cols, err := b.warehouseTable(path, pos(rv.Location))
	if err != nil {
		return nil, nil, err
	}
	t, ok := node.(*plan.Table)
	if !ok || t.Open {
		return nil, nil, sqlerr.New(sqlerr.UndefinedTable, "relation %q does not exist", rv.Relname).At(pos(rv.Location))
	}
	alias := rv.Relname
	if rv.Alias != nil {
		alias = rv.Alias.Aliasname
	}
	return t, &scope{rels: []*rel{{alias: alias, cols: cols}}}, nil
}

func (b *binder) dmlWhere(t *plan.Table, where *pg.Node, sc *scope) (plan.Node, error) {
	if where == nil {
		return t, nil
	}
	cond, err := b.dmlExpr(where, sc)
	if err != nil {
		return nil, err
	}
	b.typeBool(cond)
	return &plan.Filter{Input: t, Cond: cond}, nil
}

// dmlExpr binds an expression of UPDATE or DELETE: no subquery, no
// aggregate, no window.
func (b *binder) dmlExpr(n *pg.Node, sc *scope) (plan.Expr, error) {
	e, err := b.expr(n, sc)
	if err != nil {
		return nil, err
	}
	var bad string
	plan.Walk(e, func(x plan.Expr) bool {
		switch x := x.(type) {
		case *plan.Subquery:
			bad = "subqueries"
		case *plan.Func:
			if x.Over != nil {
				bad = "window functions"
			} else if aggregates[x.Name] {
				bad = "aggregate functions"
			}
		}
		return bad == ""
	})
	if bad != "" {
		return nil, sqlerr.Unsupported(bad+" in UPDATE or DELETE").At(nodeAt(n, 0)).WithHint("%s", dmlHint)
	}
	return e, nil
}

func targetColumns(t *plan.Table) []TableColumn {
	out := make([]TableColumn, len(t.Cols))
	for i, c := range t.Cols {
		out[i] = TableColumn{Name: c.Name, Type: string(c.Type)}
	}
	return out
}

func noDuplicateSet(names []string, list []*pg.Node) error {
	seen := map[string]bool{}
	for i, n := range names {
		if seen[n] {
			return sqlerr.New("42601", "multiple assignments to same column %q", n).At(pos(list[i].GetResTarget().Location))
		}
		seen[n] = true
	}
	return nil
}
