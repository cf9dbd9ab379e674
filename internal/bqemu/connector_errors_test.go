package bqemu

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/goccy/bigquery-emulator/types"

	"github.com/pitgate/pitgate/internal/sqlerr"
	bq "github.com/pitgate/pitgate/warehouse/bigquery"
)

// slowQuery keeps the emulator busy for seconds (a 9-million-row cross
// join counted on SQLite).
const slowQuery = "SELECT COUNT(*) FROM UNNEST(GENERATE_ARRAY(1, 3000)) a, UNNEST(GENERATE_ARRAY(1, 3000)) b"

// TestConnectorCancel ends the context of a running query, by cancel and
// by deadline: the error is 57014 with PostgreSQL's message for each, and
// the connector then asks BigQuery about that job to cancel it. (The
// emulator runs a query inside jobs.insert and its jobs.cancel does
// nothing, so what it can show is the 57014 and the lookup of the job
// the connector named; that BigQuery stops the job is untested.)
func TestConnectorCancel(t *testing.T) {
	db, log := startConnector(t, bq.Config{})
	cases := []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		msg  string
	}{
		{"cancel", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(300*time.Millisecond, cancel)
			return ctx, cancel
		}, "canceling statement due to user request"},
		{"timeout", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 300*time.Millisecond)
		}, "canceling statement due to statement timeout"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(log.matching("GET", "/jobs/pitgate_"))
			ctx, cancel := c.ctx()
			defer cancel()
			_, err := db.Query(ctx, slowQuery)
			if sqlerr.Code(err) != sqlerr.QueryCanceled || err.Error() != c.msg {
				t.Fatalf("got %s %v, want 57014 %q", sqlerr.Code(err), err, c.msg)
			}
			if after := len(log.matching("GET", "/jobs/pitgate_")); after <= before {
				t.Errorf("no request about the cancelled job after the context ended: %v", log.matching("/jobs"))
			}
		})
	}
	// Cancelling while rows are read stops the reading with 57014.
	ctx, cancel := context.WithCancel(context.Background())
	r, err := db.Query(ctx, "SELECT n FROM UNNEST(GENERATE_ARRAY(1, 50)) AS n")
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	rows := 0
	for r.Next() {
		rows++
	}
	// The first page (all 50 rows) is already here; cancelling shows on
	// the next page request, which a 50-row result does not make.
	if err := r.Err(); err != nil && sqlerr.Code(err) != sqlerr.QueryCanceled {
		t.Errorf("after cancel while reading: %v", err)
	}
	if _, err := db.Query(ctx, "SELECT 1"); sqlerr.Code(err) != sqlerr.QueryCanceled {
		t.Errorf("query on an ended context: %s %v, want 57014", sqlerr.Code(err), err)
	}
}

// TestConnectorErrors checks the errors the emulator can produce. Table
// of a missing table or dataset is 42P01 naming the relation (a 404 from
// tables.get); a bad name 42602. Query errors come back as *sqlerr.Error
// with the engine's message; the emulator reports every query error with
// reason jobInternalError (XX000), where BigQuery says invalidQuery or
// notFound, so the reason-to-SQLSTATE table is checked in
// warehouse/bigquery's unit tests on BigQuery's documented reasons.
func TestConnectorErrors(t *testing.T) {
	ds := types.NewDataset("d1", types.NewTable("t", []*types.Column{types.NewColumn("a", types.INT64)}, types.Data{{"a": int64(1)}}))
	db, _ := startConnector(t, bq.Config{}, ds)
	ctx := context.Background()
	tables := []struct {
		name []string
		code string
	}{
		{[]string{"nope"}, sqlerr.UndefinedTable},
		{[]string{"d1", "nope"}, sqlerr.UndefinedTable},
		{[]string{"nods", "t"}, sqlerr.UndefinedTable},
		{[]string{project, "nods", "t"}, sqlerr.UndefinedTable},
		{[]string{"a", "b", "c", "d"}, sqlerr.InvalidName},
		{[]string{"d1", ""}, sqlerr.InvalidName},
	}
	for _, c := range tables {
		_, err := db.Table(ctx, c.name)
		if sqlerr.Code(err) != c.code {
			t.Errorf("Table(%v): %s %v, want %s", c.name, sqlerr.Code(err), err, c.code)
		}
	}
	for _, name := range [][]string{{"d1", "t"}, {project, "d1", "t"}} {
		if cols, err := db.Table(ctx, name); err != nil || len(cols) != 1 || cols[0].Type != "int8" {
			t.Errorf("Table(%v): %v %v", name, cols, err)
		}
	}
	queries := []struct{ sql, msg string }{
		{"SELECT * FROM d1.nope", "Table not found: d1.nope"},
		{"SELECT nope FROM d1.t", "Unrecognized name: nope"},
		{"SELEC 1", "Syntax error"},
		{"SELECT nofunc(1)", "Function not found: nofunc"},
	}
	for _, q := range queries {
		_, err := db.Query(ctx, q.sql)
		var se *sqlerr.Error
		if !asSQLErr(err, &se) || !strings.Contains(se.Message, q.msg) {
			t.Errorf("%s: %#v, want an *sqlerr.Error saying %q", q.sql, err, q.msg)
		}
	}
	if _, err := bq.Open(ctx, bq.Config{}); sqlerr.Code(err) != sqlerr.InvalidParameter {
		t.Errorf("Open without a project: %v", err)
	}
}

func asSQLErr(err error, se **sqlerr.Error) bool {
	e, ok := err.(*sqlerr.Error)
	*se = e
	return ok
}
