package planner_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
)

func writePlanner(t *testing.T, writable ...string) *planner.Planner {
	tables := demoTables()
	tables["analytics.scores"] = []planner.TableColumn{{Name: "id", Type: "int8"}, {Name: "score", Type: "float8"}}
	tables["wh.analytics.scores"] = tables["analytics.scores"]
	return demoPlanner(t).WithTables(sessionTables{tables}).WithDatasets([]string{"pitgate_datasets"}).WithWritableSchemas(writable)
}

// TestWriteStatements: a write to a writable schema's table is a
// KindWrite of the right operation, table and rows, with PostgreSQL's tag.
func TestWriteStatements(t *testing.T) {
	p := writePlanner(t, "analytics")
	cases := []struct {
		sql     string
		op      plan.WriteOp
		rows    bool
		tag     string
		targets string
	}{
		{"CREATE TABLE analytics.t (a int4, b text)", plan.CreateTable, false, "CREATE TABLE", ""},
		{"CREATE TABLE analytics.t AS SELECT * FROM orders", plan.CreateTableAs, true, "SELECT 7", ""},
		{"CREATE TABLE analytics.t AS SELECT o.order_id, d.conv_rate FROM orders o ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.order_id AND d.event_timestamp <= o.ts", plan.CreateTableAs, true, "SELECT 7", ""},
		{"INSERT INTO analytics.scores VALUES (1, 0.5)", plan.InsertInto, true, "INSERT 0 7", "id,score"},
		{"INSERT INTO analytics.scores (score) SELECT conv_rate FROM driver_stats", plan.InsertInto, true, "INSERT 0 7", "score"},
		{"INSERT INTO analytics.scores SELECT order_id, 1 FROM orders o", plan.InsertInto, true, "INSERT 0 7", "id,score"},
		{"UPDATE analytics.scores SET score = score + 1 WHERE id = $1", plan.UpdateTable, true, "UPDATE 7", ""},
		{"DELETE FROM analytics.scores", plan.DeleteFrom, true, "DELETE 7", ""},
		{"TRUNCATE analytics.scores", plan.TruncateTable, false, "TRUNCATE TABLE", ""},
		{"DROP TABLE IF EXISTS analytics.gone", plan.DropTable, false, "DROP TABLE", ""},
	}
	for _, c := range cases {
		if err := planErr(p, c.sql); err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		st := planOneStatement(t, p, c.sql)
		switch {
		case st.Kind != planner.KindWrite || st.Write == nil:
			t.Errorf("%s: kind %v", c.sql, st.Kind)
		case st.Write.Op != c.op || st.Write.Table[0] != "analytics":
			t.Errorf("%s: %v on %v", c.sql, st.Write.Op, st.Write.Table)
		case (st.Query != nil) != c.rows:
			t.Errorf("%s: rows %v", c.sql, st.Query)
		case st.Write.Tag(7) != c.tag:
			t.Errorf("%s: tag %q, want %q", c.sql, st.Write.Tag(7), c.tag)
		case strings.Join(st.Write.Targets, ",") != c.targets:
			t.Errorf("%s: targets %v", c.sql, st.Write.Targets)
		}
	}
	if st := planOneStatement(t, p, "UPDATE analytics.scores SET score = $1 WHERE id = $2"); len(st.Query.Params) != 2 ||
		st.Query.Params[0] != "float8" || st.Query.Params[1] != "int8" {
		t.Errorf("UPDATE parameters typed %v, want [float8 int8]", st.Query.Params)
	}
}

