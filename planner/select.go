package planner

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// selectStmt binds a SELECT (or VALUES, or set operation) whose correlated
// references may reach outer.
func (b *binder) selectStmt(s *pg.SelectStmt, outer *scope) (plan.Node, error) {
	if s.WithClause != nil {
		if err := b.pushCTEs(s.WithClause); err != nil {
			return nil, err
		}
		defer b.popCTEs()
	}
	if err := unsupportedSelectParts(s); err != nil {
		return nil, err
	}
	if s.Op != pg.SetOperation_SETOP_NONE {
		return b.setOperation(s, outer)
	}
	if len(s.ValuesLists) > 0 {
		return b.valuesList(s, outer)
	}
	return b.simpleSelect(s, outer)
}

func unsupportedSelectParts(s *pg.SelectStmt) error {
	switch {
	case s.IntoClause != nil:
		return sqlerr.Unsupported("SELECT INTO")
	case len(s.LockingClause) > 0:
		return sqlerr.Unsupported("SELECT ... FOR UPDATE/SHARE")
	case len(s.WindowClause) > 0:
		return sqlerr.Unsupported("a WINDOW clause").WithHint("write the window inline in OVER (...)")
	case s.LimitOption == pg.LimitOption_LIMIT_OPTION_WITH_TIES:
		return sqlerr.Unsupported("FETCH ... WITH TIES")
	case s.GroupDistinct:
		return sqlerr.Unsupported("GROUP BY DISTINCT")
	}
	return nil
}

func (b *binder) simpleSelect(s *pg.SelectStmt, outer *scope) (plan.Node, error) {
	sc := &scope{parent: outer}
	var input plan.Node
	for _, item := range s.FromClause {
		n, rels, err := b.fromItem(item, sc)
		if err != nil {
			return nil, err
		}
		if input == nil {
			input = n
		} else {
			input = &plan.Join{Left: input, Right: n, Kind: plan.CrossJoin}
		}
		sc.add(rels...)
	}
	if s.WhereClause != nil {
		cond, err := b.expr(s.WhereClause, sc)
		if err != nil {
			return nil, err
		}
		if input == nil {
			input = oneRow()
		}
		input = &plan.Filter{Input: input, Cond: cond}
	}
	targets, err := b.targets(s.TargetList, sc)
	if err != nil {
		return nil, err
	}
	input, err = b.grouping(s, sc, input, targets)
	if err != nil {
		return nil, err
	}
	return b.finishSelect(s, sc, input, targets)
}

// oneRow is the relation of a SELECT without FROM.
func oneRow() plan.Node { return &plan.Values{Rows: [][]plan.Expr{{}}} }

// target is one bound select-list item.
type target struct {
	name string
	expr plan.Expr
	typ  plan.Type
}

// finishSelect adds the select list, DISTINCT, ORDER BY and LIMIT.
func (b *binder) finishSelect(s *pg.SelectStmt, sc *scope, input plan.Node, targets []target) (plan.Node, error) {
	if input == nil {
		input = oneRow()
	}
	keys, err := b.sortKeys(s.SortClause, sc, targets)
	if err != nil {
		return nil, err
	}
	proj := &plan.Project{}
	for _, t := range targets {
		proj.Exprs = append(proj.Exprs, t.expr)
		proj.Cols = append(proj.Cols, b.newColumn(t.name, t.typ))
	}
	var root plan.Node
	if len(s.DistinctClause) == 0 {
		if len(keys) > 0 {
			input = &plan.Sort{Input: input, Keys: keys}
		}
		proj.Input = input
		root = proj
	} else {
		proj.Input = input
		if root, err = b.distinct(s, sc, proj, targets, keys); err != nil {
			return nil, err
		}
	}
	return b.limit(s, sc, root)
}

// distinct keeps DISTINCT's rule that ORDER BY names only selected values.
func (b *binder) distinct(s *pg.SelectStmt, sc *scope, proj *plan.Project, targets []target, keys []plan.SortKey) (plan.Node, error) {
	d := &plan.Distinct{Input: proj}
	if len(s.DistinctClause) > 1 || s.DistinctClause[0].GetNode() != nil {
		for _, n := range s.DistinctClause {
			e, err := b.expr(n, sc)
			if err != nil {
				return nil, err
			}
			ref, ok := outputFor(e, proj, targets)
			if !ok {
				return nil, sqlerr.Unsupported("a DISTINCT ON expression that is not in the select list")
			}
			d.On = append(d.On, ref)
		}
	}
	if len(keys) == 0 {
		return d, nil
	}
	for i, k := range keys {
		ref, ok := outputFor(k.X, proj, targets)
		if !ok {
			return nil, sqlerr.New("42P10", "for SELECT DISTINCT, ORDER BY expressions must appear in select list")
		}
		keys[i].X = ref
	}
	return &plan.Sort{Input: d, Keys: keys}, nil
}

// outputFor finds the output column of proj that computes e.
func outputFor(e plan.Expr, proj *plan.Project, targets []target) (plan.Expr, bool) {
	for i, t := range targets {
		if sameExpr(t.expr, e) {
			return &plan.ColRef{ID: proj.Cols[i].ID, Name: proj.Cols[i].Name}, true
		}
	}
	return nil, false
}

func (b *binder) limit(s *pg.SelectStmt, sc *scope, root plan.Node) (plan.Node, error) {
	if s.LimitCount == nil && s.LimitOffset == nil {
		return root, nil
	}
	l := &plan.Limit{Input: root}
	var err error
	if s.LimitCount != nil {
		if c := s.LimitCount.GetAConst(); c == nil || !c.Isnull {
			if l.Count, err = b.expr(s.LimitCount, sc); err != nil {
				return nil, err
			}
			b.typeParam(l.Count, "int8")
		}
	}
	if s.LimitOffset != nil {
		if l.Offset, err = b.expr(s.LimitOffset, sc); err != nil {
			return nil, err
		}
		b.typeParam(l.Offset, "int8")
	}
	return l, nil
}
