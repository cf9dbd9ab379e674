package difftest

import (
	"context"
	"flag"
	"fmt"
	"testing"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/pitcase"
	"github.com/pitgate/pitgate/internal/pitref"
)

var (
	seedsFlag = flag.Int("difftest.seeds", 250, "run seeds 1..N")
	seedFlag  = flag.Int64("difftest.seed", 0, "run only this seed (0: all of 1..difftest.seeds)")
)

// maxFailingSeeds bounds how many failing seeds are reported in one run:
// past a few, more reports add noise, not information.
const maxFailingSeeds = 5

func seeds() []int64 {
	if *seedFlag != 0 {
		return []int64{*seedFlag}
	}
	out := make([]int64, *seedsFlag)
	for i := range out {
		out[i] = int64(i + 1)
	}
	return out
}

// tally counts what the run compared, for the log.
type tally struct {
	scenarios, runs, joins, rows int
	byVariant                    map[string]int
}

// TestPointInTimeJoinsMatchReference is the differential test of the
// package doc: every variant of every seed's scenario must give exactly the
// rows of pitref.Evaluate, on DuckDB in the duckdb dialect with its
// default strategy (ASOF on the feature rows' keys and time, then the
// winning row fetched and ranked), its window strategy and its ASOF join
// after removing ties from the whole feature table, and on PostgreSQL (an ICU-collated database) in the postgres
// dialect: its default (auto) strategy without indexes (window) and with a
// btree on each right table's (keys, ts) (LATERAL), and each strategy
// forced.
func TestPointInTimeJoinsMatchReference(t *testing.T) {
	for _, s := range []struct {
		name string
		d    dialects.DuckDB
	}{{"duckdb", dialects.DuckDB{}}, {"duckdb-window", dialects.DuckDB{Window: true}}, {"duckdb-dedup", dialects.DuckDB{Dedup: true}}} {
		t.Run(s.name, func(t *testing.T) {
			h, err := newDuckDBHarness(s.d)
			if err != nil {
				t.Fatal(err)
			}
			defer h.Close()
			checkAll(t, h)
		})
	}
	t.Run("postgres", func(t *testing.T) {
		checkAll(t, newPostgresHarness(t, dialects.Postgres{}))
	})
	t.Run("postgres-lateral", func(t *testing.T) {
		checkAll(t, newPostgresHarness(t, dialects.Postgres{Lateral: true}))
	})
	t.Run("postgres-window", func(t *testing.T) {
		h := newPostgresHarness(t, dialects.Postgres{Window: true})
		h.index = true // the explicit window strategy ignores the index
		checkAll(t, h)
	})
	t.Run("postgres-auto-indexed", func(t *testing.T) {
		h := newPostgresHarness(t, dialects.Postgres{})
		h.index = true // the default strategy then prints LATERAL (index_test.go)
		checkAll(t, h)
	})
}

func checkAll(t *testing.T, h *harness) {
	ctx := context.Background()
	n := tally{byVariant: map[string]int{}}
	failing := 0
	for _, seed := range seeds() {
		if failing == maxFailingSeeds {
			t.Errorf("stopped after %d failing seeds", failing)
			break
		}
		if !checkSeed(t, ctx, h, seed, &n) {
			failing++
		}
	}
	t.Logf("compared %d scenarios in %d runs (%v), %d joins, %d reference rows",
		n.scenarios, n.runs, n.byVariant, n.joins, n.rows)
}

// checkSeed runs every variant of one seed's scenario and reports each
// difference; it returns false when any variant failed.
func checkSeed(t *testing.T, ctx context.Context, h *harness, seed int64, n *tally) bool {
	t.Helper()
	s := pitref.RandomScenario(seed)
	l, err := h.load(ctx, s)
	if err != nil {
		t.Errorf("%s\n%v", s.Description, err)
		return false
	}
	defer func() {
		if err := h.drop(ctx, l); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
	}()
	n.scenarios++
	ok := true
	for _, v := range pitcase.Variants(s) {
		want := v.Evaluate(s.Left, v.Joins())
		r, err := h.run(ctx, l, v)
		n.runs++
		n.byVariant[v.Name]++
		n.joins += len(v.Steps)
		n.rows += len(want.Rows)
		if msg := failure(h, r, err, want); msg != "" {
			t.Errorf("%s\nvariant %s (rerun alone with -difftest.seed=%d)\n%s", s.Description, v.Name, seed, msg)
			ok = false
		}
	}
	return ok
}

// failure describes what went wrong with one run, "" when nothing did.
func failure(h *harness, r run, err error, want *pitref.Table) string {
	sqls := fmt.Sprintf("query:\n%s\nsent to %s:\n%s\n", r.query, h.wh.Dialect(), r.sentSQL)
	if err != nil {
		return sqls + err.Error()
	}
	if diff := pitref.Compare(r.got, want); diff != "" {
		return sqls + "a = pitgate, b = reference:\n" + diff
	}
	return ""
}
