package dialects

import (
	"testing"

	"github.com/pitgate/pitgate/plan"
)

// TestTimeBase checks which left sides bound the native strategy's feature
// scan: only a cheap, repeatable base that holds the left time as it is.
func TestTimeBase(t *testing.T) {
	orders := &plan.Table{Name: []string{"orders"}, Cols: []plan.Column{{ID: 1, Name: "k"}, {ID: 2, Name: "ts"}}}
	feats := &plan.Table{Name: []string{"f"}, Cols: []plan.Column{{ID: 3, Name: "k"}, {ID: 4, Name: "ts"}}}
	gt := func(fn string) plan.Expr {
		var x plan.Expr = &plan.ColRef{ID: 1}
		if fn != "" {
			x = &plan.Func{Name: fn}
		}
		return &plan.Op{Op: ">", Args: []plan.Expr{x, &plan.Const{Value: int64(1), Type: "int8"}}}
	}
	filtered := &plan.Filter{Input: orders, Cond: gt("")}
	sampled := &plan.Filter{Input: orders, Cond: gt("random")}
	windowed := &plan.Project{Input: orders, Cols: orders.Cols, Exprs: []plan.Expr{
		&plan.Func{Name: "row_number", Over: &plan.Window{}}, &plan.ColRef{ID: 2}}}
	chain := &plan.PITJoin{Left: filtered, Right: feats, LeftTS: &plan.ColRef{ID: 2}, RightTS: 4}
	cases := []struct {
		name string
		left plan.Node
		ts   plan.ColumnID
		want plan.Node
	}{
		{"table", orders, 2, orders},
		{"filtered table", filtered, 2, filtered},
		{"sampled with random()", sampled, 2, nil},
		{"window function", windowed, 2, nil},
		{"second join of a chain", chain, 2, filtered},
		{"time from an earlier join's right side", chain, 4, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := timeBase(c.left, c.ts); got != c.want {
				t.Errorf("timeBase = %T %p, want %T %p", got, got, c.want, c.want)
			}
		})
	}
}
