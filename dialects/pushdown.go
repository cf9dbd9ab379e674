package dialects

import "github.com/pitgate/pitgate/plan"

// pushLeftFilters is the predicate-pushdown phase run before printing: a
// conjunct of a Filter directly above a PITJoin that reads only the join's
// left columns moves below the join, onto its left side (and on down
// through a chain of ASOF joins). A PITJoin's output row for a left row
// depends on that row alone, and both forms keep or drop each left row
// independently of the others, so filtering left rows before the join or
// its output after gives the same rows; printed above the join the filter
// would be a wrapping WHERE outside the window strategy's QUALIFY block,
// evaluated only after every candidate has been joined and ranked.
//
// It never moves a conjunct that mentions a right column (which would
// change the winner, or for ASOF LEFT JOIN, turn dropped rows into NULL
// rows), nothing ever moves into a join's right side, and a conjunct
// holding a subquery or a column of an enclosing query stays where it is.
// root is not modified; a plan with nothing to push comes back unchanged.
func pushLeftFilters(root plan.Node) plan.Node {
	kids := root.Children()
	changed := false
	pushed := make([]plan.Node, len(kids))
	for i, k := range kids {
		pushed[i] = pushLeftFilters(k)
		changed = changed || pushed[i] != k
	}
	n := root
	if changed {
		n = withChildren(root, pushed)
	}
	if f, ok := n.(*plan.Filter); ok {
		if j, ok := f.Input.(*plan.PITJoin); ok {
			return pushIntoLeft(f, j)
		}
	}
	return n
}

func pushIntoLeft(f *plan.Filter, j *plan.PITJoin) plan.Node {
	left := map[plan.ColumnID]bool{}
	for _, c := range j.Left.Columns() {
		left[c.ID] = true
	}
	var down, stay []plan.Expr
	for _, c := range conjuncts(f.Cond) {
		if readsOnly(c, left) {
			down = append(down, c)
		} else {
			stay = append(stay, c)
		}
	}
	if len(down) == 0 {
		return f
	}
	nj := *j
	nj.Left = pushLeftFilters(&plan.Filter{Input: j.Left, Cond: and(down)})
	if len(stay) == 0 {
		return &nj
	}
	return &plan.Filter{Input: &nj, Cond: and(stay)}
}

// readsOnly reports whether e references columns, all of them in cols, and
// holds no subquery.
func readsOnly(e plan.Expr, cols map[plan.ColumnID]bool) bool {
	ok, refs := true, 0
	plan.Walk(e, func(x plan.Expr) bool {
		switch x := x.(type) {
		case *plan.ColRef:
			refs++
			ok = ok && cols[x.ID]
		case *plan.Subquery:
			ok = false
		}
		return ok
	})
	return ok && refs > 0
}

func conjuncts(e plan.Expr) []plan.Expr {
	if op, ok := e.(*plan.Op); ok && op.Op == "AND" && len(op.Args) == 2 {
		return append(conjuncts(op.Args[0]), conjuncts(op.Args[1])...)
	}
	return []plan.Expr{e}
}

func and(es []plan.Expr) plan.Expr {
	out := es[0]
	for _, e := range es[1:] {
		out = &plan.Op{Op: "AND", Args: []plan.Expr{out, e}}
	}
	return out
}

// withChildren is a shallow copy of n with its children replaced, in the
// order Children returns them.
func withChildren(n plan.Node, kids []plan.Node) plan.Node {
	switch n := n.(type) {
	case *plan.Project:
		c := *n
		c.Input = kids[0]
		return &c
	case *plan.Filter:
		return &plan.Filter{Input: kids[0], Cond: n.Cond}
	case *plan.Join:
		c := *n
		c.Left, c.Right = kids[0], kids[1]
		return &c
	case *plan.PITJoin:
		c := *n
		c.Left, c.Right = kids[0], kids[1]
		return &c
	case *plan.Aggregate:
		c := *n
		c.Input = kids[0]
		return &c
	case *plan.Sort:
		c := *n
		c.Input = kids[0]
		return &c
	case *plan.Limit:
		c := *n
		c.Input = kids[0]
		return &c
	case *plan.Distinct:
		c := *n
		c.Input = kids[0]
		return &c
	case *plan.SetOp:
		c := *n
		c.Left, c.Right = kids[0], kids[1]
		return &c
	}
	return n
}
