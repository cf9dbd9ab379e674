package plan

// WithChildren returns a shallow copy of n whose children are kids, in
// the order Children returns them; n itself is not changed. A node
// without children (Table, Values), or kids of the wrong length, gives n.
// It is the one place that knows where each node keeps its inputs, for
// rewrites that replace nodes rather than expressions.
func WithChildren(n Node, kids []Node) Node {
	if len(kids) != len(n.Children()) {
		return n
	}
	switch x := n.(type) {
	case *Project:
		y := *x
		y.Input = kids[0]
		return &y
	case *Filter:
		y := *x
		y.Input = kids[0]
		return &y
	case *Aggregate:
		y := *x
		y.Input = kids[0]
		return &y
	case *Sort:
		y := *x
		y.Input = kids[0]
		return &y
	case *Limit:
		y := *x
		y.Input = kids[0]
		return &y
	case *Distinct:
		y := *x
		y.Input = kids[0]
		return &y
	case *Join:
		y := *x
		y.Left, y.Right = kids[0], kids[1]
		return &y
	case *PITJoin:
		y := *x
		y.Left, y.Right = kids[0], kids[1]
		return &y
	case *SetOp:
		y := *x
		y.Left, y.Right = kids[0], kids[1]
		return &y
	}
	return n
}

// ReplaceNodes returns root with every node fn replaces replaced (fn
// returns nil to keep a node and look inside it). Only the path to a
// replaced node is copied; the rest, and root when nothing is replaced,
// is shared. Subquery plans inside expressions are not visited.
func ReplaceNodes(root Node, fn func(Node) Node) Node {
	if r := fn(root); r != nil {
		return r
	}
	kids := root.Children()
	out := make([]Node, len(kids))
	changed := false
	for i, c := range kids {
		out[i] = ReplaceNodes(c, fn)
		changed = changed || out[i] != c
	}
	if !changed {
		return root
	}
	return WithChildren(root, out)
}
