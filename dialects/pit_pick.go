package dialects

import (
	"strings"

	"github.com/pitgate/pitgate/plan"
)

// pickJoiner is a dialect that lowers some PITJoins in two phases, an
// ASOF join on the right's (keys, ts) alone and then an equality join
// that fetches the winning row (see pitPick).
type pickJoiner interface {
	PickPIT(n *plan.PITJoin) bool
}

// pitPick lowers a PITJoin in two phases, without removing ties from the
// whole right table first:
//
//	SELECT l.*, r.* FROM (
//	  SELECT l.*, CASE WHEN k.ts >= l.ts - ttl THEN k.ts END AS pick  -- k.ts without a ttl
//	  FROM (SELECT *, row_number() OVER () AS row FROM <left>) AS l
//	  ASOF LEFT JOIN (SELECT key, ts FROM right WHERE key IS NOT NULL AND ts IS NOT NULL
//	                  AND <scan bounds>) AS k
//	    ON k.key = l.key AND l.ts >= k.ts
//	) AS a
//	LEFT JOIN right AS r ON r.key = a.key AND r.ts = a.pick
//	QUALIFY row_number() OVER (PARTITION BY a.row ORDER BY r.created DESC NULLS LAST,
//	                           <final tie rule>) = 1
//
// The first phase finds the winner's time: rows tied on (keys, ts) are
// identical once reduced to (keys, ts), so whichever the ASOF join picks,
// the pick is the greatest candidate time, deterministically. The winner
// is the best of the rows with that key and time, by the contract's order
// after ts; the second phase joins exactly those rows to each left row and
// ranks them per left row (the row number: duplicates stay distinct).
// A ttl only adds a lower bound on ts, so if the pick is older than
// l.ts - ttl every candidate is, and the row gets no candidate (a NULL
// pick, which joins nothing; the inner form drops the row). The tie removal then ranks about one row
// per left row instead of sorting the whole right table, which matters
// when the feature table is much larger than the entity rows.
func (p *printer) pitPick(n *plan.PITJoin) (*block, error) {
	a, pick, rowID, err := p.pickPhase(n)
	if err != nil {
		return nil, err
	}
	right, err := p.fromItem(n.Right)
	if err != nil {
		return nil, err
	}
	var conds []string
	for _, k := range n.Keys {
		l, err := p.expr(k.Left, a.cols)
		if err != nil {
			return nil, err
		}
		conds = append(conds, right.cols[k.Right]+" = "+l)
	}
	conds = append(conds, right.cols[n.RightTS]+" = "+a.cols[pick])
	b := newBlock(n.Columns())
	for id, s := range a.cols {
		b.cols[id] = s
	}
	for id, s := range right.cols {
		b.cols[id] = s
	}
	join := "LEFT JOIN "
	if n.Inner {
		join = "JOIN "
	}
	b.from = a.from + "\n" + join + right.from + "\n  ON " + strings.Join(conds, "\n  AND ")
	win := "row_number() OVER (PARTITION BY " + a.cols[rowID]
	if order := p.winnerOrder(n, right.cols)[1:]; len(order) > 0 {
		win += " ORDER BY " + strings.Join(order, ", ")
	}
	b.qualify = []string{win + ") = 1"}
	return b, nil
}

// pickPhase is the first phase of pitPick: the numbered left rows, each
// with the time of its latest candidate (pick; NULL when it has none, or
// the row is dropped for the inner form), as a wrapped block.
func (p *printer) pickPhase(n *plan.PITJoin) (*block, plan.ColumnID, plan.ColumnID, error) {
	left, rowID, err := p.numberedLeft(n.Left)
	if err != nil {
		return nil, 0, 0, err
	}
	keys, err := p.rightKeys(n)
	if err != nil {
		return nil, 0, 0, err
	}
	var conds []string
	for _, k := range n.Keys {
		l, err := p.expr(k.Left, left.cols)
		if err != nil {
			return nil, 0, 0, err
		}
		conds = append(conds, keys.cols[k.Right]+" = "+l)
	}
	lts, err := p.expr(n.LeftTS, left.cols)
	if err != nil {
		return nil, 0, 0, err
	}
	op := " >= "
	if n.Strict {
		op = " > "
	}
	conds = append(conds, lts+op+keys.cols[n.RightTS])
	pick := p.syntheticID()
	a := newBlock(append(append([]plan.Column{}, left.out...), plan.Column{ID: pick, Name: "__pitgate_pick"}))
	for id, s := range left.cols {
		a.cols[id] = s
	}
	a.cols[pick] = keys.cols[n.RightTS]
	join := "ASOF LEFT JOIN "
	if n.Inner {
		join = "ASOF JOIN "
	}
	if n.TTL > 0 {
		// The ttl check is on the pick, in this block: a condition on the
		// left alone in the second join's ON turns DuckDB's hash join into
		// a nested loop (measured: blockwise NL join).
		within := keys.cols[n.RightTS] + " >= " + p.d.MinusDuration(lts, n.TTL)
		if n.Inner {
			a.where = []string{within}
		} else {
			a.cols[pick] = "CASE WHEN " + within + " THEN " + keys.cols[n.RightTS] + " END"
		}
	}
	a.from = left.from + "\n" + join + keys.from + "\n  ON " + strings.Join(conds, "\n  AND ")
	return p.wrap(a), pick, rowID, nil
}

// rightKeys is the right side reduced to its keys and time, without rows
// that cannot be candidates: NULL keys or time, or a time outside the
// entity rows' range (scanBounds).
func (p *printer) rightKeys(n *plan.PITJoin) (*block, error) {
	r, err := p.fromItem(n.Right)
	if err != nil {
		return nil, err
	}
	var out []plan.Column
	var notNull []string
	keep := map[plan.ColumnID]bool{n.RightTS: true}
	for _, k := range n.Keys {
		keep[k.Right] = true
	}
	for _, c := range n.Right.Columns() {
		if keep[c.ID] {
			out = append(out, c)
			notNull = append(notNull, r.cols[c.ID]+" IS NOT NULL")
		}
	}
	bounds, err := p.scanBounds(n, r.cols[n.RightTS])
	if err != nil {
		return nil, err
	}
	r.out = out
	r.where = append(notNull, bounds...)
	return p.wrap(r), nil
}
