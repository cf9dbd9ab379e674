package dialects

import (
	"strings"

	"github.com/pitgate/pitgate/plan"
)

// pitJoin lowers a PITJoin with the dialect's strategy: LATERAL
// (postgres_lateral.go), native ASOF (duckdb_asof.go) or ARRAY_AGG
// (bigquery_arrayagg.go) where the dialect
// selects them, otherwise the window strategy, which every dialect can run: number the left rows once, join each to all its candidates, and
// keep the best candidate per left row by the contract's ordering. A left
// row with no candidate survives the LEFT JOIN as a single all-NULL
// candidate, so ROW_NUMBER keeps it; the inner form drops it in the join.
func (p *printer) pitJoin(n *plan.PITJoin) (*block, error) {
	if l, ok := p.d.(lateralJoiner); ok && l.LateralPIT(n) {
		return p.pitLateral(n)
	}
	if pj, ok := p.d.(pickJoiner); ok && pj.PickPIT(n) {
		return p.pitPick(n)
	}
	if nj, ok := p.d.(nativeJoiner); ok && nj.NativePIT(n) {
		return p.pitNative(n)
	}
	if a, ok := p.d.(arrayAggJoiner); ok && a.ArrayAggPIT() {
		return p.pitArrayAgg(n)
	}
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
	b := newBlock(n.Columns())
	for id, s := range left.cols {
		b.cols[id] = s
	}
	for id, s := range right.cols {
		b.cols[id] = s
	}
	join := "LEFT JOIN"
	if n.Inner {
		join = "JOIN"
	}
	b.from = left.from + "\n" + join + " " + right.from + "\n  ON " + strings.Join(conds, "\n  AND ")
	win := "row_number() OVER (PARTITION BY " + left.cols[rowID] + " ORDER BY " +
		strings.Join(p.winnerOrder(n, right.cols), ", ") + ")"
	if p.d.HasQualify() {
		b.qualify = []string{win + " = 1"}
		return b, nil
	}
	return p.filterRank(b, win), nil
}

// numberedLeft prints the left side as a subquery that adds a row number,
// the stable identity of each left row (duplicates included).
func (p *printer) numberedLeft(n plan.Node) (*block, plan.ColumnID, error) {
	l, err := p.node(n)
	if err != nil {
		return nil, 0, err
	}
	if l.distinct || l.setop != "" {
		l = p.wrap(l)
	}
	rowID := p.syntheticID()
	l.sel = append(l.selectList(), selItem{id: rowID, sql: "row_number() OVER ()"})
	l.out = append(append([]plan.Column{}, l.out...), plan.Column{ID: rowID, Name: "__pitgate_row"})
	return p.wrap(l), rowID, nil
}

func (p *printer) candidateConditions(n *plan.PITJoin, lcols, rcols colMap) ([]string, error) {
	var conds []string
	for _, k := range n.Keys {
		l, err := p.expr(k.Left, lcols)
		if err != nil {
			return nil, err
		}
		conds = append(conds, rcols[k.Right]+" = "+l)
	}
	lts, err := p.expr(n.LeftTS, lcols)
	if err != nil {
		return nil, err
	}
	rts := rcols[n.RightTS]
	op := " <= "
	if n.Strict {
		op = " < "
	}
	conds = append(conds, rts+op+lts)
	if n.TTL > 0 {
		conds = append(conds, rts+" >= "+p.d.MinusDuration(lts, n.TTL))
	}
	if n.KnownAt {
		conds = append(conds, rcols[n.Created]+" <= "+lts)
	}
	return conds, nil
}

// winnerOrder is the contract's ordering of candidates, best first. Each
// key goes through the dialect's OrderKey with its column's type, so text
// orders byte-wise whatever the warehouse's collation.
func (p *printer) winnerOrder(n *plan.PITJoin, rcols colMap) []string {
	types := map[plan.ColumnID]plan.Type{}
	for _, c := range n.Right.Columns() {
		types[c.ID] = c.Type
	}
	ids := append([]plan.ColumnID{n.RightTS}, n.TieBreak...)
	if n.Created != 0 {
		ids = append([]plan.ColumnID{n.RightTS, n.Created}, n.TieBreak...)
	}
	order := make([]string, len(ids))
	for i, id := range ids {
		order[i] = p.d.OrderKey(rcols[id], types[id]) + " DESC NULLS LAST"
	}
	return order
}

// filterRank is QUALIFY for dialects without it: the rank becomes a column
// of a subquery filtered outside.
func (p *printer) filterRank(b *block, win string) *block {
	rank := p.syntheticID()
	out := b.out
	b.sel = append(b.selectList(), selItem{id: rank, sql: win})
	b.out = append(append([]plan.Column{}, out...), plan.Column{ID: rank, Name: "__pitgate_rank"})
	w := p.wrap(b)
	w.where = []string{w.cols[rank] + " = 1"}
	w.out = out
	return w
}
