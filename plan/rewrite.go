package plan

// RewriteExprs returns root with fn applied to every expression of every
// node, subquery plans included. fn sees each expression after its
// subexpressions have been rewritten and returns it or its replacement.
//
// It is pure: root is never modified. A node or expression is copied only
// when something below it changed; everything else is shared with root, so
// a plan with nothing to rewrite comes back as the same pointer.
func RewriteExprs(root Node, fn func(Expr) Expr) Node {
	rw := rewriter{fn: fn}
	return rw.node(root)
}

type rewriter struct{ fn func(Expr) Expr }

func (rw rewriter) node(n Node) Node {
	switch n := n.(type) {
	case *Project:
		return rw.project(n)
	case *Filter:
		in, cond := rw.node(n.Input), rw.expr(n.Cond)
		if in == n.Input && cond == n.Cond {
			return n
		}
		return &Filter{Input: in, Cond: cond}
	case *Join:
		return rw.join(n)
	case *PITJoin:
		return rw.pitJoin(n)
	case *Aggregate:
		in := rw.node(n.Input)
		keys, changed := rw.exprs(n.GroupBy)
		if in == n.Input && !changed {
			return n
		}
		return &Aggregate{Input: in, GroupBy: keys}
	case *Sort:
		in := rw.node(n.Input)
		keys, changed := rw.sortKeys(n.Keys)
		if in == n.Input && !changed {
			return n
		}
		return &Sort{Input: in, Keys: keys}
	case *Limit:
		in, count, offset := rw.node(n.Input), rw.expr(n.Count), rw.expr(n.Offset)
		if in == n.Input && count == n.Count && offset == n.Offset {
			return n
		}
		return &Limit{Input: in, Count: count, Offset: offset}
	case *Distinct:
		in := rw.node(n.Input)
		on, changed := rw.exprs(n.On)
		if in == n.Input && !changed {
			return n
		}
		return &Distinct{Input: in, On: on}
	case *Values:
		return rw.values(n)
	case *SetOp:
		l, r := rw.node(n.Left), rw.node(n.Right)
		if l == n.Left && r == n.Right {
			return n
		}
		c := *n
		c.Left, c.Right = l, r
		return &c
	}
	return n // Table, and nodes without expressions
}

func (rw rewriter) project(n *Project) Node {
	in := rw.node(n.Input)
	exprs, changed := rw.exprs(n.Exprs)
	if in == n.Input && !changed {
		return n
	}
	return &Project{Input: in, Exprs: exprs, Cols: n.Cols}
}

func (rw rewriter) join(n *Join) Node {
	l, r, on := rw.node(n.Left), rw.node(n.Right), rw.expr(n.On)
	if l == n.Left && r == n.Right && on == n.On {
		return n
	}
	return &Join{Left: l, Right: r, Kind: n.Kind, On: on}
}

func (rw rewriter) pitJoin(n *PITJoin) Node {
	l, r, ts := rw.node(n.Left), rw.node(n.Right), rw.expr(n.LeftTS)
	keys, keysChanged := n.Keys, false
	for i, k := range n.Keys {
		if left := rw.expr(k.Left); left != k.Left {
			if !keysChanged {
				keys, keysChanged = append([]KeyPair(nil), n.Keys...), true
			}
			keys[i].Left = left
		}
	}
	if l == n.Left && r == n.Right && ts == n.LeftTS && !keysChanged {
		return n
	}
	c := *n
	c.Left, c.Right, c.LeftTS, c.Keys = l, r, ts, keys
	return &c
}

func (rw rewriter) values(n *Values) Node {
	rows, changed := n.Rows, false
	for i, row := range n.Rows {
		if out, rowChanged := rw.exprs(row); rowChanged {
			if !changed {
				rows, changed = append([][]Expr(nil), n.Rows...), true
			}
			rows[i] = out
		}
	}
	if !changed {
		return n
	}
	return &Values{Rows: rows, Cols: n.Cols}
}

// exprs rewrites a list, copying it only when an element changed.
func (rw rewriter) exprs(es []Expr) ([]Expr, bool) {
	out, changed := es, false
	for i, e := range es {
		if r := rw.expr(e); r != e {
			if !changed {
				out, changed = append([]Expr(nil), es...), true
			}
			out[i] = r
		}
	}
	return out, changed
}

