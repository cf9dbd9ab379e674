package dialects

import (
	"strings"

	"github.com/pitgate/pitgate/plan"
)

// nativeJoiner is a dialect that can lower some PITJoins with its own
// ASOF join once ties are removed (see pitNative).
type nativeJoiner interface {
	NativePIT(n *plan.PITJoin) bool
}

// NativePIT reports whether n is lowered with DuckDB's ASOF join. known_at
// joins keep the window strategy: created <= left.ts is not monotonic in
// the right time, so the latest row by time may fail it while an older
// one passes, and an ASOF join can only return the latest.
func (d DuckDB) NativePIT(n *plan.PITJoin) bool { return !d.Window && !n.KnownAt }

// PickPIT reports whether n is lowered in two phases (pitPick), the
// default: as NativePIT, unless Dedup asks for the tie removal over the
// whole feature table before the ASOF join.
func (d DuckDB) PickPIT(n *plan.PITJoin) bool { return d.NativePIT(n) && !d.Dedup }

// pitNative lowers a PITJoin with the engine's ASOF join after removing
// ties:
//
//	left ASOF LEFT JOIN (SELECT r.* FROM right r
//	                     WHERE r.key IS NOT NULL AND r.ts IS NOT NULL
//	                       AND r.ts <= (SELECT max(ts) FROM <left's base>) [AND r.ts >= min - ttl]
//	                     QUALIFY row_number() OVER (PARTITION BY r.key, r.ts
//	                             ORDER BY <created, final tie rule>) = 1) AS q
//	  ON q.key = left.key AND left.ts >= q.ts
//
// With one row per (key, ts) left, the ASOF join's pick (the greatest ts
// among rows with equal keys satisfying the inequality) is the contract's
// winner without a ttl. A ttl only adds a lower bound on ts: if the pick
// is older than left.ts - ttl, so is every other candidate, and no
// candidate exists; so the pick is kept only when it is within the ttl
// (its columns become NULL otherwise, or the inner join drops the row).
// Each left row meets at most one right row, so left duplicates stay
// duplicates. Rows with a NULL key or time are never candidates and are
// removed before the join, so no engine rule about NULL partitions can
// match them.
func (p *printer) pitNative(n *plan.PITJoin) (*block, error) {
	left, err := p.fromItem(n.Left)
	if err != nil {
		return nil, err
	}
	right, err := p.untiedRight(n)
	if err != nil {
		return nil, err
	}
	var conds []string
	for _, k := range n.Keys {
		l, err := p.expr(k.Left, left.cols)
		if err != nil {
			return nil, err
		}
		conds = append(conds, right.cols[k.Right]+" = "+l)
	}
	lts, err := p.expr(n.LeftTS, left.cols)
	if err != nil {
		return nil, err
	}
	rts := right.cols[n.RightTS]
	op := " >= "
	if n.Strict {
		op = " > "
	}
	b := newBlock(n.Columns())
	for id, s := range left.cols {
		b.cols[id] = s
	}
	for id, s := range right.cols {
		b.cols[id] = s
	}
	if _, ok := p.d.(matchConditionJoiner); ok {
		b.from = left.from + "\nASOF JOIN " + right.from + "\n  MATCH_CONDITION (" + lts + op + rts + ")" +
			"\n  ON " + strings.Join(conds, "\n  AND ")
		if n.Inner && n.TTL == 0 {
			// Snowflake's ASOF JOIN always keeps the left row; the untied
			// right has no NULL times, so a NULL one means no candidate.
			b.where = []string{rts + " IS NOT NULL"}
		}
	} else {
		join := "ASOF LEFT JOIN "
		if n.Inner {
			join = "ASOF JOIN "
		}
		conds = append(conds, lts+op+rts)
		b.from = left.from + "\n" + join + right.from + "\n  ON " + strings.Join(conds, "\n  AND ")
	}
	if n.TTL > 0 {
		p.applyTTL(b, n, rts+" >= "+p.d.MinusDuration(lts, n.TTL))
	}
	return b, nil
}

// untiedRight is the right side reduced to its best row per (keys, ts) by
// the contract's order after ts, without rows that cannot be candidates:
// NULL keys or time, or a time outside the entity rows' range (scanBounds).
func (p *printer) untiedRight(n *plan.PITJoin) (*block, error) {
	r, err := p.fromItem(n.Right)
	if err != nil {
		return nil, err
	}
	var part, notNull []string
	for _, k := range n.Keys {
		part = append(part, r.cols[k.Right])
		notNull = append(notNull, r.cols[k.Right]+" IS NOT NULL")
	}
	part = append(part, r.cols[n.RightTS])
	notNull = append(notNull, r.cols[n.RightTS]+" IS NOT NULL")
	win := "row_number() OVER (PARTITION BY " + strings.Join(part, ", ")
	if order := p.winnerOrder(n, r.cols)[1:]; len(order) > 0 {
		win += " ORDER BY " + strings.Join(order, ", ")
	}
	bounds, err := p.scanBounds(n, r.cols[n.RightTS])
	if err != nil {
		return nil, err
	}
	r.where = append(notNull, bounds...)
	r.qualify = []string{win + ") = 1"}
	return p.wrap(r), nil
}

// applyTTL keeps the ASOF pick only when cond (the pick is within the ttl)
// holds: the inner join drops the row, the left join turns every right
// column NULL. The right columns are then select items, so any operator
// above reads them through a wrap, never the unguarded columns.
func (p *printer) applyTTL(b *block, n *plan.PITJoin, cond string) {
	if n.Inner {
		b.where = []string{cond}
		return
	}
	right := map[plan.ColumnID]bool{}
	for _, c := range n.Right.Columns() {
		right[c.ID] = true
	}
	items := b.selectList()
	for i, it := range items {
		if right[it.id] {
			items[i].sql = "CASE WHEN " + cond + " THEN " + it.sql + " END"
		}
	}
	b.sel = items
}
