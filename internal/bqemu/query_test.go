package bqemu

// Copied from internal/difftest (test files cannot be imported); keep the two in step.

import (
	"fmt"
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

// variant is one way of running a scenario through pitgate.
type variant struct {
	name  string
	steps []step
}

// variants are the scenario's joins with feature views, and, when some join
// has neither ttl nor known_at, the same with those joins against plain
// tables (see the package doc for why their reference join changes).
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
		return []variant{views}
	}
	return []variant{views, tables}
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
	return "SELECT " + strings.Join(sel, ", ") + "\n" + from.String()
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
