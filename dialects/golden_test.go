package dialects_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

// TestGolden plans every query under testdata/golden/cases, compares its
// plan and its SQL per dialect (and the postgres dialect's LATERAL
// strategy, the duckdb dialect's window strategy, the snowflake dialect's
// window strategy, the bigquery dialect's ARRAY_AGG strategy) with the files beside
// it, and runs the DuckDB SQL on the demo data, where both DuckDB
// strategies must give the same rows. Queries without feature views or ASOF are
// also run by DuckDB as written, and must give the same rows.
func TestGolden(t *testing.T) {
	root := filepath.Join(testenv.Root(), "testdata", "golden")
	wh := testenv.Warehouse(t, testenv.SmallDemo())
	repo := testenv.Repo(t, filepath.Join(root, "repo"))
	p := planner.New(repo, gateway.TablesOf(wh))
	cases, err := filepath.Glob(filepath.Join(root, "cases", "*.sql"))
	if err != nil || len(cases) < 15 {
		t.Fatalf("%d golden cases (%v), want at least 15", len(cases), err)
	}
	for _, file := range cases {
		if strings.Count(filepath.Base(file), ".") > 1 {
			continue // an expected-output file
		}
		name := strings.TrimSuffix(filepath.Base(file), ".sql")
		t.Run(name, func(t *testing.T) {
			sql, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			q := planOne(t, p, string(sql))
			base := strings.TrimSuffix(file, ".sql")
			golden(t, base+".plan", plan.Format(q.Root))
			for _, name := range dialects.Names() {
				d, _ := dialects.ByName(name)
				out, err := dialects.Print(d, q.Root)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				golden(t, base+"."+name+".sql", out+"\n")
			}
			lateral, err := dialects.Print(dialects.Postgres{Lateral: true}, q.Root)
			if err != nil {
				t.Fatalf("postgres lateral: %v", err)
			}
			golden(t, base+".postgres-lateral.sql", lateral+"\n")
			window, err := dialects.Print(dialects.DuckDB{Window: true}, q.Root)
			if err != nil {
				t.Fatalf("duckdb window: %v", err)
			}
			golden(t, base+".duckdb-window.sql", window+"\n")
			sfWindow, err := dialects.Print(dialects.Snowflake{Window: true}, q.Root)
			if err != nil {
				t.Fatalf("snowflake window: %v", err)
			}
			golden(t, base+".snowflake-window.sql", sfWindow+"\n")
			bqArrayAgg, err := dialects.Print(dialects.BigQuery{ArrayAgg: true}, q.Root)
			if err != nil {
				t.Fatalf("bigquery array_agg: %v", err)
			}
			golden(t, base+".bigquery-arrayagg.sql", bqArrayAgg+"\n")
			out, _ := dialects.Print(dialects.DuckDB{}, q.Root)
			got := runRows(t, wh, out)
			golden(t, base+".rows", fmt.Sprintf("%d rows\n", len(got)))
			if diff := diffRows(typedRows(t, wh, out, summedFloats[name]), typedRows(t, wh, window, summedFloats[name])); diff != "" {
				t.Fatalf("DuckDB's native ASOF and window strategies differ:\n%s", diff)
			}
			if !strings.Contains(strings.ToUpper(string(sql)), "ASOF") && !usesView(repo, string(sql)) {
				want := runRows(t, wh, string(sql))
				if diff := diffRows(got, want); diff != "" {
					t.Fatalf("pitgate's SQL and the query run directly on DuckDB differ:\n%s", diff)
				}
			}
		})
	}
}

func planOne(t *testing.T, p *planner.Planner, sql string) *planner.Query {
	t.Helper()
	stmts, err := p.Plan(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	if len(stmts) != 1 || stmts[0].Err != nil || stmts[0].Query == nil {
		t.Fatalf("want one query, got %d statements (%v)", len(stmts), stmts[0].Err)
	}
	return stmts[0].Query
}

// usesView reports whether sql names a feature view, which DuckDB alone cannot resolve.
func usesView(repo *registry.Repo, sql string) bool {
	words := strings.FieldsFunc(strings.ToLower(sql), func(r rune) bool {
		return !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	for _, w := range words {
		if repo.View(w) != nil || repo.Service(w) != nil {
			return true
		}
	}
	return false
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		_ = os.WriteFile(path+".actual", []byte(got), 0o644)
		t.Fatalf("%s differs from the golden file; actual output written to %s.actual\n--- got\n%s", path, path, got)
	}
}

func runRows(t *testing.T, wh warehouse.Warehouse, sql string) []string {
	t.Helper()
	rows, err := wh.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("running on DuckDB: %v\n%s", err, sql)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		out = append(out, fmt.Sprint(rows.Values()))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func diffRows(a, b []string) string {
	a, b = append([]string{}, a...), append([]string{}, b...)
	sort.Strings(a)
	sort.Strings(b)
	if len(a) != len(b) {
		return fmt.Sprintf("%d rows vs %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			return fmt.Sprintf("row %q vs %q", a[i], b[i])
		}
	}
	return ""
}
