package planner_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
)

// schemaTables is a fixed set of table schemas: the planner's input, not a
// stand-in for a warehouse (no query runs in these tests).
type schemaTables map[string][]planner.TableColumn

func (t schemaTables) Table(_ context.Context, name []string) ([]planner.TableColumn, error) {
	if cols, ok := t[strings.Join(name, ".")]; ok {
		return cols, nil
	}
	return nil, sqlerr.New(sqlerr.UndefinedTable, "relation %q does not exist", strings.Join(name, "."))
}

func demoTables() schemaTables {
	ts := planner.TableColumn{Name: "event_timestamp", Type: "timestamptz"}
	created := planner.TableColumn{Name: "created", Type: "timestamptz"}
	return schemaTables{
		"orders": {{Name: "order_id", Type: "int8"}, {Name: "driver_id", Type: "int8"}, {Name: "customer_id", Type: "int8"}, ts},
		"driver_stats": {{Name: "driver_id", Type: "int8"}, ts, created, {Name: "conv_rate", Type: "float8"},
			{Name: "acc_rate", Type: "float8"}, {Name: "avg_daily_trips", Type: "int8"}},
		"customer_stats": {{Name: "customer_id", Type: "int8"}, ts, created, {Name: "current_balance", Type: "float8"},
			{Name: "avg_passenger_spend", Type: "float8"}, {Name: "lifetime_orders", Type: "int8"}},
	}
}

func isInternal(err error) bool { return sqlerr.Code(err) == sqlerr.Internal }

func demoPlanner(t testing.TB) *planner.Planner {
	t.Helper()
	repo, err := registry.Load(filepath.Join("..", "testdata", "demo", "repo"))
	if err != nil {
		t.Fatal(err)
	}
	return planner.New(repo, demoTables())
}

func planErr(p *planner.Planner, sql string) error {
	stmts, err := p.Plan(context.Background(), sql)
	if err != nil {
		return err
	}
	for _, st := range stmts {
		if st.Err != nil {
			return st.Err
		}
	}
	return nil
}

func TestPlanErrors(t *testing.T) {
	p := demoPlanner(t)
	cases := []struct {
		name, sql, code, msg string
		pos                  int
	}{
		{"syntax", "SELEC 1", sqlerr.Syntax, `syntax error at or near "SELEC"`, 1},
		{"syntax later", "SELECT 1 FROM orders WHERE", sqlerr.Syntax, "syntax error at end of input", 27},
		{"unknown relation", "SELECT * FROM nope", sqlerr.UndefinedTable, `relation "nope" does not exist`, 15},
		{"unknown features relation", "SELECT * FROM features.nope", sqlerr.UndefinedTable, "features.nope", 15},
		{"unknown column", "SELECT nope FROM orders", sqlerr.UndefinedColumn, `column "nope" does not exist`, 8},
		{"unknown qualified column", "SELECT o.nope FROM orders o", sqlerr.UndefinedColumn, "column o.nope does not exist", 8},
		{"missing alias", "SELECT x.order_id FROM orders o", sqlerr.UndefinedTable, `missing FROM-clause entry for table "x"`, 8},
		{"ambiguous", "SELECT driver_id FROM orders o, driver_stats s", sqlerr.AmbiguousColumn, "ambiguous", 8},
		{"asof no inequality", "SELECT 1 FROM orders o ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.driver_id",
			sqlerr.FeatureNotSupported, "exactly one time inequality", 0},
		{"asof two inequalities", "SELECT 1 FROM orders o ASOF JOIN driver_hourly_stats d ON d.driver_id = o.driver_id " +
			"AND d.event_timestamp <= o.event_timestamp AND d.event_timestamp < o.event_timestamp",
			sqlerr.FeatureNotSupported, "found 2", 0},
		{"asof non-equality key", "SELECT 1 FROM orders o ASOF JOIN driver_hourly_stats d ON d.driver_id <> o.driver_id " +
			"AND d.event_timestamp <= o.event_timestamp", sqlerr.FeatureNotSupported, "operator <> is not allowed", 0},
		{"asof or", "SELECT 1 FROM orders o ASOF JOIN driver_hourly_stats d ON d.driver_id = o.driver_id " +
			"OR d.event_timestamp <= o.event_timestamp", sqlerr.FeatureNotSupported, "equality or the time inequality", 0},
		{"asof forward", "SELECT 1 FROM orders o ASOF JOIN driver_hourly_stats d ON d.driver_id = o.driver_id " +
			"AND d.event_timestamp >= o.event_timestamp", sqlerr.FeatureNotSupported, "looks back in time", 0},
		{"asof missing key", "SELECT 1 FROM orders o ASOF JOIN driver_hourly_stats d ON d.event_timestamp <= o.event_timestamp",
			sqlerr.FeatureNotSupported, "must bind its join key driver_id", 0},
		{"asof left-only condition", "SELECT 1 FROM orders o ASOF JOIN driver_hourly_stats d ON o.driver_id = 1 " +
			"AND d.event_timestamp <= o.event_timestamp", sqlerr.FeatureNotSupported, "compare one column of d", 0},
		{"asof feature as key", "SELECT 1 FROM orders o ASOF JOIN driver_hourly_stats d ON d.driver_id = o.driver_id " +
			"AND d.conv_rate = 1 AND d.event_timestamp <= o.event_timestamp", sqlerr.FeatureNotSupported, "not a join key", 0},
		{"asof right subquery", "SELECT 1 FROM orders o ASOF JOIN (SELECT 1) d ON true", sqlerr.FeatureNotSupported, "not a subquery", 0},
		{"asof full", "SELECT 1 FROM orders o ASOF FULL JOIN driver_hourly_stats d ON d.driver_id = o.driver_id " +
			"AND d.event_timestamp <= o.event_timestamp", "", "", 0},
		{"service alone", "SELECT * FROM driver_activity", sqlerr.FeatureNotSupported, "right of an ASOF join", 15},
		{"unsupported statement", "ALTER TABLE t ADD COLUMN a int", sqlerr.FeatureNotSupported, "ALTER TABLE is not supported", 0},
		{"unsupported expression", "SELECT 'a' SIMILAR TO 'b'", sqlerr.FeatureNotSupported, "SIMILAR TO", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := planErr(p, c.sql)
			if c.code == "" {
				// ASOF FULL is not ASOF syntax: the pre-scan leaves it, the parser rejects it.
				if err == nil {
					t.Fatal("expected an error")
				}
				return
			}
			var e *sqlerr.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) carries no SQLSTATE", err, err)
			}
			if e.Code != c.code || !strings.Contains(e.Message, c.msg) {
				t.Fatalf("got %s %q, want %s containing %q", e.Code, e.Message, c.code, c.msg)
			}
			if c.pos != 0 && e.Position != c.pos {
				t.Fatalf("position %d, want %d", e.Position, c.pos)
			}
			if c.code == sqlerr.FeatureNotSupported && strings.Contains(c.sql, "ASOF") && e.Hint == "" && !strings.Contains(c.name, "subquery") {
				t.Fatalf("ASOF error without a hint: %q", e.Message)
			}
		})
	}
}

