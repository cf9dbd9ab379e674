package pitcase

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pitgate/pitgate/internal/pitref"
)

// Step is one ASOF join as the test runs it: Join is what the reference
// evaluates, number names its right table rN and view vN, and table says
// the SQL joins the warehouse table rather than the feature view.
type Step struct {
	pitref.Join
	Number int
	Table  bool
}

// Variant is one way of running a scenario through pitgate. Where, when
// set, is the query's WHERE, and Keep is the same condition on a row of
// the reference's output.
type Variant struct {
	Name  string
	Steps []Step
	Where string
	Keep  func(t *pitref.Table, row []any) bool
}

// Evaluate is the reference's answer for the variant with joins.
func (v Variant) Evaluate(left *pitref.Table, joins []pitref.Join) *pitref.Table {
	out := pitref.Evaluate(left, joins...)
	if v.Keep == nil {
		return out
	}
	kept := &pitref.Table{Cols: out.Cols}
	for _, row := range out.Rows {
		if v.Keep(out, row) {
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
func filtered(views Variant) Variant {
	v := views
	v.Name = "filtered"
	first := v.Steps[0]
	feature := first.Prefix + first.Features[0]
	v.Where = fmt.Sprintf("l.label <> 'b' AND l.id %% 3 <> 0 AND (j%d.%s IS NOT NULL OR l.k2 IS NULL)",
		first.Number, first.Features[0])
	v.Keep = func(t *pitref.Table, row []any) bool {
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
func Variants(s pitref.Scenario) []Variant {
	views := Variant{Name: "views"}
	tables := Variant{Name: "tables"}
	plain := false
	for i, j := range s.Joins {
		views.Steps = append(views.Steps, Step{Join: j, Number: i + 1})
		if j.TTL == 0 && !j.KnownAt {
			plain = true
			tables.Steps = append(tables.Steps, Step{Join: tableJoin(j, i+1), Number: i + 1, Table: true})
		} else {
			tables.Steps = append(tables.Steps, Step{Join: j, Number: i + 1})
		}
	}
	if !plain {
		return []Variant{views, filtered(views)}
	}
	return []Variant{views, filtered(views), tables}
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

func (v Variant) Joins() []pitref.Join {
	out := make([]pitref.Join, len(v.Steps))
	for i, s := range v.Steps {
		out[i] = s.Join
	}
	return out
}

// QuerySQL is the ASOF query of a Variant: the left columns, then each
// join's features. Join N uses the MATCH_CONDITION form when seed+N is odd,
// so chained joins mix the two forms.
func QuerySQL(schema string, seed int64, v Variant) string {
	sel := make([]string, 0, len(pitref.LeftColumns))
	for _, c := range pitref.LeftColumns {
		sel = append(sel, "l."+c)
	}
	var from strings.Builder
	fmt.Fprintf(&from, "FROM %s.l AS l", schema)
	for _, s := range v.Steps {
		alias := fmt.Sprintf("j%d", s.Number)
		for _, f := range s.Features {
			sel = append(sel, fmt.Sprintf("%s.%s AS %s", alias, f, s.Prefix+f))
		}
		from.WriteString("\n" + joinClause(schema, alias, s, (seed+int64(s.Number))%2 == 1))
	}
	q := "SELECT " + strings.Join(sel, ", ") + "\n" + from.String()
	if v.Where != "" {
		q += "\nWHERE " + v.Where
	}
	return q
}

func joinClause(schema, alias string, s Step, matchCondition bool) string {
	kind := "ASOF LEFT JOIN"
	if s.Inner {
		kind = "ASOF JOIN"
	}
	right, ts := ViewName(s.Number), "event_timestamp"
	if s.Table {
		right, ts = schema+"."+RightTable(s.Number), s.RightTS
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
