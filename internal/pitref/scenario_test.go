package pitref

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestRandomScenarioIsDeterministic(t *testing.T) {
	for _, seed := range []int64{0, 1, 42, -7, 1 << 40} {
		a, b := RandomScenario(seed), RandomScenario(seed)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("seed %d gave two different scenarios:\n%s\n%s", seed, a.Description, b.Description)
		}
	}
	if reflect.DeepEqual(RandomScenario(1).Left, RandomScenario(2).Left) {
		t.Fatal("seeds 1 and 2 gave the same left table")
	}
}

func TestRandomScenarioShape(t *testing.T) {
	for seed := int64(1); seed <= 300; seed++ {
		s := RandomScenario(seed)
		if n := len(s.Joins); n < 1 || n > 2 || len(s.Rights) != n {
			t.Fatalf("seed %d: %d joins, %d rights", seed, n, len(s.Rights))
		}
		if len(s.Left.Rows) > 60 {
			t.Fatalf("seed %d: %d left rows", seed, len(s.Left.Rows))
		}
		for i, j := range s.Joins {
			if j.Right != s.Rights[i] || len(j.Right.Rows) > 60 || len(j.Features) == 0 {
				t.Fatalf("seed %d join %d: right %p vs %p, %d rows, %d features", seed, i, j.Right, s.Rights[i], len(j.Right.Rows), len(j.Features))
			}
		}
		checkValues(t, seed, s.Left)
		for _, r := range s.Rights {
			checkValues(t, seed, r)
		}
		if !strings.HasPrefix(s.Description, "seed ") {
			t.Fatalf("description %q", s.Description)
		}
	}
}

// checkValues requires every value to have its column's type, instants in
// UTC with whole microseconds.
func checkValues(t *testing.T, seed int64, tab *Table) {
	t.Helper()
	goTypes := map[string]string{"int8": "int64", "float8": "float64", "text": "string", "bool": "bool", "timestamptz": "time.Time"}
	for _, r := range tab.Rows {
		for i, v := range r {
			if v == nil {
				continue
			}
			want := goTypes[ColumnType(tab.Cols[i])]
			if got := reflect.TypeOf(v).String(); got != want {
				t.Fatalf("seed %d: column %s holds %s, want %s", seed, tab.Cols[i], got, want)
			}
			if ts, ok := v.(time.Time); ok && (ts.Location() != time.UTC || ts.Nanosecond()%1000 != 0) {
				t.Fatalf("seed %d: column %s holds %v", seed, tab.Cols[i], ts)
			}
		}
	}
}

// TestRandomScenariosCoverAwkwardCases requires each awkward case of the
// brief to appear in the first 500 seeds.
func TestRandomScenariosCoverAwkwardCases(t *testing.T) {
	seen := map[string]bool{}
	for seed := int64(1); seed <= 500; seed++ {
		for what := range scenarioTraits(RandomScenario(seed)) {
			seen[what] = true
		}
	}
	for _, what := range []string{
		"one join", "two joins", "empty left", "empty right", "duplicate left rows",
		"NULL key left", "NULL key right", "NULL ts left", "NULL ts right",
		"two-column key", "(1,'23') and (12,'3')", "text key with quote", "text key with backslash",
		"keys differing in case", "strict", "not strict", "ttl 0", "ttl > 0", "ttl 24h",
		"no created", "created", "NULL created", "known_at", "inner", "left",
		"NULL int", "NULL float", "NULL text", "NULL bool",
		"anchor 2024-03-31T01:00:00Z", "anchor 2024-10-27T01:00:00Z", "anchor 2024-03-10T07:00:00Z",
	} {
		if !seen[what] {
			t.Errorf("no scenario among 500 has %s", what)
		}
	}
}

func scenarioTraits(s Scenario) map[string]bool {
	tr := map[string]bool{}
	tr[map[int]string{1: "one join", 2: "two joins"}[len(s.Joins)]] = true
	for _, a := range dstAnchors {
		if strings.Contains(s.Description, "around "+a.Format(time.RFC3339)) {
			tr["anchor "+a.Format(time.RFC3339)] = true
		}
	}
	if len(s.Left.Rows) == 0 {
		tr["empty left"] = true
	}
	seenRows := map[string]bool{}
	for _, r := range s.Left.Rows {
		f := FormatRow(r)
		tr["duplicate left rows"] = tr["duplicate left rows"] || seenRows[f]
		seenRows[f] = true
		tr["NULL key left"] = tr["NULL key left"] || r[1] == nil || r[2] == nil
		tr["NULL ts left"] = tr["NULL ts left"] || r[3] == nil
	}
	for _, j := range s.Joins {
		joinTraits(tr, j)
	}
	return tr
}

func joinTraits(tr map[string]bool, j Join) {
	set := func(cond bool, yes, no string) {
		if cond {
			tr[yes] = true
		} else if no != "" {
			tr[no] = true
		}
	}
	set(j.Strict, "strict", "not strict")
	set(j.TTL > 0, "ttl > 0", "ttl 0")
	set(j.TTL == 24*time.Hour, "ttl 24h", "")
	set(j.Created != "", "created", "no created")
	set(j.KnownAt, "known_at", "")
	set(j.Inner, "inner", "left")
	set(len(j.Right.Rows) == 0, "empty right", "")
	set(len(j.Keys) == 2, "two-column key", "")
	pairs := map[string]bool{}
	for _, r := range j.Right.Rows {
		set(r[0] == nil || r[1] == nil, "NULL key right", "")
		set(r[2] == nil, "NULL ts right", "")
		set(r[3] == nil && j.Created != "", "NULL created", "")
		for i, name := range []string{"int", "float", "text", "bool"} {
			set(r[4+i] == nil, "NULL "+name, "")
		}
		k2, _ := r[1].(string)
		set(strings.Contains(k2, "'"), "text key with quote", "")
		set(strings.Contains(k2, `\`), "text key with backslash", "")
		set(k2 == "Mixed" || k2 == "mixed", "keys differing in case", "")
		pairs[FormatRow(r[:2])] = true
	}
	set(len(j.Keys) == 2 && pairs[`(1, "23")`] && pairs[`(12, "3")`], "(1,'23') and (12,'3')", "")
}