func TestPlanStatements(t *testing.T) {
	p := demoPlanner(t)
	stmts, err := p.Plan(context.Background(), "SET TimeZone = 'Europe/Paris'; SHOW timezone; BEGIN; SELECT 1 AS one; COMMIT; RESET ALL;")
	if err != nil {
		t.Fatal(err)
	}
	kinds := []planner.Kind{planner.KindSet, planner.KindShow, planner.KindTransaction, planner.KindQuery, planner.KindTransaction, planner.KindSet}
	if len(stmts) != len(kinds) {
		t.Fatalf("%d statements, want %d", len(stmts), len(kinds))
	}
	for i, st := range stmts {
		if st.Kind != kinds[i] || st.Err != nil {
			t.Fatalf("statement %d (%s): kind %d err %v, want kind %d", i, st.Text, st.Kind, st.Err, kinds[i])
		}
	}
	if stmts[0].Set.Name != "timezone" || stmts[0].Set.Value != "Europe/Paris" {
		t.Fatalf("SET parsed as %+v", stmts[0].Set)
	}
	if stmts[3].Query.Columns[0].Name != "one" || stmts[3].Text != "SELECT 1 AS one" {
		t.Fatalf("query %q columns %+v", stmts[3].Text, stmts[3].Query.Columns)
	}
	if !stmts[5].Set.All {
		t.Fatal("RESET ALL not recognised")
	}
}

func TestMatchConditionKeepsPositions(t *testing.T) {
	p := demoPlanner(t)
	sql := "SELECT o.nope FROM orders o ASOF LEFT JOIN driver_hourly_stats d MATCH_CONDITION (o.event_timestamp >= d.event_timestamp) ON d.driver_id = o.driver_id"
	err := planErr(p, sql)
	var e *sqlerr.Error
	if !errors.As(err, &e) || e.Code != sqlerr.UndefinedColumn || e.Position != 8 {
		t.Fatalf("got %v, want 42703 at 8", err)
	}
	ok := strings.Replace(sql, "o.nope", "d.conv_rate", 1)
	if err := planErr(p, ok); err != nil {
		t.Fatal(err)
	}
}

func TestOpenSchemas(t *testing.T) {
	repo, err := registry.Load(filepath.Join("..", "testdata", "demo", "repo"))
	if err != nil {
		t.Fatal(err)
	}
	p := planner.New(repo, openTables{})
	if err := planErr(p, "SELECT o.order_id, d.conv_rate FROM orders o ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp"); err != nil {
		t.Fatal(err)
	}
	if err := planErr(p, "SELECT * FROM orders"); sqlerr.Code(err) != sqlerr.FeatureNotSupported {
		t.Fatalf("SELECT * on an unknown schema: %v", err)
	}
}

type openTables struct{}

func (openTables) Table(context.Context, []string) ([]planner.TableColumn, error) {
	return nil, planner.ErrUnknownSchema
}
