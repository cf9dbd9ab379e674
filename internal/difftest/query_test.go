package difftest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pitgate/pitgate/internal/pitref"
)

// step is one ASOF join as the test runs it: Join is what the reference
// evaluates, number names its right table rN and view vN, and table says
// the SQL joins the warehouse table rather than the feature view.
type step struct {
	pitref.Join
	number int
	table  bool
}

// variant is one way of running a scenario through pitgate. where, when
// set, is the query's WHERE, and keep is the same condition on a row of
// the reference's output.
type variant struct {
	name  string
	steps []step
	where string
	keep  func(t *pitref.Table, row []any) bool
}

// evaluate is the reference's answer for the variant with joins.
func (v variant) evaluate(left *pitref.Table, joins []pitref.Join) *pitref.Table {
	out := pitref.Evaluate(left, joins...)
	if v.keep == nil {
		return out
	}
	kept := &pitref.Table{Cols: out.Cols}
	for _, row := range out.Rows {
		if v.keep(out, row) {
			kept.Rows = append(kept.Rows, row)
		}
	}
	return kept
}

// filtered is views with a WHERE of two conjuncts on left columns only,
// which the dialects apply before the joins (dialects/pushdown.go), and
// one that reads the first join's first feature, which must stay above
// them: with ASOF LEFT JOIN, applied before the join it would keep rows
// with NULL features that the WHERE drops.
func filtered(views variant) variant {
	v := views
	v.name = "filtered"
	first := v.steps[0]
	feature := first.Prefix + first.Features[0]
	v.where = fmt.Sprintf("l.label <> 'b' AND l.id %% 3 <> 0 AND (j%d.%s IS NOT NULL OR l.k2 IS NULL)",
		first.number, first.Features[0])
	v.keep = func(t *pitref.Table, row []any) bool {
		at := func(name string) any { return row[slices.Index(t.Cols, name)] }
		label := at("label")
		return label != nil && label != "b" && at("id").(int64)%3 != 0 && (at(feature) != nil || at("k2") == nil)
	}
	return v
}

// variants are the scenario's joins with feature views, the same under a
// WHERE (filtered), and, when some join has neither ttl nor known_at, the
// same with those joins against plain tables (see the package doc for why
// their reference join changes).
func variants(s pitref.Scenario) []variant {
	views := variant{name: "views"}
	tables := variant{name: "tables"}
	plain := false
	for i, j := range s.Joins {
		views.steps = append(views.steps, step{Join: j, number: i + 1})
		if j.TTL == 0 && !j.KnownAt {
			plain = true
			tables.steps = append(tables.steps, step{Join: tableJoin(j, i+1), number: i + 1, table: true})
		} else {
			tables.steps = append(tables.steps, step{Join: j, number: i + 1})
		}
	}
	if !plain {
		return []variant{views, filtered(views)}
	}
	return []variant{views, filtered(views), tables}
}

// tableJoin is j as pitgate runs it against the right table itself: no ttl
// or created column, and ties broken on every column that is neither a key
// nor the timestamp, in table order, NULL losing (planner asofTable). The
// reference can only break ties on output columns, so all of them are
// output, under a prefix of their own so that k1/k2 cannot clash with the
// left table's.
func tableJoin(j pitref.Join, n int) pitref.Join {
	used := map[string]bool{j.RightTS: true}
	for _, k := range j.Keys {
		used[k.Right] = true
	}
	j.Features = nil
	for _, c := range pitref.RightColumns {
		if !used[c] {
			j.Features = append(j.Features, c)
		}
	}
	j.Created, j.Prefix = "", fmt.Sprintf("t%d_", n)
	return j
}

func (v variant) joins() []pitref.Join {
	out := make([]pitref.Join, len(v.steps))
	for i, s := range v.steps {
		out[i] = s.Join
	}
	return out
}

// querySQL is the ASOF query of a variant: the left columns, then each
// join's features. Join N uses the MATCH_CONDITION form when seed+N is odd,
// so chained joins mix the two forms.
func querySQL(schema string, seed int64, v variant) string {
	sel := make([]string, 0, len(pitref.LeftColumns))
	for _, c := range pitref.LeftColumns {
		sel = append(sel, "l."+c)
	}
	var from strings.Builder
	fmt.Fprintf(&from, "FROM %s.l AS l", schema)
	for _, s := range v.steps {
		alias := fmt.Sprintf("j%d", s.number)
		for _, f := range s.Features {
			sel = append(sel, fmt.Sprintf("%s.%s AS %s", alias, f, s.Prefix+f))
		}
		from.WriteString("\n" + joinClause(schema, alias, s, (seed+int64(s.number))%2 == 1))
	}
	q := "SELECT " + strings.Join(sel, ", ") + "\n" + from.String()
	if v.where != "" {
		q += "\nWHERE " + v.where
	}
	return q
}

func joinClause(schema, alias string, s step, matchCondition bool) string {
	kind := "ASOF LEFT JOIN"
	if s.Inner {
		kind = "ASOF JOIN"
	}
	right, ts := viewName(s.number), "event_timestamp"
	if s.table {
		right, ts = schema+"."+rightTable(s.number), s.RightTS
	}
	var keys []string
	for _, k := range s.Keys {
		keys = append(keys, fmt.Sprintf("%s.%s = l.%s", alias, k.Right, k.Left))
	}
	le, ge := "<=", ">="
	if s.Strict {
		le, ge = "<", ">"
	}
	if matchCondition {
		return fmt.Sprintf("%s %s AS %s MATCH_CONDITION (l.%s %s %s.%s) ON %s",
			kind, right, alias, s.LeftTS, ge, alias, ts, strings.Join(keys, " AND "))
	}
	return fmt.Sprintf("%s %s AS %s ON %s AND %s.%s %s l.%s",
		kind, right, alias, strings.Join(keys, " AND "), alias, ts, le, s.LeftTS)
}
