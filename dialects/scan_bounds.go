package dialects

import (
	"github.com/pitgate/pitgate/plan"
)

// scanBounds are conditions on the right time, rts, that bound the feature
// scan of n by the entity rows' time range: rts <= max(left ts) and, with
// a ttl, rts >= min(left ts) - ttl. A right row outside them is no
// candidate of any left row, so removing it changes no result, and whole
// (keys, ts) groups go together, so ties are still removed correctly.
//
// The range is read from the base of the left side: the left of the first
// ASOF join of a chain, when it is a table or VALUES under filters and
// projections, cheap to scan again for min/max of one column. Every left
// row of n is a row of that base with the same time (ASOF joins pass their
// left rows' columns through and never add rows), so the base's range
// contains n's. When the left time is not a column of such a base there
// are no bounds: a costlier left would be evaluated twice more.
//
// Only the native strategy uses them: there they remove rows before the
// dedup's sort and the ASOF join (measured 3-4x faster for a day of
// orders out of 30 days); the window strategy's candidate join already
// bounds each left row's range and measured no different with them.
func (p *printer) scanBounds(n *plan.PITJoin, rts string) ([]string, error) {
	ts, ok := n.LeftTS.(*plan.ColRef)
	if !ok {
		return nil, nil
	}
	base := timeBase(n.Left, ts.ID)
	if base == nil {
		return nil, nil
	}
	agg := func(fn string) (string, error) {
		b, err := p.node(base)
		if err != nil {
			return "", err
		}
		w := b
		if b.sel != nil || b.grouped || len(b.qualify) > 0 || b.distinct || b.limit != "" || b.offset != "" || b.setop != "" {
			w = p.wrap(b)
		}
		w.order = nil
		w.sel = []selItem{{id: p.syntheticID(), sql: fn + "(" + w.cols[ts.ID] + ")"}}
		w.out = []plan.Column{{ID: w.sel[0].id, Name: fn}}
		return "(\n  " + indent(w.sql(p.d, []string{fn})) + "\n)", nil
	}
	hi, err := agg("max")
	if err != nil {
		return nil, err
	}
	conds := []string{rts + " <= " + hi}
	if n.TTL > 0 {
		lo, err := agg("min")
		if err != nil {
			return nil, err
		}
		conds = append(conds, rts+" >= "+p.d.MinusDuration(lo, n.TTL))
	}
	return conds, nil
}

// timeBase is the first left side of the chain of ASOF joins ending at n
// when it holds column id and is cheap; nil otherwise.
func timeBase(n plan.Node, id plan.ColumnID) plan.Node {
	for {
		j, ok := n.(*plan.PITJoin)
		if !ok {
			break
		}
		n = j.Left
	}
	for _, c := range n.Columns() {
		if c.ID == id && cheap(n) {
			return n
		}
	}
	return nil
}

// cheap reports whether n is a table or VALUES under filters and
// projections without window functions, subqueries or volatile functions.
// A volatile function (WHERE random() < 0.1, a sample) would give the
// second evaluation other rows than the first, and bounds that are wrong.
func cheap(n plan.Node) bool {
	switch x := n.(type) {
	case *plan.Table, *plan.Values:
		return true
	case *plan.Filter:
		return repeatable([]plan.Expr{x.Cond}) && cheap(x.Input)
	case *plan.Project:
		return !anyWindow(x.Exprs) && repeatable(x.Exprs) && cheap(x.Input)
	}
	return false
}

// volatileFuncs are the functions whose value may differ between two
// evaluations in one statement.
var volatileFuncs = map[string]bool{
	"random": true, "random_normal": true, "setseed": true, "gen_random_uuid": true, "uuid": true,
	"uuidv4": true, "uuidv7": true, "clock_timestamp": true, "timeofday": true, "nextval": true,
}

// repeatable reports whether es hold no subquery and no volatile function.
func repeatable(es []plan.Expr) bool {
	ok := true
	for _, e := range es {
		plan.Walk(e, func(x plan.Expr) bool {
			switch x := x.(type) {
			case *plan.Subquery:
				ok = false
			case *plan.Func:
				ok = ok && !volatileFuncs[x.Name]
			}
			return ok
		})
	}
	return ok
}
