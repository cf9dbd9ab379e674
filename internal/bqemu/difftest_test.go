package bqemu

import (
	"context"
	"flag"
	"fmt"
	"testing"

	"github.com/goccy/bigquery-emulator/types"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/pitcase"
	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
)

var (
	seedsFlag = flag.Int("bqemu.seeds", 250, "run seeds 1..N")
	seedFlag  = flag.Int64("bqemu.seed", 0, "run only this seed (0: all of 1..bqemu.seeds)")
)

// batch is how many scenarios share one emulator: the emulator's catalog
// grows with every dataset and each query pays for it (250 scenarios in
// one emulator take 5 minutes, in batches of 25 well under one).
const batch = 25

// scenarioTables is the planner's view of the scenario datasets: every
// table of a scenario has pitref's column types.
type scenarioTables map[string][]string

func (s scenarioTables) Table(_ context.Context, name []string) ([]planner.TableColumn, error) {
	if len(name) != 2 {
		return nil, planner.ErrUnknownSchema
	}
	cols, ok := s[name[0]+"."+name[1]]
	if !ok {
		return nil, planner.ErrUnknownSchema
	}
	out := make([]planner.TableColumn, len(cols))
	for i, c := range cols {
		out[i] = planner.TableColumn{Name: c, Type: pitref.ColumnType(c)}
	}
	return out, nil
}

// TestPointInTimeJoinsOnBigQuery is internal/difftest's differential test
// on the BigQuery emulator: each seed's scenario in dataset s<seed>, every
// variant's query planned, printed with dialects.BigQuery in each of its
// strategies (window, array_agg) and compared with pitref.Evaluate. The
// seed is in every failure.
func TestPointInTimeJoinsOnBigQuery(t *testing.T) {
	scenarios, datasets, tables := loadScenarios(t)
	ctx := context.Background()
	runs, failing, telling := 0, 0, 0
	var emu *emulator
	for i, s := range scenarios {
		if i%batch == 0 {
			emu = startEmulator(t, datasets[i:min(i+batch, len(datasets))]...)
		}
		if failing == 5 {
			t.Errorf("stopped after %d failing seeds", failing)
			break
		}
		repo := mustRepo(t, s)
	variants:
		for _, v := range pitcase.Variants(s) {
			query := pitcase.QuerySQL(schemaOf(s), s.Seed, v)
			want := v.Evaluate(s.Left, v.Joins())
			for _, st := range dialects.Strategies["bigquery"] {
				d, _ := dialects.WithStrategy(dialects.BigQuery{Project: project}, st)
				runs++
				sent, got, err := runQuery(ctx, emu, d, planner.New(repo, tables), query)
				msg := ""
				if err != nil {
					msg = err.Error()
				} else if diff := pitref.Compare(got, want); diff != "" {
					msg = "a = pitgate on the emulator, b = reference:\n" + diff
				}
				if err == nil && pitref.Compare(got, v.Evaluate(s.Left, flipStrict(v.Joins()))) != "" {
					telling++
				}
				if msg != "" {
					t.Errorf("%s\nvariant %s, strategy %s (rerun alone with -bqemu.seed=%d)\nquery:\n%s\nsent:\n%s\n%s",
						s.Description, v.Name, st, s.Seed, query, sent, msg)
					failing++
					break variants
				}
			}
		}
	}
	t.Logf("%d scenarios, %d runs compared with the reference on the BigQuery emulator; %d would fail with strict and inclusive swapped",
		len(scenarios), runs, telling)
	if telling == 0 && len(scenarios) > 20 {
		t.Error("no run tells strict from inclusive joins: the comparison shows nothing")
	}
}

// flipStrict is joins with strict and inclusive swapped: a reference the
// emulator's rows must not match, or the comparison proves nothing.
func flipStrict(joins []pitref.Join) []pitref.Join {
	out := append([]pitref.Join(nil), joins...)
	for i := range out {
		out[i].Strict = !out[i].Strict
	}
	return out
}

func schemaOf(s pitref.Scenario) string { return fmt.Sprintf("s%d", s.Seed) }

func loadScenarios(t *testing.T) ([]pitref.Scenario, []*types.Dataset, scenarioTables) {
	t.Helper()
	seeds := []int64{*seedFlag}
	if *seedFlag == 0 {
		seeds = nil
		for i := 1; i <= *seedsFlag; i++ {
			seeds = append(seeds, int64(i))
		}
	}
	var scenarios []pitref.Scenario
	var datasets []*types.Dataset
	tables := scenarioTables{}
	for _, seed := range seeds {
		s := pitref.RandomScenario(seed)
		schema := schemaOf(s)
		named := map[string]*pitref.Table{"l": s.Left}
		for i, r := range s.Rights {
			named[pitcase.RightTable(i+1)] = r
		}
		var ts []*types.Table
		for name, tab := range named {
			colTypes := make([]string, len(tab.Cols))
			for i, c := range tab.Cols {
				colTypes[i] = pitref.ColumnType(c)
			}
			bt, err := table(name, tab, colTypes)
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			ts = append(ts, bt)
			tables[schema+"."+name] = tab.Cols
		}
		datasets = append(datasets, types.NewDataset(schema, ts...))
		scenarios = append(scenarios, s)
	}
	return scenarios, datasets, tables
}

func mustRepo(t *testing.T, s pitref.Scenario) *registry.Repo {
	t.Helper()
	yaml, err := pitcase.RepoYAML(schemaOf(s), s)
	if err != nil {
		t.Fatalf("seed %d: %v", s.Seed, err)
	}
	repo, err := registry.Parse(map[string][]byte{"bqemu.yaml": []byte(yaml)})
	if err != nil {
		t.Fatalf("seed %d: registry:\n%s\n%v", s.Seed, yaml, err)
	}
	return repo
}

// runQuery plans one query, prints it for BigQuery and runs it.
func runQuery(ctx context.Context, emu *emulator, d dialects.Dialect, p *planner.Planner, query string) (string, *pitref.Table, error) {
	stmts, err := p.Plan(ctx, query)
	if err != nil {
		return "", nil, fmt.Errorf("plan: %w", err)
	}
	if len(stmts) != 1 || stmts[0].Err != nil || stmts[0].Query == nil {
		return "", nil, fmt.Errorf("plan: want one query, got %d statements", len(stmts))
	}
	sent, err := dialects.Print(d, stmts[0].Query.Root)
	if err != nil {
		return "", nil, fmt.Errorf("print: %w", err)
	}
	got, err := emu.query(ctx, sent)
	return sent, got, err
}
