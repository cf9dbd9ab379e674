package dialects

import (
	"testing"

	"github.com/pitgate/pitgate/plan"
)

// TestPushLeftFilters checks which conjuncts of a WHERE above an ASOF join
// move onto its left side: only those reading left columns alone.
func TestPushLeftFilters(t *testing.T) {
	lk, lts, rk, rf := &plan.ColRef{ID: 1}, &plan.ColRef{ID: 2}, &plan.ColRef{ID: 3}, &plan.ColRef{ID: 4}
	outer := &plan.ColRef{ID: 99}
	one := &plan.Const{Value: int64(1), Type: "int8"}
	gt := func(a, b plan.Expr) plan.Expr { return &plan.Op{Op: ">", Args: []plan.Expr{a, b}} }
	or := func(a, b plan.Expr) plan.Expr { return &plan.Op{Op: "OR", Args: []plan.Expr{a, b}} }
	sub := &plan.Subquery{Kind: plan.ExistsSubquery, Query: &plan.Values{Rows: [][]plan.Expr{{one}}, Cols: []plan.Column{{ID: 50}}}}
	cases := []struct {
		name       string
		conds      []plan.Expr
		down, stay int
	}{
		{"left only", []plan.Expr{gt(lk, one), gt(lts, lk)}, 2, 0},
		{"right only", []plan.Expr{gt(rf, one)}, 0, 1},
		{"mixed conjuncts split", []plan.Expr{gt(lk, one), gt(rf, one), gt(rk, lk)}, 1, 2},
		{"OR over both sides stays", []plan.Expr{or(gt(lk, one), gt(rf, one))}, 0, 1},
		{"subquery stays", []plan.Expr{sub}, 0, 1},
		{"outer column stays", []plan.Expr{gt(outer, lk)}, 0, 1},
		{"constant stays", []plan.Expr{&plan.Const{Value: true, Type: "bool"}}, 0, 1},
	}
	for _, inner := range []bool{false, true} {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				left := &plan.Table{Name: []string{"l"}, Cols: []plan.Column{{ID: 1, Name: "k"}, {ID: 2, Name: "ts"}}}
				right := &plan.Table{Name: []string{"r"}, Cols: []plan.Column{{ID: 3, Name: "k"}, {ID: 4, Name: "f"}}}
				j := &plan.PITJoin{Left: left, Right: right, Inner: inner, Keys: []plan.KeyPair{{Left: lk, Right: 3}}, LeftTS: lts, RightTS: 4}
				root := pushLeftFilters(&plan.Filter{Input: j, Cond: and(c.conds)})
				stay, pj := 0, root
				if f, ok := root.(*plan.Filter); ok {
					stay, pj = len(conjuncts(f.Cond)), f.Input
				}
				got, ok := pj.(*plan.PITJoin)
				if !ok {
					t.Fatalf("root is %T above %T, want a PITJoin under at most one Filter", root, pj)
				}
				down := 0
				if f, ok := got.Left.(*plan.Filter); ok {
					down = len(conjuncts(f.Cond))
				}
				if down != c.down || stay != c.stay || got.Right != right {
					t.Errorf("inner %t: %d conjuncts pushed, %d kept (right side changed: %t); want %d, %d",
						inner, down, stay, got.Right != right, c.down, c.stay)
				}
			})
		}
	}
}
