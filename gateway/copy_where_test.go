package gateway_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/internal/testenv"
)

// COPY ... FROM STDIN WHERE side by side with PostgreSQL 15: the same
// temporary table, the same lines and condition, through pitgate (over
// DuckDB) and PostgreSQL; the rows kept (or the SQLSTATE) must be the
// same.

const whereTable = "CREATE TEMP TABLE cw (id int4, a int8, b numeric(6,2), f float8, s text, v varchar(3), ok bool)"

// whereLines cover NULLs, numeric's rounding to the column's scale,
// float8's NaN, Infinity and -0, spaces around integers and booleans'
// spellings (those DuckDB reads too: the warehouse converts the kept rows).
const whereLines = "1\t1\t1.005\t1.5\tx\tab\tt\n" +
	"2\t2\t2.5\tNaN\ty\tabc\tf\n" +
	"3\t3\t\\N\tInfinity\t\\N\t\\N\t\\N\n" +
	"4\t\\N\t-1\t-0\tz\tz  \ttrue\n" +
	"5\t 42 \t999.999\t1e3\tx\t\\N\tfalse\n" +
	"6\t-7\t0.001\t-Infinity\tx\tx\tf\n"

var whereConditions = []string{
	"a > 1",
	"a = 2 OR s = 'x'",
	"b >= 1.01",
	"b = 1000",
	"b = 0",
	"f > 1e2",
	"f = 'NaN'",
	"f > 'Infinity'",
	"f < 0",
	"f = 0",
	"f = 1.5 AND a = 1",
	"s <> 'x' AND ok",
	"ok IS NOT TRUE",
	"ok IS UNKNOWN",
	"NOT ok",
	"ok = false",
	"a IN (1, 3, NULL)",
	"a NOT IN (1, NULL)",
	"a NOT IN (1, 2)",
	"a BETWEEN 2 AND 42",
	"a NOT BETWEEN 2 AND 42",
	"a IS DISTINCT FROM 2",
	"a IS NOT DISTINCT FROM NULL",
	"a * 2 + 1 > 5",
	"-a < -2",
	"a::numeric = 2",
	"a::float8 / 4 = 0.5",
	"CAST(b AS int4) = 3",
	"b::float8 > 2.4",
	"b * 2 > 3",
	"b + a > 3",
	"f / 2 < 1",
	"v = 'abc'",
	"v = 'z'",
	"s IS NULL",
	"a = '2'",
	"id % 2 = 0",
	"a / (id - 3) = 1", // 22012 at line 3
	"a > 1 AND id / (id - 4) > 0",
	"cw.a > 1",
	"a + 9223372036854775807 > 0", // 22003 at line 1
	"1 / 0 = 1 AND a > 1",         // 22012 before any line
	"a > 100 OR 2 > 1",
	"a > 1 AND NULL",
	"(a > 1 AND id / (id - 4) > 0) OR false",
	"a = s",          // 42883
	"a",              // 42804
	"nope > 1",       // 42703
	"a > (SELECT 1)", // 0A000
	"a = 'zz'",       // 22P02
	"v = 'abcd'",     // 22001
}

var whereContext = regexp.MustCompile(`^COPY \w+, line \d+(, column \w+)?`)

func TestCopyWhereMatchesPostgres(t *testing.T) {
	pg := connectPG(t, testenv.Postgres(t))
	gw := connectPG(t, "postgres://pitgate@"+serveDemo(t)+"/pitgate?sslmode=disable")
	for _, cond := range whereConditions {
		for _, cols := range []string{"", " (id, a, b, f, s, v, ok)", " (ok, id, a, f, s, v, b)"} {
			lines := whereLines
			if strings.HasPrefix(cols, " (ok") {
				lines = reorder(lines, []int{6, 0, 1, 3, 4, 5, 2})
			}
			sql := "COPY cw" + cols + " FROM STDIN WHERE " + cond
			want, got := copyWhereRows(t, pg, sql, lines), copyWhereRows(t, gw, sql, lines)
			if got != want {
				t.Errorf("%s:\npitgate:    %s\npostgresql: %s", sql, got, want)
			}
		}
	}
}

// reorder gives each tab-separated line's fields in the order idx.
func reorder(lines string, idx []int) string {
	var out strings.Builder
	for _, line := range strings.Split(strings.TrimSuffix(lines, "\n"), "\n") {
		f := strings.Split(line, "\t")
		g := make([]string, len(idx))
		for i, j := range idx {
			g[i] = f[j]
		}
		out.WriteString(strings.Join(g, "\t") + "\n")
	}
	return out.String()
}

