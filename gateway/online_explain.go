package gateway

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// explainLookup says what a lookup reads — the relation, its keys and the
// views asked in its one store Read — running nothing; with ANALYZE it runs
// the lookup and reports its rows and time.
func (s *Session) explainLookup(ctx context.Context, st *planner.Statement, w wire.ResultWriter) error {
	lk := st.Online
	lines := lookupPlan(lk)
	if st.Explain.Analyze {
		start := time.Now()
		n, err := s.lookup(ctx, lk, nil)
		if err != nil {
			return err
		}
		lines = append(lines, "Execution:", fmt.Sprintf("  rows: %d, total: %.3f ms", n, ms(time.Since(start))))
	}
	if err := w.Describe([]wire.Column{textColumn("QUERY PLAN")}); err != nil {
		return err
	}
	for _, l := range lines {
		if err := w.Row([]any{l}); err != nil {
			return err
		}
	}
	return w.Complete("EXPLAIN")
}

func lookupPlan(lk *planner.Lookup) []string {
	kind := "feature view"
	if lk.Service != nil {
		kind = "feature service"
	}
	lines := []string{fmt.Sprintf("Online lookup: online.%s (%s), from the online store through the cache, not the warehouse", lk.Relation, kind)}
	lines = append(lines, "  Keys: "+requestText(lk))
	if lk.Limit != nil || lk.Offset != nil {
		lines = append(lines, fmt.Sprintf("  Limit: %s, offset %s", valueText(lk.Limit), valueText(lk.Offset)))
	}
	if len(lk.Views) == 0 {
		lines = append(lines, "  Reads: nothing (only join keys are selected)")
	} else {
		lines = append(lines, fmt.Sprintf("  Reads, in one store round trip (%d view(s)):", len(lk.Views)))
	}
	for i, lv := range lk.Views {
		ttl := "no ttl"
		if lv.View.TTL > 0 {
			ttl = "ttl " + lv.View.TTL.String() + ": older rows give NULL features"
		}
		var keys []string
		for _, k := range lv.Keys {
			keys = append(keys, lk.Keys[k].Name)
		}
		lines = append(lines, fmt.Sprintf("    %s by (%s): %s; %s", lv.View.Name, strings.Join(keys, ", "),
			strings.Join(viewColumns(lk, i), ", "), ttl))
	}
	var cols []string
	for _, c := range lk.Columns {
		cols = append(cols, fmt.Sprintf("%s %s", c.Name, c.Type))
	}
	return append(lines, "  Columns: "+strings.Join(cols, ", "))
}

// requestText describes the requested keys.
func requestText(lk *planner.Lookup) string {
	r := lk.Request
	if r.Rows != nil {
		var keys []string
		for k, col := range r.KeyColumns {
			keys = append(keys, fmt.Sprintf("%s = entity column %d", lk.Keys[k].Name, col+1))
		}
		join := "JOIN: rows with a NULL key dropped"
		if r.Outer {
			join = "LEFT JOIN: rows with a NULL key kept"
		}
		return fmt.Sprintf("%d VALUES row(s) in order, %s (%s)", len(r.Rows), strings.Join(keys, " AND "), join)
	}
	var parts []string
	for i, set := range r.Sets {
		k := lk.Keys[i]
		switch {
		case set.Array != nil:
			parts = append(parts, fmt.Sprintf("%s %s = ANY(%s)", k.Name, k.Type, valueText(set.Array)))
		case len(set.Values) == 1:
			parts = append(parts, fmt.Sprintf("%s %s = %s", k.Name, k.Type, valueText(set.Values[0])))
		default:
			vals := make([]string, len(set.Values))
			for j, v := range set.Values {
				vals[j] = valueText(v)
			}
			parts = append(parts, fmt.Sprintf("%s %s IN (%s)", k.Name, k.Type, strings.Join(vals, ", ")))
		}
	}
	return strings.Join(parts, " AND ") + ", in request order"
}

// viewColumns names what a lookup reads of its i-th view.
func viewColumns(lk *planner.Lookup, i int) []string {
	var out []string
	for _, c := range lk.Columns {
		if c.View == i && c.Source == planner.SourceFeature || c.View == i && c.Source == planner.SourceEventTime ||
			c.View < 0 && c.Source == planner.SourceEventTime {
			out = append(out, c.Name)
		}
	}
	return out
}

// valueText prints a bound value for EXPLAIN.
func valueText(e plan.Expr) string {
	switch x := e.(type) {
	case *plan.Array:
		elems := make([]string, len(x.Elems))
		for i, el := range x.Elems {
			elems[i] = valueText(el)
		}
		return "ARRAY[" + strings.Join(elems, ", ") + "]"
	case *plan.Cast:
		return fmt.Sprintf("CAST(%s AS %s)", valueText(x.X), x.Type)
	case *plan.Special:
		return x.Name
	}
	return plan.ExprString(e)
}
