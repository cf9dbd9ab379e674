package dialects_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
)

// tableRows counts the rows of table after a write; -1 when it is gone.
func tableRows(t *testing.T, wh warehouse.Warehouse, table []string) int64 {
	if _, err := wh.Table(context.Background(), table); err != nil {
		return -1
	}
	got := runRows(t, wh, dialects.CountRows(dialects.DuckDB{}, table))
	n, err := strconv.ParseInt(strings.Trim(got[0], "[]"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestGoldenWrites plans each statement under testdata/golden/writes (in
// name order: they build on each other) with schema pitgate_wtest
// writable, compares the statement each dialect prints with <case>.out,
// and runs the DuckDB statement on the demo data, recording the rows it
// wrote and the table's rows after it in the golden file too.
func TestGoldenWrites(t *testing.T) {
	root := filepath.Join(testenv.Root(), "testdata", "golden")
	wh := testenv.Warehouse(t, testenv.SmallDemo())
	ctx := context.Background()
	if err := wh.Exec(ctx, "CREATE SCHEMA pitgate_wtest"); err != nil {
		t.Fatal(err)
	}
	p := planner.New(testenv.Repo(t), gateway.TablesOf(wh)).WithWritableSchemas([]string{"pitgate_wtest"})
	cases, err := filepath.Glob(filepath.Join(root, "writes", "*.sql"))
	if err != nil || len(cases) < 10 {
		t.Fatalf("%d write cases (%v), want at least 10", len(cases), err)
	}
	for _, file := range cases {
		sql, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		stmts, err := p.Plan(ctx, string(sql))
		if err != nil || len(stmts) != 1 || stmts[0].Err != nil || stmts[0].Write == nil {
			t.Fatalf("%s: want one write, got %v %v", file, err, stmts)
		}
		st := stmts[0]
		w := st.Write.Write
		if st.Query != nil {
			w.Rows = st.Query.Root
		}
		var out strings.Builder
		for _, name := range dialects.Names() {
			d, _ := dialects.ByName(name)
			s, err := dialects.PrintWrite(d, &w)
			if err != nil {
				t.Fatalf("%s %s: %v", file, name, err)
			}
			fmt.Fprintf(&out, "-- %s\n%s\n", name, s)
		}
		duck, _ := dialects.PrintWrite(dialects.DuckDB{}, &w)
		n, err := wh.ExecCount(ctx, duck)
		if err != nil {
			t.Fatalf("%s: running on DuckDB: %v\n%s", file, err, duck)
		}
		rows := tableRows(t, wh, w.Table)
		if w.Op == plan.CreateTableAs {
			n = rows // the gateway counts them so: DuckDB reports none
		}
		fmt.Fprintf(&out, "-- duckdb: %s, %s has %d rows\n", st.Write.Tag(n), strings.Join(w.Table, "."), rows)
		golden(t, strings.TrimSuffix(file, ".sql")+".out", out.String())
	}
}
