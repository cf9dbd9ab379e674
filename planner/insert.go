package planner

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// tempInsert binds INSERT INTO t [(cols)] VALUES ... | SELECT ... into a
// session temporary table: the rows are a query like any other (VALUES
// lists bind as plan.Values), each column cast to its target's type so
// that untyped literals mean what they mean in PostgreSQL's INSERT.
func (b *binder) tempInsert(ins *pg.InsertStmt) (*Statement, error) {
	rv := ins.Relation
	at := pos(rv.Location)
	if path, ok := b.writePath(rv); ok {
		return b.writeInsert(ins, path) // write.go
	}
	name, err := b.tempName(rv)
	if err != nil {
		return nil, err
	}
	_, cols, ok := b.tempTable(name)
	if !ok {
		return nil, b.notWritable(name, at)
	}
	q, names, err := b.insertRows(ins, name, cols)
	if err != nil {
		return nil, err
	}
	return &Statement{Kind: KindTemp, Temp: &Temp{Op: TempInsert, Name: name, Query: q, Targets: names}}, nil
}

// insertRows binds the rows of INSERT INTO table [(cols)] ..., a table of
// columns cols: the query, each column cast to its target's type, and
// the target columns in its column order.
func (b *binder) insertRows(ins *pg.InsertStmt, name string, cols []TableColumn) (*Query, []string, error) {
	at := pos(ins.Relation.Location)
	if ins.OnConflictClause != nil || len(ins.ReturningList) > 0 || ins.WithClause != nil {
		return nil, nil, sqlerr.Unsupported("ON CONFLICT, RETURNING and WITH in an INSERT").At(at)
	}
	targets, err := insertTargets(ins.Cols, cols, name)
	if err != nil {
		return nil, nil, err
	}
	sel := ins.SelectStmt.GetSelectStmt()
	if sel == nil {
		return nil, nil, sqlerr.Unsupported("INSERT ... DEFAULT VALUES").At(at)
	}
	q, err := b.query(sel)
	if err != nil {
		return nil, nil, err
	}
	out := q.Root.Columns()
	switch {
	case len(out) > len(targets):
		return nil, nil, sqlerr.New(sqlerr.Syntax, "INSERT has more expressions than target columns").At(at)
	case len(out) < len(targets) && len(ins.Cols) > 0:
		return nil, nil, sqlerr.New(sqlerr.Syntax, "INSERT has more target columns than expressions").At(at)
	}
	targets = targets[:len(out)]
	var names []string
	if v, ok := q.Root.(*plan.Values); ok {
		// Each item is cast where it stands, as PostgreSQL coerces every
		// VALUES item of an INSERT to its target column: a column may mix
		// untyped literals and typed ones.
		for i := range v.Cols {
			v.Cols[i].Type = plan.Type(targets[i].Type)
			for _, row := range v.Rows {
				b.typeParam(row[i], v.Cols[i].Type) // INSERT ... VALUES ($1): $1 has the column's type
				row[i] = &plan.Cast{X: row[i], Type: v.Cols[i].Type}
			}
			names = append(names, targets[i].Name)
		}
		q.Columns, q.Params = v.Cols, b.paramTypes()
		return q, names, nil
	}
	p := &plan.Project{Input: q.Root}
	for i, c := range out {
		t := plan.Type(targets[i].Type)
		p.Exprs = append(p.Exprs, &plan.Cast{X: &plan.ColRef{ID: c.ID, Name: c.Name}, Type: t})
		p.Cols = append(p.Cols, b.newColumn(targets[i].Name, t))
		names = append(names, targets[i].Name)
	}
	q.Root, q.Columns = p, p.Cols
	return q, names, nil
}

const writeHint = "INSERT INTO online.<view> pushes to the online store; CREATE TEMP TABLE t (...) then INSERT INTO t uploads entity rows; " +
	"a schema listed in " + WritableSchemasKey + " of pitgate.yaml takes INSERT INTO <schema>.<table>"

// notWritable is the error for an INSERT into a name that is no session
// temporary table: 42501 for a warehouse table (pitgate does not write
// the warehouse), 42P01 when there is no such relation at all.
func (b *binder) notWritable(name string, at int) error {
	if _, err := b.p.tables.Table(b.ctx, []string{name}); err == nil || b.p.repo.View(name) != nil {
		return sqlerr.New(sqlerr.InsufficientPriv, "permission denied for table %s: pitgate writes only the online store, session temporary tables and the schemas of %s", name, WritableSchemasKey).
			At(at).WithHint("%s", writeHint)
	}
	return sqlerr.New(sqlerr.UndefinedTable, "relation %q does not exist", name).At(at).WithHint("%s", writeHint)
}

// insertTargets resolves INSERT's column list against the table's columns
// (none listed: all, in order).
func insertTargets(list []*pg.Node, cols []TableColumn, table string) ([]TableColumn, error) {
	if len(list) == 0 {
		return cols, nil
	}
	var out []TableColumn
	seen := map[string]bool{}
	for _, n := range list {
		rt := n.GetResTarget()
		var found *TableColumn
		for i := range cols {
			if cols[i].Name == rt.Name {
				found = &cols[i]
			}
		}
		switch {
		case len(rt.Indirection) > 0:
			return nil, sqlerr.Unsupported("assigning to a field or element of a column").At(pos(rt.Location))
		case found == nil:
			return nil, sqlerr.New(sqlerr.UndefinedColumn, "column %q of relation %q does not exist", rt.Name, table).
				At(pos(rt.Location))
		case seen[rt.Name]:
			return nil, sqlerr.New("42701", "column %q specified more than once", rt.Name).At(pos(rt.Location))
		}
		seen[rt.Name] = true
		out = append(out, *found)
	}
	return out, nil
}
