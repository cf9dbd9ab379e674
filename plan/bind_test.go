package plan

import (
	"reflect"
	"testing"
)

// paramsIn lists the Param numbers left anywhere in n, subqueries included.
func paramsIn(n Node) []int {
	var out []int
	RewriteExprs(n, func(e Expr) Expr {
		if p, ok := e.(*Param); ok {
			out = append(out, p.N)
		}
		return e
	})
	return out
}

func col(id ColumnID) *ColRef { return &ColRef{ID: id, Name: "c"} }

func lit(v int64) Expr { return &Cast{X: &Const{Value: v}, Type: "int8"} }

// samplePlans builds, for each place a parameter can stand, a fresh plan
// with $1 (and $2) there.
func samplePlans() map[string]func() Node {
	table := func() *Table { return &Table{Name: []string{"t"}, Cols: []Column{{ID: 1, Name: "a", Type: "int8"}}} }
	p1, p2 := func() Expr { return &Param{N: 1} }, func() Expr { return &Param{N: 2} }
	return map[string]func() Node{
		"filter": func() Node {
			return &Filter{Input: table(), Cond: &Op{Op: "AND", Args: []Expr{
				&Op{Op: "=", Args: []Expr{col(1), p1()}}, &Between{X: col(1), Lo: p1(), Hi: p2()}}}}
		},
		"project": func() Node {
			return &Project{Input: table(), Exprs: []Expr{&Case{Whens: []When{{Cond: &IsNull{X: p1()}, Result: p2()}}, Else: col(1)}},
				Cols: []Column{{ID: 2, Name: "x"}}}
		},
		"limit": func() Node { return &Limit{Input: table(), Count: p1(), Offset: p2()} },
		"subquery": func() Node {
			sub := &Filter{Input: table(), Cond: &In{X: col(1), List: []Expr{p1(), p2()}}}
			return &Filter{Input: table(), Cond: &Subquery{Kind: ExistsSubquery, Query: sub}}
		},
		"window and aggregate": func() Node {
			f := &Func{Name: "sum", Args: []Expr{col(1)}, Filter: &Op{Op: ">", Args: []Expr{col(1), p1()}},
				Over: &Window{OrderBy: []SortKey{{X: col(1)}}, Frame: "ROWS $1 PRECEDING", FrameOffsets: []Expr{p2()}}}
			return &Project{Input: &Aggregate{Input: table(), GroupBy: []Expr{col(1)}}, Exprs: []Expr{f}, Cols: []Column{{ID: 3, Name: "s"}}}
		},
		"pit join": func() Node {
			return &PITJoin{Left: table(), Right: table(), Keys: []KeyPair{{Left: p1(), Right: 1}}, LeftTS: p2(), RightTS: 1}
		},
		"values and sort": func() Node {
			v := &Values{Rows: [][]Expr{{lit(1)}, {&Array{Elems: []Expr{p1()}}}}, Cols: []Column{{ID: 4, Name: "v"}}}
			return &Sort{Input: &SetOp{Kind: Union, Left: v, Right: table(), Cols: v.Cols}, Keys: []SortKey{{X: &AnyArray{X: col(4), Array: p2(), Op: "="}}}}
		},
		"join and distinct": func() Node {
			j := &Join{Left: table(), Right: table(), Kind: InnerJoin, On: &Subscript{X: col(1), Index: p1()}}
			return &Distinct{Input: j, On: []Expr{&Row{Elems: []Expr{&Func{Name: "f", Args: []Expr{p2()}}}}}}
		},
	}
}

func TestBindReplacesEveryParamAndLeavesTheInputAlone(t *testing.T) {
	values := []Expr{lit(10), lit(20)}
	for name, build := range samplePlans() {
		t.Run(name, func(t *testing.T) {
			root := build()
			bound := Bind(root, values)
			if left := paramsIn(bound); len(left) != 0 {
				t.Errorf("bound plan still has parameters %v", left)
			}
			if !reflect.DeepEqual(root, build()) {
				t.Error("Bind modified its input")
			}
			if got := paramsIn(root); len(got) == 0 {
				t.Error("the input lost its parameters")
			}
			again := Bind(root, []Expr{lit(30), lit(40)})
			if reflect.DeepEqual(again, bound) {
				t.Error("binding other values gave the same plan")
			}
		})
	}
}

func TestBindSharesWhatItDoesNotChange(t *testing.T) {
	scan := &Table{Name: []string{"t"}, Cols: []Column{{ID: 1, Name: "a"}}}
	untouched := &Filter{Input: scan, Cond: &Op{Op: ">", Args: []Expr{col(1), lit(0)}}}
	root := &Limit{Input: untouched, Count: &Param{N: 1}}
	bound := Bind(root, []Expr{lit(5)}).(*Limit)
	if bound == root {
		t.Fatal("Bind returned its input although a parameter changed")
	}
	if bound.Input != untouched {
		t.Error("Bind copied a subtree without parameters")
	}
	if same := Bind(untouched, []Expr{lit(5)}); same != Node(untouched) {
		t.Error("Bind copied a plan without parameters")
	}
}

func TestBindKeepsParamsBeyondTheValues(t *testing.T) {
	root := &Limit{Input: &Table{Name: []string{"t"}}, Count: &Param{N: 1}, Offset: &Param{N: 2}}
	bound := Bind(root, []Expr{lit(5)})
	if got := paramsIn(bound); !reflect.DeepEqual(got, []int{2}) {
		t.Errorf("parameters left = %v, want [2]", got)
	}
}
