package planner

// fold is PostgreSQL's eval_const_expressions for a COPY FROM WHERE
// condition: a node whose operands are all constants is computed once,
// before any row (its error is the statement's), and AND / OR drop their
// constant true / false arguments and become the constant that decides
// them.
func fold(e wexpr) (wexpr, error) {
	var err error
	switch n := e.(type) {
	case *wlogic:
		return foldLogic(n)
	case *wnot:
		n.x, err = fold(n.x)
	case *wnull:
		n.x, err = fold(n.x)
	case *wbooltest:
		n.x, err = fold(n.x)
	case *wneg:
		n.x, err = fold(n.x)
	case *wcast:
		n.x, err = fold(n.x)
	case *wcmp:
		if n.l, err = fold(n.l); err == nil {
			n.r, err = fold(n.r)
		}
	case *warith:
		if n.l, err = fold(n.l); err == nil {
			n.r, err = fold(n.r)
		}
	case *wdistinct:
		_, err = fold(n.cmp)
	default:
		return e, nil
	}
	if err != nil || !constantOperands(e) {
		return e, err
	}
	v, err := e.eval(nil)
	if err != nil {
		return nil, err
	}
	return &wlit{v: v, t: e.typ()}, nil
}

func constantOperands(e wexpr) bool {
	isLit := func(x wexpr) bool { _, ok := x.(*wlit); return ok }
	switch n := e.(type) {
	case *wnot:
		return isLit(n.x)
	case *wnull:
		return isLit(n.x)
	case *wbooltest:
		return isLit(n.x)
	case *wneg:
		return isLit(n.x)
	case *wcast:
		return isLit(n.x)
	case *wcmp:
		return isLit(n.l) && isLit(n.r)
	case *warith:
		return isLit(n.l) && isLit(n.r)
	case *wdistinct:
		c := n.cmp.(*wcmp)
		return isLit(c.l) && isLit(c.r)
	}
	return false
}

func foldLogic(n *wlogic) (wexpr, error) {
	var args []wexpr
	sawNull := false
	for _, a := range n.args {
		a, err := fold(a)
		if err != nil {
			return nil, err
		}
		lit, ok := a.(*wlit)
		switch {
		case !ok:
			args = append(args, a)
		case lit.v == nil:
			sawNull = true
		case lit.v.(bool) != n.and: // false in AND, true in OR
			return lit, nil
		}
	}
	if sawNull {
		args = append(args, &wlit{t: boolType})
	}
	switch len(args) {
	case 0:
		return &wlit{v: n.and, t: boolType}, nil
	case 1:
		return args[0], nil
	}
	n.args = args
	return n, nil
}
