package plan

// Bind returns root with every Param{N} replaced by values[N-1], in
// subqueries too. A Param numbered beyond values is left in place (the
// caller checks the count first). Like RewriteExprs it is pure: root is not
// modified and may be bound again with other values, which is what a
// prepared statement executed many times needs.
//
// A value is typically a typed literal, Cast{X: Const{...}, Type: t}, so
// that the printed SQL carries each parameter as an escaped constant and no
// warehouse needs bind parameters of its own.
func Bind(root Node, values []Expr) Node {
	if len(values) == 0 {
		return root
	}
	return RewriteExprs(root, func(e Expr) Expr {
		p, ok := e.(*Param)
		if !ok || p.N < 1 || p.N > len(values) {
			return e
		}
		return values[p.N-1]
	})
}
