package gateway_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
)

// SQL cursors side by side with PostgreSQL 15: the same script of
// statements, one Query message each (or one Parse/Bind/Execute each), on
// pitgate over DuckDB and on the real PostgreSQL; every answer (rows, command
// tag, SQLSTATE, transaction status) must be the same.

const cursorQuery = "SELECT x FROM (VALUES (1), (2), (3), (4), (5)) AS t(x) ORDER BY x"

var cursorScript = []string{
	"DECLARE c CURSOR FOR " + cursorQuery, // outside a block: 25P01
	"BEGIN",
	"DECLARE c NO SCROLL CURSOR FOR " + cursorQuery,
	"DECLARE c CURSOR FOR " + cursorQuery, // 42P03
	"ROLLBACK",
	"BEGIN",
	`DECLARE "C" CURSOR WITHOUT HOLD FOR ` + cursorQuery,
	`FETCH FORWARD 2 FROM "C"`,
	`FETCH NEXT FROM "C"`,
	`FETCH 0 FROM "C"`, // the current row again
	`FETCH RELATIVE 1 IN "C"`,
	`MOVE ALL IN "C"`,
	`FETCH "C"`, // past the end
	`FETCH ABSOLUTE 9 FROM "C"`,
	`MOVE 0 FROM "C"`,
	`CLOSE "C"`,
	`CLOSE "C"`, // 34000, and the block fails
	`FETCH "C"`, // 25P02
	"ROLLBACK",
	"DECLARE h CURSOR WITH HOLD FOR " + cursorQuery,
	"FETCH 2 FROM h",
	"BEGIN",
	"FETCH ALL FROM h",
	"COMMIT",
	"FETCH h", // a held cursor survives COMMIT
	"CLOSE ALL",
	"FETCH h",
	"BEGIN",
	"DECLARE n NO SCROLL CURSOR FOR " + cursorQuery,
	"FETCH 1 FROM n",
	"FETCH BACKWARD 1 FROM n", // 55000
	"ROLLBACK",
	"BEGIN",
	"DECLARE x CURSOR FOR " + cursorQuery,
	"COMMIT",
	"FETCH x", // closed by COMMIT
	"BEGIN",
	"DECLARE hx CURSOR WITH HOLD FOR " + cursorQuery,
	"ROLLBACK",
	"FETCH hx", // a held cursor declared in a rolled-back block is gone
	"BEGIN",
	"DECLARE ok CURSOR FOR " + cursorQuery,
	"FETCH BACKWARD 0 FROM ok",
	"MOVE ABSOLUTE 2 IN ok",
	"FETCH ABSOLUTE 3 FROM ok",
	"FETCH FORWARD ALL FROM ok",
	"COMMIT",
}

// cursorMultiScript is run as Query messages of several statements: the
// implicit transaction block allows DECLARE without HOLD, and closes it.
var cursorMultiScript = []string{
	"DECLARE m CURSOR FOR " + cursorQuery + "; FETCH 2 FROM m",
	"FETCH m",
}

func TestCursorsMatchPostgres(t *testing.T) {
	pg := connectPG(t, testenv.Postgres(t))
	gw := connectPG(t, "postgres://pitgate@"+serveDemo(t)+"/pitgate?sslmode=disable")
	for _, mode := range []string{"simple", "extended"} {
		for i, sql := range cursorScript {
			want, got := runStep(pg, mode, sql), runStep(gw, mode, sql)
			t.Logf("%s %q: %s", mode, sql, got)
			if got != want {
				t.Errorf("%s step %d %q:\npitgate:    %s\npostgresql: %s", mode, i, sql, got, want)
			}
		}
	}
	for i, sql := range cursorMultiScript {
		want, got := runStep(pg, "simple", sql), runStep(gw, "simple", sql)
		if got != want {
			t.Errorf("multi step %d %q:\npitgate:    %s\npostgresql: %s", i, sql, got, want)
		}
	}
}

// serveDemo serves the demo repository over a small demo warehouse.
func serveDemo(t *testing.T) string {
	t.Helper()
	cfg := testenv.SmallDemo()
	cfg.Orders = 10
	_, addr := serveGateway(t, gateway.Config{Repo: testenv.Repo(t), Warehouse: testenv.Warehouse(t, cfg),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return addr
}

func connectPG(t *testing.T, dsn string) *pgconn.PgConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, err := pgconn.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// runStep runs sql and describes the answer: each row, the command tags
// or the SQLSTATE, and the transaction status after it.
func runStep(conn *pgconn.PgConn, mode, sql string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var results []*pgconn.Result
	var err error
	if mode == "simple" {
		results, err = conn.Exec(ctx, sql).ReadAll()
	} else {
		r := conn.ExecParams(ctx, sql, nil, nil, nil, nil).Read()
		results, err = []*pgconn.Result{r}, r.Err
	}
	var parts []string
	for _, r := range results {
		for _, row := range r.Rows {
			vals := make([]string, len(row))
			for i, v := range row {
				vals[i] = string(v)
			}
			parts = append(parts, fmt.Sprint(vals))
		}
		if r.Err == nil {
			parts = append(parts, r.CommandTag.String())
		}
	}
	if err != nil {
		code := "?"
		if pgErr, ok := err.(*pgconn.PgError); ok {
			code = pgErr.Code
		}
		parts = append(parts, "ERROR "+code)
	}
	parts = append(parts, string(conn.TxStatus()))
	return strings.Join(parts, " ")
}
