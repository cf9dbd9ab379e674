package planner_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
)

func planQuery(t *testing.T, sql string) *planner.Query {
	t.Helper()
	stmts, err := demoPlanner(t).Plan(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	if stmts[0].Err != nil {
		t.Fatal(stmts[0].Err)
	}
	return stmts[0].Query
}

// TestUploadableValuesTypes: which VALUES lists can be uploaded, and the
// column types the upload table gets: as PostgreSQL and DuckDB infer them
// for the list inline.
func TestUploadableValuesTypes(t *testing.T) {
	cases := []struct {
		values string
		types  string // "" when the list stays inline
	}{
		{`(1, '2024-01-01'::timestamptz, 'a'), (2, NULL, NULL)`, "int4 timestamptz text"},
		{`(1, true), (3000000000, false)`, "int8 bool"},
		{`('2024-01-01'::date, 0.5::float8), ('2024-01-02', 1::float8)`, "date float8"},
		{`(1.5), (2.5)`, ""},             // numeric: each warehouse scales it its own way
		{`(1), ('2')`, ""},               // PostgreSQL reads '2' as an integer, DuckDB refuses
		{`(1), (2::int8)`, ""},           // two types: left to the warehouse
		{`(NULL), (NULL)`, ""},           // no type at all
		{`(now()), (now())`, ""},         // not a literal
		{`('a'::varchar(1)), ('b')`, ""}, // a cast COPY would not repeat
		{`('\x00ff'::bytea), (NULL)`, "bytea"},
	}
	for _, c := range cases {
		q := planQuery(t, "SELECT * FROM (VALUES "+c.values+") AS v")
		ups := planner.UploadableValues(q.Root, 1)
		got := ""
		if len(ups) == 1 {
			var types []string
			for _, col := range ups[0].Cols {
				types = append(types, col.Type)
			}
			got = strings.Join(types, " ")
		}
		if got != c.types {
			t.Errorf("VALUES %s: upload types %q, want %q", c.values, got, c.types)
		}
	}
	q := planQuery(t, "SELECT * FROM (VALUES (1, 'x''y'), (NULL, 'tab\there')) AS v(a, b)")
	ups := planner.UploadableValues(q.Root, 1)
	cells := ups[0].Cells
	if *cells[0][0] != "1" || *cells[0][1] != "x'y" || cells[1][0] != nil || *cells[1][1] != "tab\there" {
		t.Errorf("cells %q", fmt.Sprint(*cells[0][0], *cells[0][1], cells[1][0], *cells[1][1]))
	}
	if ups := planner.UploadableValues(q.Root, 5); len(ups) != 0 {
		t.Errorf("4 cells uploaded with a threshold of 5")
	}
}

// TestReplaceValuesPrintsTheTable: the rewritten plan reads the upload
// table in every dialect, with the list's columns, and the original plan
// is unchanged.
func TestReplaceValuesPrintsTheTable(t *testing.T) {
	q := planQuery(t, `WITH e(driver_id, ts) AS (VALUES (1001, '2024-01-01 10:00:00+00'::timestamptz), (1002, '2024-01-02'::timestamptz))
		SELECT e.driver_id, d.conv_rate FROM e ASOF LEFT JOIN driver_hourly_stats d
		ON d.driver_id = e.driver_id AND d.event_timestamp <= e.ts`)
	ups := planner.UploadableValues(q.Root, 4)
	if len(ups) != 1 {
		t.Fatalf("%d uploadable lists, want 1", len(ups))
	}
	before, _ := dialects.Print(dialects.DuckDB{}, q.Root)
	for _, d := range []string{"duckdb", "postgres", "bigquery", "snowflake"} {
		dialect, err := dialects.ByName(d)
		if err != nil {
			t.Fatal(err)
		}
		path := map[string][]string{"duckdb": {"temp", "main", "pitgate_upload_1"}, "postgres": {"pg_temp", "pitgate_upload_1"},
			"bigquery": {"pitgate", "pitgate_upload_1"}, "snowflake": {"pitgate_upload_1"}}[d]
		table := &plan.Table{Name: path}
		for i, c := range ups[0].Node.Cols {
			table.Cols = append(table.Cols, plan.Column{ID: c.ID, Name: c.Name, Type: plan.Type(ups[0].Cols[i].Type)})
		}
		root := planner.ReplaceValues(q.Root, map[*plan.Values]*plan.Table{ups[0].Node: table})
		sql, err := dialects.Print(dialect, root)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(sql, "1002") || strings.Contains(sql, "VALUES") || !strings.Contains(strings.ToLower(sql), "pitgate_upload_1") {
			t.Errorf("%s: the rewritten query does not read the upload table:\n%s", d, sql)
		}
		if d == "snowflake" && !strings.Contains(sql, `"PITGATE_UPLOAD_1" AS`) {
			t.Errorf("snowflake names the upload table other than its TEMPORARY table's name:\n%s", sql)
		}
	}
	if after, _ := dialects.Print(dialects.DuckDB{}, q.Root); after != before {
		t.Error("ReplaceValues changed the original plan")
	}
}
