package gateway

import (
	"strings"

	"github.com/pitgate/pitgate/plan"
)

// describeNull is what a parameter stands as while a statement is
// described before it has values: a typed NULL. A numeric one is a scalar
// subquery, (SELECT CAST(NULL AS numeric)): DuckDB folds arithmetic on a
// NULL decimal constant into an untyped NULL and reports the column as
// INTEGER, so `$1::numeric * 2` was described as int4 and its values
// truncated to integers; the subquery is not folded, and every warehouse
// types it as the cast says.
func describeNull(p paramType) plan.Expr {
	null := &plan.Cast{X: &plan.Const{}, Type: p.typ}
	if p.typ != "numeric" && !strings.HasPrefix(string(p.typ), "numeric(") {
		return null
	}
	return &plan.Subquery{Kind: plan.ScalarSubquery, Query: &plan.Project{
		Input: &plan.Values{Rows: [][]plan.Expr{{}}},
		Exprs: []plan.Expr{null},
		Cols:  []plan.Column{{ID: 1, Name: "v"}},
	}}
}
