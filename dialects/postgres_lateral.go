package dialects

import (
	"github.com/pitgate/pitgate/plan"
)

// lateralJoiner is a dialect that can lower a PITJoin with LATERAL
// instead of the window strategy (see pitLateral).
type lateralJoiner interface {
	LateralPIT(n *plan.PITJoin) bool
}

// LateralPIT reports whether n uses the LATERAL strategy: always with
// Lateral, never with Window, and otherwise (auto, the default) exactly
// when the right table has a btree on (keys, ts), without which each left
// row would scan the right table (docs/query-language.md).
func (d Postgres) LateralPIT(n *plan.PITJoin) bool {
	if d.Lateral || d.Window {
		return d.Lateral
	}
	return n.RightIndexed
}

// pitLateral lowers a PITJoin as one LIMIT 1 subquery per left row:
//
//	left LEFT JOIN LATERAL (SELECT right.* FROM right WHERE <candidate>
//	                        ORDER BY <winner order> LIMIT 1) AS q ON TRUE
//
// Each left row meets at most its one winner, so left rows need no
// numbering: duplicates stay duplicates and a row without a candidate
// keeps NULLs (LEFT) or is dropped (inner JOIN). With a btree on the right
// table's (key, ts) each lookup is an index range read; without one, each
// left row scans the right table, which is why the default uses it only
// where that index exists.
func (p *printer) pitLateral(n *plan.PITJoin) (*block, error) {
	left, err := p.fromItem(n.Left)
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
	winner := newBlock(n.Right.Columns())
	winner.from, winner.cols, winner.where = right.from, right.cols, conds
	winner.order = p.winnerOrder(n, right.cols)
	// No candidate has a NULL time (the inequality rejects it), so NULLS
	// FIRST orders the candidates as NULLS LAST would, and it is the order
	// a backward scan of a (key, ts) btree delivers, which lets PostgreSQL
	// stop at the first rows instead of sorting every candidate.
	winner.order[0] = right.cols[n.RightTS] + " DESC NULLS FIRST"
	winner.limit = "1"
	w := p.wrap(winner)
	b := newBlock(n.Columns())
	for id, s := range left.cols {
		b.cols[id] = s
	}
	for id, s := range w.cols {
		b.cols[id] = s
	}
	join := "LEFT JOIN LATERAL "
	if n.Inner {
		join = "JOIN LATERAL "
	}
	b.from = left.from + "\n" + join + w.from + " ON TRUE"
	return b, nil
}