func (rw rewriter) sortKeys(keys []SortKey) ([]SortKey, bool) {
	out, changed := keys, false
	for i, k := range keys {
		if x := rw.expr(k.X); x != k.X {
			if !changed {
				out, changed = append([]SortKey(nil), keys...), true
			}
			out[i].X = x
		}
	}
	return out, changed
}

// expr rewrites e's subexpressions, then hands the result to fn.
func (rw rewriter) expr(e Expr) Expr {
	if e == nil {
		return nil
	}
	return rw.fn(rw.children(e))
}

// children returns e with its subexpressions rewritten: e itself when none
// changed, else a shallow copy.
func (rw rewriter) children(e Expr) Expr {
	switch e := e.(type) {
	case *Op:
		if args, changed := rw.exprs(e.Args); changed {
			return &Op{Op: e.Op, Args: args}
		}
	case *Func:
		return rw.function(e)
	case *Cast:
		if x := rw.expr(e.X); x != e.X {
			return &Cast{X: x, Type: e.Type}
		}
	case *Case:
		return rw.caseExpr(e)
	case *IsNull:
		if x := rw.expr(e.X); x != e.X {
			return &IsNull{X: x, Not: e.Not}
		}
	case *IsBool:
		if x := rw.expr(e.X); x != e.X {
			return &IsBool{X: x, Value: e.Value, Not: e.Not}
		}
	case *In:
		x := rw.expr(e.X)
		list, changed := rw.exprs(e.List)
		if x != e.X || changed {
			return &In{X: x, List: list, Not: e.Not}
		}
	case *Between:
		x, lo, hi := rw.expr(e.X), rw.expr(e.Lo), rw.expr(e.Hi)
		if x != e.X || lo != e.Lo || hi != e.Hi {
			return &Between{X: x, Lo: lo, Hi: hi, Not: e.Not, Symmetric: e.Symmetric}
		}
	case *Subquery:
		x, q := rw.expr(e.X), rw.node(e.Query)
		if x != e.X || q != e.Query {
			return &Subquery{Kind: e.Kind, X: x, Op: e.Op, Not: e.Not, Query: q}
		}
	case *AnyArray:
		x, arr := rw.expr(e.X), rw.expr(e.Array)
		if x != e.X || arr != e.Array {
			return &AnyArray{X: x, Array: arr, Op: e.Op, All: e.All}
		}
	case *Array:
		if elems, changed := rw.exprs(e.Elems); changed {
			return &Array{Elems: elems}
		}
	case *Subscript:
		x, i := rw.expr(e.X), rw.expr(e.Index)
		if x != e.X || i != e.Index {
			return &Subscript{X: x, Index: i}
		}
	case *Row:
		if elems, changed := rw.exprs(e.Elems); changed {
			return &Row{Elems: elems}
		}
	}
	return e // leaves: ColRef, Const, Param, Special
}

func (rw rewriter) function(f *Func) Expr {
	args, argsChanged := rw.exprs(f.Args)
	order, orderChanged := rw.sortKeys(f.OrderBy)
	filter := rw.expr(f.Filter)
	over := rw.window(f.Over)
	if !argsChanged && !orderChanged && filter == f.Filter && over == f.Over {
		return f
	}
	c := *f
	c.Args, c.OrderBy, c.Filter, c.Over = args, order, filter, over
	return &c
}

func (rw rewriter) window(w *Window) *Window {
	if w == nil {
		return nil
	}
	part, partChanged := rw.exprs(w.PartitionBy)
	order, orderChanged := rw.sortKeys(w.OrderBy)
	offsets, offChanged := rw.exprs(w.FrameOffsets)
	if !partChanged && !orderChanged && !offChanged {
		return w
	}
	return &Window{PartitionBy: part, OrderBy: order, Frame: w.Frame, FrameOffsets: offsets}
}

func (rw rewriter) caseExpr(e *Case) Expr {
	operand, els := rw.expr(e.Operand), rw.expr(e.Else)
	whens, changed := e.Whens, false
	for i, w := range e.Whens {
		cond, res := rw.expr(w.Cond), rw.expr(w.Result)
		if cond != w.Cond || res != w.Result {
			if !changed {
				whens, changed = append([]When(nil), e.Whens...), true
			}
			whens[i] = When{Cond: cond, Result: res}
		}
	}
	if operand == e.Operand && els == e.Else && !changed {
		return e
	}
	return &Case{Operand: operand, Whens: whens, Else: els}
}
