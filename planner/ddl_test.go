package planner_test

import (
	"context"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
)

// sessionTables is demoTables plus one session temporary table, orders,
// which shadows the warehouse table of the same name.
type sessionTables struct{ schemaTables }

func (sessionTables) TempTable(name string) ([]string, []planner.TableColumn, bool) {
	if name != "orders" {
		return nil, nil, false
	}
	return []string{"pg_temp", "orders"}, []planner.TableColumn{{Name: "order_id", Type: "int8"}, {Name: "ts", Type: "timestamptz"}}, true
}

func TestTempStatements(t *testing.T) {
	p := demoPlanner(t).WithTables(sessionTables{demoTables()})
	cases := []struct {
		sql  string
		op   planner.TempOp
		name string
		code string
	}{
		{"CREATE TEMP TABLE e (id bigint, ts timestamp with time zone NULL)", planner.TempCreate, "e", ""},
		{"CREATE TABLE e (id bigint)", planner.TempCreate, "e", ""}, // pandas.to_sql says no TEMP
		{"CREATE TABLE pg_temp.e (id bigint)", planner.TempCreate, "e", ""},
		{"CREATE TEMP TABLE e AS SELECT * FROM orders", planner.TempCreateAs, "e", ""},
		{"INSERT INTO orders VALUES (1, '2024-01-01'), (2, now())", planner.TempInsert, "orders", ""},
		{"INSERT INTO orders (ts) SELECT event_timestamp FROM driver_stats", planner.TempInsert, "orders", ""},
		{"TRUNCATE orders", planner.TempTruncate, "orders", ""},
		{"DROP TABLE IF EXISTS e", planner.TempDrop, "e", ""},
		{"CREATE TABLE public.e (id bigint)", 0, "", sqlerr.InsufficientPriv},
		{"CREATE TABLE e (id bigint PRIMARY KEY)", 0, "", sqlerr.FeatureNotSupported},
		{"CREATE TABLE e (id bigint DEFAULT 1)", 0, "", sqlerr.FeatureNotSupported},
		{"INSERT INTO driver_stats (driver_id) VALUES (1)", 0, "", sqlerr.InsufficientPriv},
		{"INSERT INTO nowhere VALUES (1)", 0, "", sqlerr.UndefinedTable},
		{"INSERT INTO orders (nope) VALUES (1)", 0, "", sqlerr.UndefinedColumn},
		{"INSERT INTO orders VALUES (1, now(), 3)", 0, "", sqlerr.Syntax},
		{"DROP TABLE public.orders", 0, "", sqlerr.InsufficientPriv},
		{"TRUNCATE e", 0, "", sqlerr.UndefinedTable},
	}
	for _, c := range cases {
		t.Run(c.sql, func(t *testing.T) {
			stmts, err := p.Plan(context.Background(), c.sql)
			if err == nil {
				err = stmts[0].Err
			}
			if c.code != "" {
				if sqlerr.Code(err) != c.code {
					t.Fatalf("got %v, want %s", err, c.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			st := stmts[0]
			if st.Kind != planner.KindTemp || st.Temp.Op != c.op || st.Temp.Name != c.name {
				t.Fatalf("kind %d op %d name %q, want KindTemp op %d name %q", st.Kind, st.Temp.Op, st.Temp.Name, c.op, c.name)
			}
		})
	}
}

// TestTempTableWinsOverWarehouse: an unqualified name a session's
// temporary table holds reads that table (pg_temp first, as PostgreSQL),
// and the query is marked to run on the session's connection; the
// INSERT's values are cast to the columns' types.
func TestTempTableWinsOverWarehouse(t *testing.T) {
	p := demoPlanner(t).WithTables(sessionTables{demoTables()})
	stmts, err := p.Plan(context.Background(), "SELECT ts FROM orders; SELECT order_id FROM driver_stats, orders LIMIT 1; INSERT INTO orders VALUES (1, '2024-01-01')")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range stmts {
		if st.Err != nil {
			t.Fatal(st.Err)
		}
	}
	if !stmts[0].Query.Temp || !stmts[1].Query.Temp {
		t.Fatal("a query reading a temporary table is not marked Temp")
	}
	tbl, ok := stmts[0].Query.Root.(*plan.Project).Input.(*plan.Table)
	if !ok || len(tbl.Name) != 2 || tbl.Name[0] != "pg_temp" {
		t.Fatalf("orders read as %#v, want pg_temp.orders", stmts[0].Query.Root)
	}
	v := stmts[2].Temp.Query.Root.(*plan.Values)
	if c, ok := v.Rows[0][1].(*plan.Cast); !ok || c.Type != "timestamptz" {
		t.Fatalf("VALUES item %#v, want a cast to timestamptz", v.Rows[0][1])
	}
	plain, err := demoPlanner(t).Plan(context.Background(), "SELECT order_id FROM orders")
	if err != nil || plain[0].Err != nil || plain[0].Query.Temp {
		t.Fatalf("without the session's tables orders is the warehouse's: %v %v", err, plain[0].Err)
	}
}
