package plan

// Walk calls fn for e and, while fn returns true, for its subexpressions.
// It does not descend into subquery plans.
func Walk(e Expr, fn func(Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	for _, c := range children(e) {
		Walk(c, fn)
	}
}

func children(e Expr) []Expr {
	switch e := e.(type) {
	case *Op:
		return e.Args
	case *Func:
		out := append([]Expr{}, e.Args...)
		for _, k := range e.OrderBy {
			out = append(out, k.X)
		}
		if e.Filter != nil {
			out = append(out, e.Filter)
		}
		if e.Over != nil {
			out = append(out, e.Over.PartitionBy...)
			for _, k := range e.Over.OrderBy {
				out = append(out, k.X)
			}
			out = append(out, e.Over.FrameOffsets...)
		}
		return out
	case *Cast:
		return []Expr{e.X}
	case *Case:
		out := []Expr{e.Operand}
		for _, w := range e.Whens {
			out = append(out, w.Cond, w.Result)
		}
		return append(out, e.Else)
	case *IsNull:
		return []Expr{e.X}
	case *IsBool:
		return []Expr{e.X}
	case *In:
		return append([]Expr{e.X}, e.List...)
	case *Between:
		return []Expr{e.X, e.Lo, e.Hi}
	case *Subquery:
		return []Expr{e.X}
	case *AnyArray:
		return []Expr{e.X, e.Array}
	case *Array:
		return e.Elems
	case *Subscript:
		return []Expr{e.X, e.Index}
	case *Row:
		return e.Elems
	}
	return nil
}
