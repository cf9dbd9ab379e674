package planner

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// aggregates are the aggregate functions a query may call; a call of one
// of them without OVER makes the query grouped.
var aggregates = map[string]bool{
	"count": true, "sum": true, "avg": true, "min": true, "max": true, "array_agg": true,
	"string_agg": true, "bool_and": true, "bool_or": true, "every": true, "stddev": true,
	"stddev_pop": true, "stddev_samp": true, "variance": true, "var_pop": true, "var_samp": true,
	"json_agg": true, "jsonb_agg": true, "json_object_agg": true, "jsonb_object_agg": true,
	"bit_and": true, "bit_or": true, "corr": true, "covar_pop": true, "covar_samp": true,
	"regr_slope": true, "regr_intercept": true, "regr_count": true, "regr_r2": true,
	"percentile_cont": true, "percentile_disc": true, "mode": true,
}

// grouping adds the Aggregate and HAVING of a SELECT when it has them.
func (b *binder) grouping(s *pg.SelectStmt, sc *scope, input plan.Node, targets []target) (plan.Node, error) {
	grouped := len(s.GroupClause) > 0 || s.HavingClause != nil
	for _, t := range targets {
		grouped = grouped || hasAggregate(t.expr)
	}
	for _, n := range s.SortClause {
		if e, err := b.expr(n.GetSortBy().Node, sc); err == nil && hasAggregate(e) {
			grouped = true
		}
	}
	if !grouped {
		return input, nil
	}
	if input == nil {
		input = oneRow()
	}
	agg := &plan.Aggregate{Input: input}
	for _, g := range s.GroupClause {
		e, err := b.groupKey(g, sc, targets)
		if err != nil {
			return nil, err
		}
		agg.GroupBy = append(agg.GroupBy, e)
	}
	var out plan.Node = agg
	if s.HavingClause != nil {
		cond, err := b.expr(s.HavingClause, sc)
		if err != nil {
			return nil, err
		}
		out = &plan.Filter{Input: agg, Cond: cond}
	}
	return out, nil
}

// groupKey binds a GROUP BY item: an ordinal, an input column, an output
// name (in that order, as PostgreSQL resolves them) or an expression.
func (b *binder) groupKey(n *pg.Node, sc *scope, targets []target) (plan.Expr, error) {
	if n.GetGroupingSet() != nil {
		return nil, sqlerr.Unsupported("GROUPING SETS, ROLLUP and CUBE")
	}
	if i, ok := ordinal(n); ok {
		if i < 1 || i > len(targets) {
			return nil, sqlerr.New("42P10", "GROUP BY position %d is not in select list", i).At(pos(n.GetAConst().Location))
		}
		return targets[i-1].expr, nil
	}
	e, err := b.expr(n, sc)
	if err == nil {
		return e, nil
	}
	if name, ok := bareName(n); ok && sqlerr.Code(err) == sqlerr.UndefinedColumn {
		for _, t := range targets {
			if t.name == name {
				return t.expr, nil
			}
		}
	}
	return nil, err
}

func ordinal(n *pg.Node) (int, bool) {
	if c := n.GetAConst(); c != nil {
		if iv, ok := c.Val.(*pg.A_Const_Ival); ok {
			return int(iv.Ival.Ival), true
		}
	}
	return 0, false
}

func bareName(n *pg.Node) (string, bool) {
	cr := n.GetColumnRef()
	if cr == nil || len(cr.Fields) != 1 || cr.Fields[0].GetString_() == nil {
		return "", false
	}
	return cr.Fields[0].GetString_().Sval, true
}

func hasAggregate(e plan.Expr) bool {
	found := false
	plan.Walk(e, func(x plan.Expr) bool {
		if f, ok := x.(*plan.Func); ok && f.Over == nil && aggregates[f.Name] {
			found = true
		}
		return !found
	})
	return found
}

// sortKeys binds ORDER BY: an ordinal or a bare output name refers to the
// select list (PostgreSQL's rule), anything else is an input expression.
func (b *binder) sortKeys(list []*pg.Node, sc *scope, targets []target) ([]plan.SortKey, error) {
	var keys []plan.SortKey
	for _, n := range list {
		sb := n.GetSortBy()
		e, err := b.sortExpr(sb.Node, sc, targets)
		if err != nil {
			return nil, err
		}
		k := plan.SortKey{X: e}
		switch sb.SortbyDir {
		case pg.SortByDir_SORTBY_DESC:
			k.Desc = true
		case pg.SortByDir_SORTBY_USING:
			return nil, sqlerr.Unsupported("ORDER BY ... USING")
		}
		switch sb.SortbyNulls {
		case pg.SortByNulls_SORTBY_NULLS_FIRST:
			k.NullsFirst = true
		case pg.SortByNulls_SORTBY_NULLS_LAST:
			k.NullsFirst = false
		default:
			k.NullsFirst = k.Desc // PostgreSQL: NULLs sort as larger than any value
		}
		keys = append(keys, k)
	}
	return keys, nil
}

func (b *binder) sortExpr(n *pg.Node, sc *scope, targets []target) (plan.Expr, error) {
	if i, ok := ordinal(n); ok {
		if i < 1 || i > len(targets) {
			return nil, sqlerr.New("42P10", "ORDER BY position %d is not in select list", i).At(pos(n.GetAConst().Location))
		}
		return targets[i-1].expr, nil
	}
	if name, ok := bareName(n); ok {
		var match []target
		for _, t := range targets {
			if t.name == name {
				match = append(match, t)
			}
		}
		if len(match) == 1 {
			return match[0].expr, nil
		}
		if len(match) > 1 && !allSame(match) {
			return nil, sqlerr.New(sqlerr.AmbiguousColumn, "ORDER BY %q is ambiguous", name).At(pos(n.GetColumnRef().Location))
		}
		if len(match) > 1 {
			return match[0].expr, nil
		}
	}
	return b.expr(n, sc)
}

func allSame(ts []target) bool {
	for _, t := range ts[1:] {
		if !sameExpr(t.expr, ts[0].expr) {
			return false
		}
	}
	return true
}
