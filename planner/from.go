package planner

import (
	"strconv"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// fromItem binds one FROM item. sc is the scope of the FROM items before
// it (for error messages and LATERAL, which is refused).
func (b *binder) fromItem(n *pg.Node, sc *scope) (plan.Node, []*rel, error) {
	switch {
	case n.GetRangeVar() != nil:
		rv := n.GetRangeVar()
		if b.asof[rv.Location] {
			return nil, nil, sqlerr.New(sqlerr.Syntax, "ASOF JOIN needs a left side").At(pos(rv.Location))
		}
		return b.rangeVar(rv, sc)
	case n.GetRangeSubselect() != nil:
		return b.rangeSubselect(n.GetRangeSubselect(), sc)
	case n.GetJoinExpr() != nil:
		return b.joinExpr(n.GetJoinExpr(), sc)
	case n.GetRangeFunction() != nil:
		return nil, nil, sqlerr.Unsupported("a function in FROM (generate_series, unnest, ...)")
	}
	return nil, nil, sqlerr.New(sqlerr.FeatureNotSupported, "FROM item %s is not supported", nodeName(n))
}

func (b *binder) rangeSubselect(rs *pg.RangeSubselect, sc *scope) (plan.Node, []*rel, error) {
	if rs.Lateral {
		return nil, nil, sqlerr.Unsupported("LATERAL")
	}
	outer := sc.parent // an uncorrelated derived table sees only enclosing queries
	q, err := b.selectStmt(rs.Subquery.GetSelectStmt(), outer)
	if err != nil {
		return nil, nil, err
	}
	alias, colNames := "", []string(nil)
	if rs.Alias != nil {
		alias, colNames = rs.Alias.Aliasname, aliasColumns(rs.Alias)
	}
	r, err := b.relFor(alias, q.Columns(), colNames)
	if err != nil {
		return nil, nil, err
	}
	return q, []*rel{r}, nil
}

func aliasColumns(a *pg.Alias) []string {
	var out []string
	for _, c := range a.Colnames {
		out = append(out, c.GetString_().GetSval())
	}
	return out
}

// relFor makes the scope entry of a FROM item, renaming its columns by the
// alias's column list.
func (b *binder) relFor(alias string, cols []plan.Column, rename []string) (*rel, error) {
	if len(rename) > len(cols) {
		return nil, sqlerr.New("42P10", "table %q has %d columns available but %d columns specified",
			alias, len(cols), len(rename))
	}
	r := &rel{alias: alias, cols: append([]plan.Column{}, cols...)}
	for i, name := range rename {
		r.cols[i].Name = name
	}
	return r, nil
}

func (b *binder) joinExpr(j *pg.JoinExpr, sc *scope) (plan.Node, []*rel, error) {
	left, lrels, err := b.fromItem(j.Larg, sc)
	if err != nil {
		return nil, nil, err
	}
	if rv := j.Rarg.GetRangeVar(); rv != nil && b.asof[rv.Location] {
		return b.asofJoin(j, left, lrels, sc)
	}
	right, rrels, err := b.fromItem(j.Rarg, sc)
	if err != nil {
		return nil, nil, err
	}
	if j.IsNatural || len(j.UsingClause) > 0 {
		return nil, nil, sqlerr.Unsupported("JOIN ... USING and NATURAL JOIN").WithHint("write the join condition with ON")
	}
	if j.Alias != nil {
		return nil, nil, sqlerr.Unsupported("an alias on a join")
	}
	join := &plan.Join{Left: left, Right: right}
	switch j.Jointype {
	case pg.JoinType_JOIN_INNER:
		join.Kind = plan.InnerJoin
		if j.Quals == nil {
			join.Kind = plan.CrossJoin
		}
	case pg.JoinType_JOIN_LEFT:
		join.Kind = plan.LeftJoin
	case pg.JoinType_JOIN_RIGHT:
		join.Kind = plan.RightJoin
	case pg.JoinType_JOIN_FULL:
		join.Kind = plan.FullJoin
	default:
		return nil, nil, sqlerr.Unsupported("this join type")
	}
	rels := append(append([]*rel{}, lrels...), rrels...)
	if j.Quals != nil {
		on := &scope{rels: rels, parent: sc.parent}
		if join.On, err = b.expr(j.Quals, on); err != nil {
			return nil, nil, err
		}
	}
	return join, rels, nil
}

func (b *binder) pushCTEs(w *pg.WithClause) error {
	if w.Recursive {
		return sqlerr.Unsupported("WITH RECURSIVE")
	}
	level := map[string]*cte{}
	b.ctes = append(b.ctes, level)
	for i, n := range w.Ctes {
		c := n.GetCommonTableExpr()
		sel := c.Ctequery.GetSelectStmt()
		if sel == nil {
			return sqlerr.Unsupported("a data-modifying statement in WITH")
		}
		if _, dup := level[c.Ctename]; dup {
			return sqlerr.New(sqlerr.DuplicateAlias, "WITH query name %q specified more than once", c.Ctename).At(pos(c.Location))
		}
		var cols []string
		for _, cn := range c.Aliascolnames {
			cols = append(cols, cn.GetString_().GetSval())
		}
		def := &cte{name: c.Ctename, query: sel, cols: cols, index: i}
		level[c.Ctename] = def
		// Bind once now so that errors in an unused CTE are still reported.
		if _, _, err := b.cteScan(def); err != nil {
			return err
		}
	}
	return nil
}

func (b *binder) popCTEs() { b.ctes = b.ctes[:len(b.ctes)-1] }

func (b *binder) lookupCTE(name string) *cte {
	for i := len(b.ctes) - 1; i >= 0; i-- {
		if c, ok := b.ctes[i][name]; ok {
			return c
		}
	}
	return nil
}

func (b *binder) setOperation(s *pg.SelectStmt, outer *scope) (plan.Node, error) {
	left, err := b.selectStmt(s.Larg, outer)
	if err != nil {
		return nil, err
	}
	right, err := b.selectStmt(s.Rarg, outer)
	if err != nil {
		return nil, err
	}
	lc, rc := left.Columns(), right.Columns()
	if len(lc) != len(rc) {
		return nil, sqlerr.New(sqlerr.Syntax, "each %s query must have the same number of columns", setOpName(s.Op))
	}
	op := &plan.SetOp{Left: left, Right: right, All: s.All}
	switch s.Op {
	case pg.SetOperation_SETOP_UNION:
		op.Kind = plan.Union
	case pg.SetOperation_SETOP_INTERSECT:
		op.Kind = plan.Intersect
	default:
		op.Kind = plan.Except
	}
	for _, c := range lc {
		op.Cols = append(op.Cols, b.newColumn(c.Name, c.Type))
	}
	return b.orderAndLimit(s, op)
}

func setOpName(op pg.SetOperation) string {
	switch op {
	case pg.SetOperation_SETOP_UNION:
		return "UNION"
	case pg.SetOperation_SETOP_INTERSECT:
		return "INTERSECT"
	}
	return "EXCEPT"
}

// orderAndLimit applies ORDER BY and LIMIT of a set operation or VALUES,
// whose ORDER BY can name only output columns.
func (b *binder) orderAndLimit(s *pg.SelectStmt, n plan.Node) (plan.Node, error) {
	sc := &scope{rels: []*rel{{cols: n.Columns()}}}
	var targets []target
	for _, c := range n.Columns() {
		targets = append(targets, target{name: c.Name, expr: &plan.ColRef{ID: c.ID, Name: c.Name}, typ: c.Type})
	}
	keys, err := b.sortKeys(s.SortClause, sc, targets)
	if err != nil {
		return nil, err
	}
	if len(keys) > 0 {
		n = &plan.Sort{Input: n, Keys: keys}
	}
	return b.limit(s, sc, n)
}

func (b *binder) valuesList(s *pg.SelectStmt, outer *scope) (plan.Node, error) {
	v := &plan.Values{}
	sc := &scope{parent: outer}
	for i, row := range s.ValuesLists {
		exprs, err := b.exprs(row.GetList().Items, sc)
		if err != nil {
			return nil, err
		}
		if i > 0 && len(exprs) != len(v.Rows[0]) {
			return nil, sqlerr.New(sqlerr.Syntax, "VALUES lists must all be the same length")
		}
		v.Rows = append(v.Rows, exprs)
	}
	for i, e := range v.Rows[0] {
		v.Cols = append(v.Cols, b.newColumn(valuesColumnName(i), exprType(e, sc)))
	}
	return b.orderAndLimit(s, v)
}

func valuesColumnName(i int) string { return "column" + strconv.Itoa(i+1) }
