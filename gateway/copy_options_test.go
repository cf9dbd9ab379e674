package gateway_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/internal/testenv"
)

// COPY's options side by side with PostgreSQL 15, into a session temporary
// table of the same name and columns on both: the rows read, or the
// SQLSTATE and message of the refusal.

const copyOptionsTable = "CREATE TEMP TABLE copt (a text, b text, c text)"

var copyOptionCases = []struct{ sql, input string }{
	{"COPY copt FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (a, c))", ",\"\",\n\"x\",,\"\"\n"},
	{"COPY copt FROM STDIN WITH (FORMAT csv, FORCE_NULL (b))", ",\"\",\n\"\",\"x\",\"\"\n"},
	{"COPY copt FROM STDIN WITH (FORMAT csv, NULL 'N', FORCE_NULL (a, b), FORCE_NOT_NULL (b, c))", "\"N\",N,N\nN,\"N\",\"N\"\n"},
	{"COPY copt (b, c) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (c))", ",\n"},
	{"COPY copt FROM STDIN WITH (FORMAT csv, ENCODING 'UTF-8')", "é,ü,ß\n"},
	{"COPY copt FROM STDIN WITH (FORMAT text, ENCODING 'utf8')", "a\tb\tc\n"},
	{"COPY copt FROM STDIN WITH (FORMAT text, FORCE_NOT_NULL (a))", ""},
	{"COPY copt FROM STDIN WITH (FORMAT text, FORCE_NULL (a))", ""},
	{"COPY copt FROM STDIN WITH (FORMAT binary, FORCE_NULL (a))", ""},
	{"COPY copt FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (zz))", ""},
	{"COPY copt (a) FROM STDIN WITH (FORMAT csv, FORCE_NULL (b))", ""},
	{"COPY copt FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL *)", ""},
	{"COPY copt FROM STDIN WITH (FORMAT csv, FORCE_QUOTE (a))", ""},
	{"COPY copt FROM STDIN WITH (FORMAT text, FORCE_QUOTE (a))", ""},
	{"COPY copt FROM STDIN WITH (FORMAT csv, ENCODING 'no such')", ""},
	{"COPY copt FROM STDIN WITH (FORMAT csv, DEFAULT 'x')", ""},
	{"COPY (SELECT 1 AS a) TO STDOUT WITH (FORMAT csv, FORCE_NOT_NULL (a))", ""},
	{"COPY (SELECT 1 AS a) TO STDOUT WITH (FORMAT csv, FORCE_NULL (a))", ""},
	{"COPY (SELECT 1 AS a) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE (zz))", ""},
	{"COPY (SELECT 1 AS a) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE (a))", ""},
	{"COPY copt (a) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE (b))", ""},
	{"COPY copt TO STDOUT WITH (FORMAT csv, FORCE_QUOTE (zz))", ""},
}

func TestCopyOptionsMatchPostgres(t *testing.T) {
	pg := connectPG(t, testenv.Postgres(t))
	gw := connectPG(t, "postgres://pitgate@"+serveDemo(t)+"/pitgate?sslmode=disable")
	for _, conn := range []*pgconn.PgConn{pg, gw} {
		if got := runStep(conn, "simple", copyOptionsTable); got != "CREATE TABLE I" {
			t.Fatalf("%s: %s", copyOptionsTable, got)
		}
	}
	for _, c := range copyOptionCases {
		want, got := copyStep(pg, c.sql, c.input), copyStep(gw, c.sql, c.input)
		if got != want {
			t.Errorf("%s:\npitgate:    %s\npostgresql: %s", c.sql, got, want)
		}
	}
}

// TestCopyOptionsRefused: the options PostgreSQL 15 takes that pitgate does
// not are refused with 0A000 naming them.
func TestCopyOptionsRefused(t *testing.T) {
	gw := connectPG(t, "postgres://pitgate@"+serveDemo(t)+"/pitgate?sslmode=disable")
	runStep(gw, "simple", copyOptionsTable)
	for sql, want := range map[string]string{
		"COPY copt FROM STDIN WITH (FORMAT csv, ENCODING 'LATIN1')": "ERROR 0A000 COPY option ENCODING LATIN1 is not supported",
		"COPY copt FROM STDIN WITH (FREEZE)":                        "ERROR 0A000 COPY option FREEZE is not supported",
		"COPY copt FROM STDIN WITH (FORMAT csv, HEADER match)":      "ERROR 0A000 COPY option HEADER MATCH is not supported",
	} {
		if got := copyStep(gw, sql, ""); got != want {
			t.Errorf("%s: %s, want %s", sql, got, want)
		}
	}
}

// copyStep runs a COPY FROM STDIN with input (or COPY TO), then reads the
// table and empties it: the rows or the error, and the transaction status.
func copyStep(conn *pgconn.PgConn, sql, input string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var err error
	if strings.Contains(sql, "TO STDOUT") {
		_, err = conn.CopyTo(ctx, &strings.Builder{}, sql)
	} else {
		_, err = conn.CopyFrom(ctx, strings.NewReader(input), sql)
	}
	if err != nil {
		if pgErr, ok := err.(*pgconn.PgError); ok {
			return fmt.Sprintf("ERROR %s %s", pgErr.Code, pgErr.Message)
		}
		return "ERROR " + err.Error()
	}
	rows := runStep(conn, "simple", "SELECT coalesce(a, 'NULL'), coalesce(b, 'NULL'), coalesce(c, 'NULL') FROM copt")
	runStep(conn, "simple", "TRUNCATE copt")
	return rows
}