// copyWhereRows copies lines into a fresh cw and describes the result: the
// command tag and the ids kept, or the SQLSTATE and CONTEXT.
func copyWhereRows(t *testing.T, conn *pgconn.PgConn, sql, lines string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS cw; "+whereTable).ReadAll(); err != nil {
		t.Fatal(err)
	}
	tag, err := conn.CopyFrom(ctx, strings.NewReader(lines), sql)
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			if pe.Code == "0A000" || pe.Code == "42703" || pe.Code == "42883" || pe.Code == "42804" {
				return "ERROR " + pe.Code // raised before a line is read: no CONTEXT
			}
			// PostgreSQL's CONTEXT of an error in the condition also quotes
			// the line; pitgate's gives its number only.
			return "ERROR " + pe.Code + " " + whereContext.FindString(pe.Where)
		}
		return "ERROR " + err.Error()
	}
	res, err := conn.Exec(ctx, "SELECT id FROM cw ORDER BY id").ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, row := range res[0].Rows {
		ids = append(ids, string(row[0]))
	}
	return fmt.Sprintf("%s %v", tag, ids)
}

// TestCopyWhereUnsupported: shapes the filter does not evaluate exactly
// are refused with 0A000 before any line is read.
func TestCopyWhereUnsupported(t *testing.T) {
	gw := connectPG(t, "postgres://pitgate@"+serveDemo(t)+"/pitgate?sslmode=disable")
	for _, cond := range []string{"s < 'b'", "length(s) = 1", "b / 2 > 1", "id = $1"} {
		got := copyWhereRows(t, gw, "COPY cw FROM STDIN WHERE "+cond, whereLines)
		want := "ERROR 0A000"
		if cond == "id = $1" {
			want = "ERROR 42P02 "
		}
		if got != want {
			t.Errorf("WHERE %s: %s, want %s", cond, got, want)
		}
	}
}

// TestCopyPushWhere: COPY online.<view> FROM STDIN WHERE writes only the
// rows the condition keeps; a NULL key in a skipped row is no error, a
// value that does not convert is, kept or not.
func TestCopyPushWhere(t *testing.T) {
	e := startOnline(t, true)
	conn, _ := e.connect(t, pgx.QueryExecModeSimpleProtocol)
	ctx := context.Background()
	const copySQL = "COPY online.driver_hourly_stats (driver_id, event_timestamp, conv_rate, avg_daily_trips) FROM STDIN WITH (FORMAT csv) WHERE conv_rate > 0.5 AND driver_id <> 8103"
	lines := "8101,2030-01-01 00:00:00+00,0.25,1\n" +
		"8102,2030-01-01 00:00:00+00,0.75,2\n" +
		"8103,2030-01-01 00:00:00+00,0.9,3\n" +
		",2030-01-01 00:00:00+00,0.1,4\n" + // a NULL key, skipped
		"8104,2030-01-01 00:00:00+00,,5\n" // NULL conv_rate: not kept
	tag, err := conn.PgConn().CopyFrom(ctx, strings.NewReader(lines), copySQL)
	if err != nil || tag.String() != "COPY 1" {
		t.Fatalf("copy: %v %q", err, tag)
	}
	read := func(key int64) string {
		_, rows := queryRows(t, conn, "SELECT conv_rate, avg_daily_trips FROM online.driver_hourly_stats WHERE driver_id = $1", key)
		return fmt.Sprint(rows[0])
	}
	for key, want := range map[int64]string{8101: "[<nil> <nil>]", 8102: "[0.75 2]", 8103: "[<nil> <nil>]", 8104: "[<nil> <nil>]"} {
		if got := read(key); got != want {
			t.Errorf("%d = %s, want %s", key, got, want)
		}
	}
	var pe *pgconn.PgError
	_, err = conn.PgConn().CopyFrom(ctx, strings.NewReader("8105,2030-01-01 00:00:00+00,0.1,x\n"), copySQL)
	if !errors.As(err, &pe) || pe.Code != "22P02" || pe.Where != "COPY driver_hourly_stats, line 1" {
		t.Errorf("a bad value in a skipped row: %v (%+v)", err, pe)
	}
	_, err = conn.PgConn().CopyFrom(ctx, strings.NewReader(",2030-01-01 00:00:00+00,0.9,1\n"),
		"COPY online.driver_hourly_stats (driver_id, event_timestamp, conv_rate, avg_daily_trips) FROM STDIN WITH (FORMAT csv) WHERE conv_rate > 0.5")
	if !errors.As(err, &pe) || pe.Code != "23502" {
		t.Errorf("a NULL key in a kept row: %v", err)
	}
	_, err = conn.PgConn().CopyFrom(ctx, strings.NewReader(""), "COPY online.driver_hourly_stats FROM STDIN WHERE event_timestamp > now()")
	if !errors.As(err, &pe) || pe.Code != "0A000" {
		t.Errorf("WHERE on a timestamptz: %v", err)
	}
}
