package dialects

import (
	"fmt"
	"strings"

	"github.com/pitgate/pitgate/plan"
)

// arrayAggJoiner is a dialect that can lower a PITJoin by aggregating each
// left row's candidates with ARRAY_AGG (see pitArrayAgg).
type arrayAggJoiner interface {
	ArrayAggPIT() bool
}

// ArrayAggPIT reports whether ASOF joins use the ARRAY_AGG strategy.
func (d BigQuery) ArrayAggPIT() bool { return d.ArrayAgg }

// pitArrayAgg lowers a PITJoin as BigQuery's "latest row per group":
//
//	SELECT q.<left cols>, q.__pitgate_win.<right col>, ...
//	FROM (SELECT ANY_VALUE(l.c) AS c, ...,
//	             ARRAY_AGG(STRUCT(r.c AS c, ...) ORDER BY <winner order, DESC> LIMIT 1)[SAFE_OFFSET(0)]
//	               AS __pitgate_win
//	      FROM (SELECT ..., row_number() OVER () AS __pitgate_row FROM <left>) AS l
//	      LEFT JOIN <right> AS r ON <candidate>          -- JOIN for ASOF JOIN
//	      GROUP BY l.__pitgate_row) AS q
//
// The groups are the window strategy's: one per numbered left row, so
// duplicates stay duplicates and no key concatenation can collide; the
// left row's columns are equal within its group, so ANY_VALUE returns
// them. The candidates and the winner's order are the window strategy's
// too (candidateConditions, winnerOrder, spelled as aggregateOrder says),
// and LIMIT 1 keeps the first.
//
// A left row without a candidate survives the LEFT JOIN as one row whose
// right columns are all NULL; its struct has only NULL fields, and since
// only the fields are read, that is the row with NULL features the
// contract asks for, so no candidate marker is needed and no NULL element
// ever reaches ARRAY_AGG. The inner form drops such rows in the join, so
// every group has a real candidate.
func (p *printer) pitArrayAgg(n *plan.PITJoin) (*block, error) {
	left, rowID, err := p.numberedLeft(n.Left)
	if err != nil {
		return nil, err
	}
	right, err := p.fromItem(n.Right)
	if err != nil {
		return nil, err
	}
	conds, err := p.candidateConditions(n, left.cols, right.cols)
	if err != nil {
		return nil, err
	}
	join := "LEFT JOIN"
	if n.Inner {
		join = "JOIN"
	}
	g := newBlock(nil)
	g.from = left.from + "\n" + join + " " + right.from + "\n  ON " + strings.Join(conds, "\n  AND ")
	g.grouped, g.groupBy = true, []string{left.cols[rowID]}
	for _, c := range n.Left.Columns() {
		g.sel = append(g.sel, selItem{id: c.ID, sql: "ANY_VALUE(" + left.cols[c.ID] + ")"})
		g.out = append(g.out, c)
	}
	rcols := n.Right.Columns()
	fields := structFields(rcols)
	items := make([]string, len(rcols))
	for i, c := range rcols {
		items[i] = right.cols[c.ID] + " AS " + p.d.QuoteIdent(fields[i])
	}
	winID := p.syntheticID()
	win := "ARRAY_AGG(STRUCT(" + strings.Join(items, ", ") + ") ORDER BY " +
		strings.Join(aggregateOrder(p.winnerOrder(n, right.cols)), ", ") + " LIMIT 1)[SAFE_OFFSET(0)]"
	g.sel = append(g.sel, selItem{id: winID, sql: win})
	g.out = append(g.out, plan.Column{ID: winID, Name: "__pitgate_win"})
	w := p.wrap(g)
	for i, c := range rcols {
		w.cols[c.ID] = w.cols[winID] + "." + p.d.QuoteIdent(fields[i])
	}
	delete(w.cols, winID)
	w.out = n.Columns()
	return w, nil
}

// aggregateOrder is the winner order as an aggregate's ORDER BY takes it:
// each key's DESC without NULLS LAST. BigQuery documents no NULLS clause
// for an aggregate's ORDER BY and its NULL order is fixed, NULL lowest, so
// last in a DESC sort: the order the contract asks for. It rejects the
// other orders ("NULLS FIRST not supported with descending sort order in
// aggregate functions", seen by sqlglot, tobymao/sqlglot#4172), and
// printing only the documented syntax leaves no doubt about the rest.
func aggregateOrder(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = strings.TrimSuffix(k, " NULLS LAST")
	}
	return out
}

// structFields names the winner struct's fields after the right columns,
// suffixed where two would collide: BigQuery compares field names without
// regard to case, so `Value` and `value` collide too.
func structFields(cols []plan.Column) []string {
	seen := map[string]bool{}
	out := make([]string, len(cols))
	for i, c := range cols {
		name := c.Name
		if name == "" {
			name = "col"
		}
		field := name
		for k := 2; seen[strings.ToLower(field)]; k++ {
			field = fmt.Sprintf("%s_%d", name, k)
		}
		seen[strings.ToLower(field)] = true
		out[i] = field
	}
	return out
}