// TestWriteRefused: outside the writable schemas a write is 42501 with a
// hint naming the key; the constructs the plan cannot carry are 0A000.
func TestWriteRefused(t *testing.T) {
	cases := []struct {
		p         *planner.Planner
		sql, code string
	}{
		{writePlanner(t), "CREATE TABLE analytics.t (a int4)", sqlerr.InsufficientPriv},
		{writePlanner(t), "INSERT INTO analytics.scores VALUES (1, 2)", sqlerr.InsufficientPriv},
		{writePlanner(t), "UPDATE analytics.scores SET score = 1", sqlerr.InsufficientPriv},
		{writePlanner(t), "DELETE FROM analytics.scores", sqlerr.InsufficientPriv},
		{writePlanner(t), "TRUNCATE analytics.scores", sqlerr.InsufficientPriv},
		{writePlanner(t), "DROP TABLE analytics.scores", sqlerr.InsufficientPriv},
		{writePlanner(t, "scratch"), "CREATE TABLE analytics.t AS SELECT 1 AS a", sqlerr.InsufficientPriv},
		{writePlanner(t, "analytics"), "CREATE TABLE wh.analytics.t (a int4)", sqlerr.InsufficientPriv},
		{writePlanner(t, "wh.analytics"), "CREATE TABLE analytics.t (a int4)", sqlerr.InsufficientPriv},
		{writePlanner(t, "*"), "CREATE TABLE pitgate_datasets.t (a int4)", sqlerr.InsufficientPriv},
		{writePlanner(t, "*"), "INSERT INTO datasets.x VALUES (1)", sqlerr.FeatureNotSupported},
		{writePlanner(t, "*"), "UPDATE analytics.scores SET score = 1 WHERE id IN (SELECT order_id FROM orders)", sqlerr.FeatureNotSupported},
		{writePlanner(t, "*"), "UPDATE analytics.scores SET score = avg(score)", sqlerr.FeatureNotSupported},
		{writePlanner(t, "*"), "UPDATE analytics.scores SET (id, score) = (1, 2)", sqlerr.FeatureNotSupported},
		{writePlanner(t, "*"), "UPDATE analytics.scores s SET score = 1 FROM orders o WHERE o.order_id = s.id", sqlerr.FeatureNotSupported},
		{writePlanner(t, "*"), "DELETE FROM analytics.scores RETURNING id", sqlerr.FeatureNotSupported},
		{writePlanner(t, "*"), "UPDATE analytics.scores SET nope = 1", sqlerr.UndefinedColumn},
		{writePlanner(t, "*"), "UPDATE analytics.scores SET score = 1, score = 2", "42601"},
		{writePlanner(t, "*"), "UPDATE driver_stats SET conv_rate = 1", sqlerr.InsufficientPriv},
		{writePlanner(t, "*"), "DELETE FROM orders", sqlerr.FeatureNotSupported},
		{writePlanner(t, "*"), "INSERT INTO analytics.missing VALUES (1)", sqlerr.UndefinedTable},
		{writePlanner(t, "*"), "CREATE TABLE analytics.t (a int4 PRIMARY KEY)", sqlerr.FeatureNotSupported},
		{writePlanner(t, "*"), "CREATE TABLE analytics.t ()", sqlerr.FeatureNotSupported},
	}
	for _, c := range cases {
		err := planErr(c.p, c.sql)
		if sqlerr.Code(err) != c.code {
			t.Errorf("%s: %v, want %s", c.sql, err, c.code)
			continue
		}
		var se *sqlerr.Error
		if c.code == sqlerr.InsufficientPriv && (!asSQLErr(err, &se) || !strings.Contains(se.Hint, planner.WritableSchemasKey)) {
			t.Errorf("%s: hint %q does not name %s", c.sql, se.Hint, planner.WritableSchemasKey)
		}
	}
}

func asSQLErr(err error, out **sqlerr.Error) bool {
	e, ok := err.(*sqlerr.Error)
	*out = e
	return ok
}

// TestBeginReadOnly: BEGIN's access mode reaches the session.
func TestBeginReadOnly(t *testing.T) {
	for sql, want := range map[string]string{"BEGIN": "nil", "BEGIN READ ONLY": "true",
		"START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE": "false", "BEGIN READ ONLY DEFERRABLE": "true"} {
		st, err := demoPlanner(t).Plan(context.Background(), sql)
		if err != nil || len(st) != 1 || st[0].Tx == nil {
			t.Fatalf("%s: %v", sql, err)
		}
		got := "nil"
		if ro := st[0].Tx.ReadOnly; ro != nil {
			got = map[bool]string{true: "true", false: "false"}[*ro]
		}
		if got != want {
			t.Errorf("%s: ReadOnly %s, want %s", sql, got, want)
		}
	}
}
