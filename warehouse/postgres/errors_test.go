package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse/postgres"
)

// TestErrorsKeepPostgresFields checks that the server's SQLSTATE, message,
// detail, hint and position reach the caller unchanged.
func TestErrorsKeepPostgresFields(t *testing.T) {
	db, _ := open(t)
	cases := []struct {
		sql                     string
		exec                    bool
		code, msg, detail, hint string
		position                int
	}{
		{sql: "SELECT * FROM", code: "42601", msg: "syntax error at end of input", position: 14},
		{sql: "SELECT nope FROM (SELECT 1 AS x) AS t", code: "42703", msg: `column "nope" does not exist`, position: 8},
		{sql: "SELECT 1 / 0", code: "22012", msg: "division by zero"},
		{sql: "SELECT * FROM no_such_table", code: "42P01", msg: `relation "no_such_table" does not exist`, position: 15},
		{sql: "DO $$ BEGIN RAISE EXCEPTION 'boom' USING ERRCODE = 'P0001', DETAIL = 'the detail', HINT = 'the hint'; END $$",
			exec: true, code: "P0001", msg: "boom", detail: "the detail", hint: "the hint"},
	}
	for _, c := range cases {
		var err error
		if c.exec {
			err = db.Exec(ctx(t), c.sql)
		} else {
			err = queryErr(t, db, c.sql)
		}
		var se *sqlerr.Error
		if !errors.As(err, &se) {
			t.Errorf("%s: got %T %v, want *sqlerr.Error", c.sql, err, err)
			continue
		}
		got := fmt.Sprintf("%s %q detail %q hint %q at %d", se.Code, se.Message, se.Detail, se.Hint, se.Position)
		want := fmt.Sprintf("%s %q detail %q hint %q at %d", c.code, c.msg, c.detail, c.hint, c.position)
		if got != want {
			t.Errorf("%s:\n got %s\nwant %s", c.sql, got, want)
		}
	}
}

// queryErr runs sql to the end and returns the first error: at Query for
// errors found while planning, at Err for errors found while running.
func queryErr(t *testing.T, db *postgres.DB, sql string) error {
	rows, err := db.Query(ctx(t), sql)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

func TestOpenUnreachable(t *testing.T) {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := postgres.Open(c, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=5")
	if code := sqlerr.Code(err); code != sqlerr.ConnectionFailure {
		t.Fatalf("got %s %v, want 08006", code, err)
	}
	_, err = postgres.Open(c, "postgres://%zz")
	if code := sqlerr.Code(err); code != sqlerr.ConnectionFailure || !strings.Contains(err.Error(), "DSN") {
		t.Fatalf("bad DSN: got %s %v", code, err)
	}
}

// TestCancelStopsTheServerStatement cancels a running pg_sleep and checks
// the error, that the statement is gone from pg_stat_activity (a
// CancelRequest reached the server), and that the pool still works.
func TestCancelStopsTheServerStatement(t *testing.T) {
	db, _ := open(t)
	for _, timeout := range []bool{false, true} {
		marker := fmt.Sprintf("pitgate_cancel_test_%d_%t", time.Now().UnixNano(), timeout)
		qctx, cancel := context.WithCancel(context.Background())
		if timeout {
			qctx, cancel = context.WithTimeout(context.Background(), 500*time.Millisecond)
		}
		done := make(chan error, 1)
		go func() { done <- queryErrCtx(qctx, db, "SELECT pg_sleep(60) AS "+marker) }()
		waitActive(t, db, marker, true)
		if !timeout {
			cancel()
		}
		var err error
		select {
		case err = <-done:
		case <-time.After(30 * time.Second):
			t.Fatal("the cancelled query did not return")
		}
		cancel()
		want := "canceling statement due to user request"
		if timeout {
			want = "canceling statement due to statement timeout"
		}
		var se *sqlerr.Error
		if !errors.As(err, &se) || se.Code != sqlerr.QueryCanceled || se.Message != want {
			t.Fatalf("got %v, want 57014 %q", err, want)
		}
		waitActive(t, db, marker, false)
	}
	_, rows := queryAll(t, db, "SELECT 1 AS one")
	if rows[0][0] != int32(1) {
		t.Fatalf("after cancel: %v", rows)
	}
}

func queryErrCtx(c context.Context, db *postgres.DB, sql string) error {
	rows, err := db.Query(c, sql)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

// waitActive waits until a statement containing marker is (or is no
// longer) running on the server.
func waitActive(t *testing.T, db *postgres.DB, marker string, active bool) {
	t.Helper()
	q := "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%" + marker + "%'"
	for range 300 {
		_, rows := queryAll(t, db, q)
		if (rows[0][0] != int64(0)) == active {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("statement %s: active=%t never observed in pg_stat_activity", marker, active)
}

// TestQueryStreams reads a few rows of a result far too large to buffer,
// then cancels: Query must hand rows over as they arrive. (The series is in
// the select list: in FROM, PostgreSQL itself would materialize it first.)
func TestQueryStreams(t *testing.T) {
	db, _ := open(t)
	qctx, cancel := context.WithCancel(ctx(t))
	defer cancel()
	rows, err := db.Query(qctx, "SELECT generate_series(1, 2000000000) AS g, repeat('x', 100) AS pad")
	if err != nil {
		t.Fatal(err)
	}
	for i := int32(1); i <= 1000; i++ {
		if !rows.Next() {
			t.Fatalf("row %d: %v", i, rows.Err())
		}
		if got := rows.Values()[0]; got != int64(i) && got != i {
			t.Fatalf("row %d is %v", i, got)
		}
	}
	cancel()
	rows.Close()
	if code := sqlerr.Code(rows.Err()); code != sqlerr.QueryCanceled {
		t.Fatalf("after cancel: %s %v", code, rows.Err())
	}
}
