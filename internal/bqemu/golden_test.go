package bqemu

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goccy/bigquery-emulator/types"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
)

// demoDataset is the dataset the demo tables are copied into; unqualified
// names in the golden cases resolve to it through dialects.BigQuery.
const demoDataset = "demo"

// TestGoldenOnBigQuery runs every golden case's BigQuery SQL, in each of the
// dialect's PIT strategies, on the emulator holding the small demo data
// and requires DuckDB's rows for the
// same plan: same values, in any order; integers compared as int64 and
// floats to 12 significant digits (BigQuery has one integer and one float
// type, and an aggregate's float sum depends on the order it adds in).
func TestGoldenOnBigQuery(t *testing.T) {
	duck := testenv.Warehouse(t, emulatorDemo())
	ctx := context.Background()
	emu := startEmulator(t, demoTables(t, duck))
	root := filepath.Join(testenv.Root(), "testdata", "golden")
	p := planner.New(testenv.Repo(t, filepath.Join(root, "repo")), gateway.TablesOf(duck))
	cases, err := filepath.Glob(filepath.Join(root, "cases", "*.sql"))
	if err != nil || len(cases) < 15 {
		t.Fatalf("%d golden cases (%v)", len(cases), err)
	}
	d := dialects.BigQuery{Project: project, Dataset: demoDataset}
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
			stmts, err := p.Plan(ctx, string(sql))
			if err != nil || len(stmts) != 1 || stmts[0].Query == nil {
				t.Fatalf("plan: %v", err)
			}
			duckSQL, err := dialects.Print(dialects.DuckDB{}, stmts[0].Query.Root)
			if err != nil {
				t.Fatal(err)
			}
			want := normalized(t, duckRows(t, duck, duckSQL))
			for _, st := range dialects.Strategies["bigquery"] {
				d, _ := dialects.WithStrategy(d, st)
				bqSQL, err := dialects.Print(d, stmts[0].Query.Root)
				if err != nil {
					t.Fatal(err)
				}
				got, err := emu.query(ctx, bqSQL)
				if err != nil {
					t.Fatalf("%s strategy: %v\n%s", st, err, bqSQL)
				}
				if diff := pitref.Compare(normalized(t, got), want); diff != "" {
					t.Fatalf("%s strategy: emulator (a) and DuckDB (b) differ:\n%s\n%s", st, diff, bqSQL)
				}
				compared++
			}
		})
	}
	t.Logf("%d golden cases × strategies give DuckDB's rows on the BigQuery emulator", compared)
}

// emulatorDemo is the small demo made smaller still: the emulator runs
// GoogleSQL on SQLite, where a range join of 1,500 orders with 2,400
// driver rows takes minutes per query.
func emulatorDemo() datagen.Config {
	cfg := testenv.SmallDemo()
	cfg.Drivers, cfg.Customers, cfg.Orders, cfg.HoursOfHistory = 6, 12, 150, 48
	return cfg
}

// demoTables copies every table of the DuckDB demo into the demo dataset.
func demoTables(t testing.TB, duck warehouse.Warehouse) *types.Dataset {
	t.Helper()
	ctx := context.Background()
	names := duckRows(t, duck, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1")
	var tables []*types.Table
	for _, row := range names.Rows {
		name := row[0].(string)
		cols, err := duck.Table(ctx, []string{name})
		if err != nil {
			t.Fatal(err)
		}
		colTypes := make([]string, len(cols))
		for i, c := range cols {
			colTypes[i] = c.Type
		}
		data := duckRows(t, duck, "SELECT * FROM "+dialects.DuckDB{}.QuoteIdent(name))
		bt, err := table(name, data, colTypes)
		if err != nil {
			t.Fatal(err)
		}
		tables = append(tables, bt)
	}
	return types.NewDataset(demoDataset, tables...)
}

func duckRows(t testing.TB, wh warehouse.Warehouse, sql string) *pitref.Table {
	t.Helper()
	rows, err := wh.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("duckdb: %v\n%s", err, sql)
	}
	defer rows.Close()
	out := &pitref.Table{}
	for _, c := range rows.Columns() {
		out.Cols = append(out.Cols, c.Name)
	}
	for rows.Next() {
		out.Rows = append(out.Rows, append([]any(nil), rows.Values()...))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// normalized maps values to the types both engines share: every integer
// int64, floats as text to 12 digits, times in UTC; column names dropped
// (DuckDB's are the query's, the emulator's the aliases pitgate prints).
func normalized(t *testing.T, tab *pitref.Table) *pitref.Table {
	out := &pitref.Table{}
	for _, row := range tab.Rows {
		vals := make([]any, len(row))
		for i, v := range row {
			vals[i] = normalValue(t, v)
		}
		out.Rows = append(out.Rows, vals)
	}
	return out
}

func normalValue(t *testing.T, v any) any {
	switch x := v.(type) {
	case nil, string, bool, int64:
		return v
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case int:
		return int64(x)
	case uint32:
		return int64(x)
	case float32:
		return fmt.Sprintf("%.12g", float64(x))
	case float64:
		return fmt.Sprintf("%.12g", x)
	case time.Time:
		return x.UTC()
	}
	t.Fatalf("no comparison for %T (%v)", v, v)
	return nil
}
