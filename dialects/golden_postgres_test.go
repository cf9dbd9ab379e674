package dialects_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
)

// TestGoldenOnPostgres runs every golden case's postgres SQL on PostgreSQL
// holding the same demo data as DuckDB, with the window strategy and with
// the LATERAL one, and checks that both engines
// return exactly the same rows: same column types, same values (floats to
// the bit), in any order. The database is ICU-collated
// (testenv.PostgresICU), so a text comparison that is not byte-wise shows.
//
// The one allowance is summedFloats: an aggregate that adds floats depends
// on the order it adds them in, which SQL leaves to the engine (DuckDB's
// and PostgreSQL's differ in the last bit); there floats are compared to
// 12 significant digits.
func TestGoldenOnPostgres(t *testing.T) {
	cfg := testenv.SmallDemo()
	pg := testenv.PostgresWarehouse(t, testenv.PostgresICU(t), cfg)
	duck := testenv.Warehouse(t, cfg)
	root := filepath.Join(testenv.Root(), "testdata", "golden")
	p := planner.New(testenv.Repo(t, filepath.Join(root, "repo")), gateway.TablesOf(duck))
	cases, err := filepath.Glob(filepath.Join(root, "cases", "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, file := range cases {
		if strings.Count(filepath.Base(file), ".") > 1 {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(file), ".sql")
		t.Run(name, func(t *testing.T) {
			sql, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			q := planOne(t, p, string(sql))
			duckSQL, err := dialects.Print(dialects.DuckDB{}, q.Root)
			if err != nil {
				t.Fatal(err)
			}
			want := typedRows(t, duck, duckSQL, summedFloats[name])
			for _, d := range []dialects.Postgres{{}, {Lateral: true}} {
				pgSQL, err := dialects.Print(d, q.Root)
				if err != nil {
					t.Fatal(err)
				}
				got := typedRows(t, pg, pgSQL, summedFloats[name])
				if diff := diffRows(got, want); diff != "" {
					t.Fatalf("PostgreSQL (lateral %t) and DuckDB differ (%s):\n%s", d.Lateral, diff, pgSQL)
				}
			}
			compared++
		})
	}
	t.Logf("%d golden cases give the same rows on PostgreSQL and DuckDB", compared)
}

// summedFloats are the golden cases whose floats are sums, compared to 12
// digits (see TestGoldenOnPostgres).
var summedFloats = map[string]bool{"aggregate_over_pit": true}

// typedRows runs sql and prints each row with its column types and each
// value with its Go type, exactly (floats in hex, or to 12 digits when
// rounded, times in UTC).
func typedRows(t *testing.T, wh warehouse.Warehouse, sql string, rounded bool) []string {
	t.Helper()
	rows, err := wh.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("running on %s: %v\n%s", wh.Dialect(), err, sql)
	}
	defer rows.Close()
	var types []string
	for _, c := range rows.Columns() {
		types = append(types, c.Type)
	}
	var out []string
	for rows.Next() {
		vals := make([]string, len(rows.Values()))
		for i, v := range rows.Values() {
			vals[i] = exactValue(v, rounded)
		}
		out = append(out, strings.Join(types, ",")+": "+strings.Join(vals, ", "))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("running on %s: %v", wh.Dialect(), err)
	}
	sort.Strings(out)
	return out
}

func exactValue(v any, rounded bool) string {
	switch x := v.(type) {
	case float64:
		if rounded {
			return fmt.Sprintf("float64(%.12g)", x)
		}
		return fmt.Sprintf("float64(%x)", math.Float64bits(x))
	case time.Time:
		return "time(" + x.UTC().Format(time.RFC3339Nano) + ")"
	}
	return fmt.Sprintf("%T(%v)", v, v)
}
