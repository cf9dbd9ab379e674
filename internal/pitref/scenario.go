package pitref

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Scenario is one random differential-test case: Left joined with Joins in
// order, where Joins[i].Right is Rights[i]. Every join reads the left
// table's own columns (keys k1/k2, timestamp ts) and outputs its features
// under its Prefix.
type Scenario struct {
	Seed        int64
	Left        *Table
	Rights      []*Table
	Joins       []Join
	Description string
}

// Column names of scenario tables; ColumnType gives their types.
var (
	LeftColumns  = []string{"id", "k1", "k2", "ts", "label"}
	RightColumns = []string{"k1", "k2", "ts", "created", "f_int", "f_float", "f_text", "f_bool"}
)

var columnTypes = map[string]string{
	"id": "int8", "k1": "int8", "k2": "text", "ts": "timestamptz", "label": "text",
	"created": "timestamptz", "f_int": "int8", "f_float": "float8", "f_text": "text", "f_bool": "bool",
}

// ColumnType is the PostgreSQL type of a scenario column, so a harness can
// create the tables in a warehouse; "" for a name that is not one.
func ColumnType(col string) string { return columnTypes[col] }

// RandomScenario builds the scenario for seed; the same seed always gives
// the same scenario. Tables are small (0–60 rows) over few keys and few
// instants, so ties, NULLs and boundary cases are common; see
// scenario_values.go for the value pools.
func RandomScenario(seed int64) Scenario {
	g := &scenarioGen{r: rand.New(rand.NewPCG(uint64(seed), 0x5eed_9175))}
	g.pickDomain()
	s := Scenario{Seed: seed}
	joins := make([]Join, 1+g.r.IntN(2))
	for i := range joins {
		joins[i] = g.joinSpec(i, len(joins))
	}
	s.Left = g.leftTable()
	for i := range joins {
		joins[i].Right = g.rightTable(joins[i], s.Left)
		s.Rights = append(s.Rights, joins[i].Right)
	}
	s.Joins = joins
	s.Description = describe(s, g.anchor)
	return s
}

// scenarioGen holds one scenario's random source and its small domain of
// keys and instants, shared by the left and right tables so they meet.
type scenarioGen struct {
	r      *rand.Rand
	anchor time.Time
	grid   []time.Time
	k1s    []any
	k2s    []any
}

func (g *scenarioGen) pickDomain() {
	g.anchor = pick(g.r, dstAnchors)
	for _, off := range pickSome(g.r, gridOffsets, 3+g.r.IntN(5)) {
		g.grid = append(g.grid, g.anchor.Add(off))
	}
	g.k1s = pickSome(g.r, k1Pool, 1+g.r.IntN(3))
	g.k2s = pickSome(g.r, k2Pool, 2+g.r.IntN(3))
	if g.r.IntN(3) == 0 {
		// (1,'23') and (12,'3') concatenate to the same text: a dialect that
		// hashes or groups by concatenated keys would merge them.
		g.k1s, g.k2s = []any{int64(1), int64(12)}, []any{"23", "3"}
	}
}

func (g *scenarioGen) joinSpec(i, n int) Join {
	j := Join{LeftTS: "ts", RightTS: "ts", Strict: g.chance(30)}
	switch k := g.r.IntN(20); {
	case k < 10:
		j.Keys = []KeyPair{{"k1", "k1"}}
	case k < 13:
		j.Keys = []KeyPair{{"k2", "k2"}}
	default:
		j.Keys = []KeyPair{{"k1", "k1"}, {"k2", "k2"}}
	}
	if g.chance(60) {
		j.TTL = pick(g.r, ttlPool)
	}
	if g.chance(65) {
		j.Created = "created"
		j.KnownAt = g.chance(30)
	}
	j.Inner = g.chance(35)
	j.Features = pickSome(g.r, []string{"f_int", "f_float", "f_text", "f_bool"}, 1+g.r.IntN(4))
	switch {
	case n > 1:
		j.Prefix = fmt.Sprintf("r%d_", i+1)
	case g.chance(50):
		j.Prefix = "r_"
	}
	return j
}

func (g *scenarioGen) leftTable() *Table {
	t := &Table{Cols: append([]string(nil), LeftColumns...)}
	for i := range g.rowCount() {
		if i > 0 && g.chance(12) {
			t.Rows = append(t.Rows, append([]any(nil), pick(g.r, t.Rows)...))
			continue
		}
		t.Rows = append(t.Rows, []any{int64(i + 1), g.k1(), g.k2(), g.leftTS(), g.nullable(15, pick(g.r, labelPool))})
	}
	return t
}

