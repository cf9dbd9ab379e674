package planner

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/plan"
)

// The join form of a lookup: VALUES entity rows, inline or as a CTE, on the
// left of [LEFT] JOIN online.<x> ON <every join key> = <entity column>.

// entityJoin binds (VALUES ...) AS r(k) [LEFT] JOIN online.<x> s ON s.k = r.k,
// the entity rows also as a CTE holding a VALUES list.
func (b *binder) entityJoin(j *pg.JoinExpr, rv *pg.RangeVar, sc *scope, hint string) (*onlineRel, error) {
	at := pos(rv.Location)
	switch {
	case j.Rarg.GetRangeVar() != rv:
		return nil, lookupError(at, hint, "online.%s must be on the right of the join, the entity rows on the left", rv.Relname)
	case b.asof[rv.Location]:
		return nil, lookupError(at, hint, "online.%s holds the latest values only: an ASOF join needs the offline view %s", rv.Relname, rv.Relname)
	case j.Jointype != pg.JoinType_JOIN_INNER && j.Jointype != pg.JoinType_JOIN_LEFT:
		return nil, lookupError(at, hint, "an online lookup joins with JOIN or LEFT JOIN only")
	case j.Quals == nil || j.IsNatural || len(j.UsingClause) > 0 || j.Alias != nil:
		return nil, lookupError(at, hint, "an online lookup's join needs ON <alias>.<key> = <entity rows>.<key> for every join key")
	}
	left, lrels, err := b.fromItem(j.Larg, sc)
	if err != nil {
		return nil, err
	}
	values, ok := left.(*plan.Values)
	if !ok {
		return nil, lookupError(nodeAt(j.Larg, at), hint,
			"the entity rows of an online lookup must be a VALUES list, or a CTE that is one")
	}
	for _, row := range values.Rows {
		for _, e := range row {
			if !onlineValue(e) {
				return nil, lookupError(nodeAt(j.Larg, at), hint,
					"the entity rows of an online lookup must hold constants or parameters")
			}
		}
	}
	or, err := b.onlineRelation(rv)
	if err != nil {
		return nil, err
	}
	sc.add(lrels...)
	sc.add(or.rel)
	req := &or.lk.Request
	req.Rows, req.Outer = values.Rows, j.Jointype == pg.JoinType_JOIN_LEFT
	if req.KeyColumns, err = b.joinKeys(j.Quals, sc, or, values, hint, at); err != nil {
		return nil, err
	}
	or.entityColumns(lrels[0], values, req)
	for _, row := range values.Rows {
		for k, col := range req.KeyColumns {
			b.typeParam(row[col], or.lk.Keys[k].Type)
		}
	}
	return or, nil
}

// joinKeys reads an ON condition of conjuncts <online key> = <entity column>,
// one for each join key.
func (b *binder) joinKeys(quals *pg.Node, sc *scope, or *onlineRel, values *plan.Values, hint string, at int) ([]int, error) {
	cols := map[plan.ColumnID]int{}
	for i, c := range values.Cols {
		cols[c.ID] = i
	}
	out := make([]int, len(or.lk.Keys))
	bound := make([]bool, len(out))
	for _, c := range conjuncts(quals) {
		e, err := b.expr(c, sc)
		if err != nil {
			return nil, err
		}
		k, col, ok := keyEquality(e, or.keyIDs, cols)
		if !ok || bound[k] {
			return nil, lookupError(nodeAt(c, at), hint,
				"each condition of an online lookup's join must equate one join key of online.%s with a column of the entity rows",
				or.lk.Relation)
		}
		out[k], bound[k] = col, true
	}
	for i, ok := range bound {
		if !ok {
			return nil, lookupError(at, hint, "a lookup of online.%s must bind its join key %s", or.lk.Relation, or.lk.Keys[i].Name)
		}
	}
	return out, nil
}

func keyEquality(e plan.Expr, keys, cols map[plan.ColumnID]int) (int, int, bool) {
	op, ok := e.(*plan.Op)
	if !ok || op.Op != "=" || len(op.Args) != 2 {
		return 0, 0, false
	}
	l, lok := op.Args[0].(*plan.ColRef)
	r, rok := op.Args[1].(*plan.ColRef)
	if !lok || !rok {
		return 0, 0, false
	}
	if k, ok := keys[l.ID]; ok {
		col, ok := cols[r.ID]
		return k, col, ok
	}
	k, ok := keys[r.ID]
	col, cok := cols[l.ID]
	return k, col, ok && cok
}

// entityColumns makes the entity rows' columns selectable and types them:
// a key column as its join key, others as VALUES typed them (text when
// nothing did).
func (o *onlineRel) entityColumns(r *rel, values *plan.Values, req *Request) {
	req.RowTypes = make([]plan.Type, len(values.Cols))
	for i, c := range values.Cols {
		req.RowTypes[i] = c.Type
		if req.RowTypes[i] == "" {
			req.RowTypes[i] = "text"
		}
	}
	for k, col := range req.KeyColumns {
		if t := o.lk.Keys[k].Type; t != "" {
			req.RowTypes[col] = t
		}
	}
	for i, c := range r.cols {
		o.sources[c.ID] = LookupColumn{Name: c.Name, Type: req.RowTypes[i], Source: SourceEntityRow, Index: i}
	}
}
