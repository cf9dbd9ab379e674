package pitref

import (
	"fmt"
	"testing"
	"time"
)

// TestEvaluateAgreesWithFilterEvaluator runs random scenarios through
// Evaluate and through filterEvaluate, a second evaluator written apart from
// it, and requires identical output in identical order. It also requires
// that the scenarios exercised every rule, so a generator change that stops
// producing (say) created ties makes this test fail rather than pass idly.
func TestEvaluateAgreesWithFilterEvaluator(t *testing.T) {
	seen := map[string]int{}
	for seed := int64(1); seed <= 3000; seed++ {
		s := RandomScenario(seed)
		got := Evaluate(s.Left, s.Joins...)
		want := filterEvaluate(s, seen)
		if diff := Compare(got, want); diff != "" {
			t.Fatalf("%s\n%s", s.Description, diff)
		}
		for i := range got.Rows {
			if g, w := FormatRow(got.Rows[i]), FormatRow(want.Rows[i]); g != w {
				t.Fatalf("%s\nrow %d: got %s, want %s (order differs)", s.Description, i, g, w)
			}
		}
	}
	for _, what := range []string{
		"decided by ts", "decided by created", "decided by f_int", "decided by f_float",
		"decided by f_text", "decided by f_bool", "tied in every output column",
		"NULL feature kept from the winner", "included at the ttl edge",
		"excluded a microsecond past the ttl edge", "excluded by strict at equal ts",
		"included at equal ts", "excluded by known_at", "known_at edge included",
		"dropped by inner join", "kept by left join without candidate",
	} {
		if seen[what] == 0 {
			t.Errorf("no scenario exercised %q", what)
		}
	}
	t.Logf("coverage: %v", seen)
}

// filterEvaluate evaluates a scenario the other way round from Evaluate:
// instants become Unix microseconds, each left row's candidates are
// gathered, then narrowed step by step to those holding the greatest ts,
// then created, then each feature; the first survivor wins. It counts in
// seen which rule decided, for the coverage check.
func filterEvaluate(s Scenario, seen map[string]int) *Table {
	cols := append([]string(nil), s.Left.Cols...)
	rows := s.Left.Rows
	for _, j := range s.Joins {
		var next [][]any
		for _, l := range rows {
			cands := candidates(j, cols, l, seen)
			out := append([]any(nil), l...)
			if len(cands) == 0 {
				if j.Inner {
					seen["dropped by inner join"]++
					continue
				}
				seen["kept by left join without candidate"]++
				next = append(next, append(out, make([]any, len(j.Features))...))
				continue
			}
			w := narrow(j, cands, seen)
			for _, f := range j.Features {
				out = append(out, w[col(j.Right.Cols, f)])
			}
			next = append(next, out)
		}
		for _, f := range j.Features {
			cols = append(cols, j.Prefix+f)
		}
		rows = next
	}
	return &Table{Cols: cols, Rows: rows}
}

func candidates(j Join, leftCols []string, l []any, seen map[string]int) [][]any {
	lt, ok := micros(l[col(leftCols, j.LeftTS)])
	if !ok {
		return nil
	}
	var out [][]any
	for _, r := range j.Right.Rows {
		if !sameKeys(j, leftCols, l, r) {
			continue
		}
		rt, ok := micros(r[col(j.Right.Cols, j.RightTS)])
		if !ok || rt > lt {
			continue
		}
		if rt == lt && j.Strict {
			seen["excluded by strict at equal ts"]++
			continue
		}
		if rt == lt {
			seen["included at equal ts"]++
		}
		ttl := j.TTL.Microseconds()
		if ttl > 0 && rt == lt-ttl-1 {
			seen["excluded a microsecond past the ttl edge"]++
		}
		if ttl > 0 && rt < lt-ttl {
			continue
		}
		if ttl > 0 && rt == lt-ttl {
			seen["included at the ttl edge"]++
		}
		if j.KnownAt {
			c, ok := micros(r[col(j.Right.Cols, j.Created)])
			if !ok || c > lt {
				seen["excluded by known_at"]++
				continue
			}
			if c == lt {
				seen["known_at edge included"]++
			}
		}
		out = append(out, r)
	}
	return out
}

func sameKeys(j Join, leftCols []string, l, r []any) bool {
	for _, k := range j.Keys {
		a, b := l[col(leftCols, k.Left)], r[col(j.Right.Cols, k.Right)]
		if a == nil || b == nil || a != b {
			return false
		}
	}
	return true
}

// narrow keeps, column by column, only the candidates holding that column's
// greatest value, and returns the first survivor.
func narrow(j Join, cands [][]any, seen map[string]int) []any {
	order := []string{j.RightTS}
	if j.Created != "" {
		order = append(order, j.Created)
	}
	order = append(order, j.Features...)
	all := cands
	for _, c := range order {
		if len(cands) == 1 {
			break
		}
		i := col(j.Right.Cols, c)
		kept := keepGreatest(cands, i)
		if len(kept) == 1 {
			seen["decided by "+c]++ // scenario columns: ts, created, f_*
		}
		cands = kept
	}
	if len(cands) > 1 {
		seen["tied in every output column"]++
	}
	for _, f := range j.Features {
		i := col(j.Right.Cols, f)
		if cands[0][i] == nil && anyNonNull(all, i) {
			seen["NULL feature kept from the winner"]++
		}
	}
	return cands[0]
}

func anyNonNull(rows [][]any, i int) bool {
	for _, r := range rows {
		if r[i] != nil {
			return true
		}
	}
	return false
}

func keepGreatest(rows [][]any, i int) [][]any {
	best := rows[0][i]
	for _, r := range rows[1:] {
		if less(best, r[i]) {
			best = r[i]
		}
	}
	var kept [][]any
	for _, r := range rows {
		if !less(r[i], best) {
			kept = append(kept, r)
		}
	}
	return kept
}

// less is the tie-break order written afresh: NULL lowest, Go's own < on
// strings (byte-wise), false before true, instants as microseconds.
func less(a, b any) bool {
	if b == nil {
		return false
	}
	if a == nil {
		return true
	}
	switch x := a.(type) {
	case int64:
		return x < b.(int64)
	case float64:
		return x < b.(float64)
	case string:
		return x < b.(string)
	case bool:
		return !x && b.(bool)
	case time.Time:
		return x.UnixMicro() < b.(time.Time).UnixMicro()
	}
	panic(fmt.Sprintf("unexpected %T", a))
}

func micros(v any) (int64, bool) {
	t, ok := v.(time.Time)
	return t.UnixMicro(), ok
}

func col(cols []string, name string) int {
	for i, c := range cols {
		if c == name {
			return i
		}
	}
	panic("no column " + name)
}