func (g *scenarioGen) rightTable(j Join, left *Table) *Table {
	t := &Table{Cols: append([]string(nil), RightColumns...)}
	lefts := leftTimes(left)
	for i := range g.rowCount() {
		var row []any
		switch {
		case i > 0 && g.chance(8): // an exact duplicate: tied in everything
			row = append([]any(nil), pick(g.r, t.Rows)...)
		case i > 0 && g.chance(15): // same key and ts as another row, new values
			row = append([]any(nil), pick(g.r, t.Rows)[:3]...)
			row = append(row, g.created(row[2], lefts))
			row = append(row, g.features()...)
		default:
			ts := g.rightTS(j.TTL, lefts)
			row = append([]any{g.k1(), g.k2(), ts, g.created(ts, lefts)}, g.features()...)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func (g *scenarioGen) rowCount() int {
	if g.chance(8) {
		return 0
	}
	return 1 + g.r.IntN(60)
}

func (g *scenarioGen) k1() any { return g.nullable(10, pick(g.r, g.k1s)) }
func (g *scenarioGen) k2() any { return g.nullable(10, pick(g.r, g.k2s)) }

func (g *scenarioGen) leftTS() any { return g.nullable(8, pick(g.r, g.grid)) }

// rightTS is a grid instant, or an instant on or just beside an edge of some
// left row's window: equal to left.ts (in for <=, out for <), and exactly
// ttl before it (in) or one microsecond further (out).
func (g *scenarioGen) rightTS(ttl time.Duration, lefts []time.Time) any {
	if g.chance(6) {
		return nil
	}
	if len(lefts) == 0 || g.chance(50) {
		return pick(g.r, g.grid)
	}
	edges := []time.Duration{0, -time.Microsecond, time.Microsecond}
	if ttl > 0 {
		edges = append(edges, -ttl, -ttl-time.Microsecond, -ttl+time.Microsecond, -ttl, -ttl-time.Microsecond)
	}
	return pick(g.r, lefts).Add(pick(g.r, edges))
}

// created is near ts (sometimes before it, often equal so created ties
// happen), sometimes exactly a left row's ts (the known_at edge), sometimes NULL.
func (g *scenarioGen) created(ts any, lefts []time.Time) any {
	switch {
	case g.chance(15):
		return nil
	case len(lefts) > 0 && g.chance(15):
		return pick(g.r, lefts)
	case ts == nil:
		return pick(g.r, g.grid)
	}
	return ts.(time.Time).Add(pick(g.r, createdDelays))
}

func (g *scenarioGen) features() []any {
	return []any{
		g.nullable(15, pick(g.r, intPool)),
		g.nullable(15, pick(g.r, floatPool)),
		g.nullable(15, pick(g.r, textPool)),
		g.nullable(15, pick(g.r, boolPool)),
	}
}

// nullable returns NULL with the given percent chance, v otherwise.
func (g *scenarioGen) nullable(percent int, v any) any {
	if g.chance(percent) {
		return nil
	}
	return v
}

func (g *scenarioGen) chance(percent int) bool { return g.r.IntN(100) < percent }

func leftTimes(left *Table) []time.Time {
	var ts []time.Time
	for _, row := range left.Rows {
		if t, ok := row[3].(time.Time); ok {
			ts = append(ts, t)
		}
	}
	return ts
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// pickSome returns n distinct elements of xs in random order.
func pickSome[T any](r *rand.Rand, xs []T, n int) []T {
	out := append([]T(nil), xs...)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out[:min(n, len(out))]
}

func describe(s Scenario, anchor time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d: left %d rows, instants around %s", s.Seed, len(s.Left.Rows), anchor.Format(time.RFC3339))
	for i, j := range s.Joins {
		fmt.Fprintf(&b, "; join %d: %s", i+1, describeJoin(j))
	}
	return b.String()
}

func describeJoin(j Join) string {
	kind, op := "ASOF LEFT JOIN", "<="
	if j.Inner {
		kind = "ASOF JOIN"
	}
	if j.Strict {
		op = "<"
	}
	var keys []string
	for _, k := range j.Keys {
		keys = append(keys, k.Left)
	}
	s := fmt.Sprintf("%s %d rows on (%s), ts %s, ttl %s", kind, len(j.Right.Rows), strings.Join(keys, ","), op, j.TTL)
	if j.Created != "" {
		s += ", created tie-break"
	}
	if j.KnownAt {
		s += ", known_at"
	}
	return s + fmt.Sprintf(", features %s as %q", strings.Join(j.Features, ","), j.Prefix+"*")
}
