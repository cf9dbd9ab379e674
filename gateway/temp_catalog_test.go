package gateway_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
)

// hasTableSQL is SQLAlchemy 1.4's PGDialect.has_table with schema None.
const hasTableSQL = "select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace " +
	"where pg_catalog.pg_table_is_visible(c.oid) and relname=$1"

// TestTempTablesInCatalog: a session's catalog lists its own temporary
// tables (in pg_temp_N after CREATE TEMP TABLE, in the current schema
// after an unqualified CREATE TABLE), with the columns the warehouse
// made, and never another session's; a dropped table leaves it.
func TestTempTablesInCatalog(t *testing.T) {
	for _, tw := range tempWarehouses(t) {
		t.Run(tw.name, func(t *testing.T) {
			_, addr := serveGateway(t, gateway.Config{Repo: testenv.Repo(t), Warehouse: tw.wh,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			dsn := "postgres://pitgate@" + addr + "/pitgate?sslmode=disable"
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			a, b := tempConnect(t, ctx, dsn), tempConnect(t, ctx, dsn)
			mustExec(t, a, "CREATE TEMP TABLE tmp_a (id bigint, ts timestamptz, note text)")
			mustExec(t, a, "CREATE TABLE orders_df (order_id bigint, amount double precision)")
			mustExec(t, b, "CREATE TABLE orders_df (other_id integer)")
			for _, tc := range []struct {
				c          *pgx.Conn
				name, want string
			}{
				{a, "tmp_a", "tmp_a"}, {a, "orders_df", "orders_df"}, {b, "tmp_a", ""}, {b, "orders_df", "orders_df"},
			} {
				if got := strings.Join(tempTexts(t, tc.c, hasTableSQL, tc.name), " "); got != tc.want {
					t.Errorf("has_table(%s) = %q, want %q", tc.name, got, tc.want)
				}
			}
			where := `FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
				JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
				WHERE pg_catalog.pg_table_is_visible(c.oid) AND c.relname = $1 AND a.attnum > 0 ORDER BY a.attnum`
			cols := "SELECT n.nspname || '.' || c.relname || ':' || c.relpersistence || ':' || a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod) " + where
			check := func(c *pgx.Conn, name, want string) {
				t.Helper()
				if got := strings.Join(tempTexts(t, c, cols, name), ", "); got != want {
					t.Errorf("columns of %s: %s, want %s", name, got, want)
				}
			}
			var pid string
			if err := a.QueryRow(ctx, "SELECT pg_backend_pid()::text").Scan(&pid); err != nil {
				t.Fatal(err)
			}
			check(a, "tmp_a", "pg_temp_"+pid+".tmp_a:t:id bigint, pg_temp_"+pid+".tmp_a:t:ts timestamp with time zone, pg_temp_"+pid+".tmp_a:t:note text")
			check(a, "orders_df", "features.orders_df:t:order_id bigint, features.orders_df:t:amount double precision")
			check(b, "orders_df", "features.orders_df:t:other_id integer")
			if got := tempTexts(t, b, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pg_temp%' AND nspname <> 'pg_temp_'||pg_backend_pid()"); len(got) != 0 {
				t.Errorf("session b sees other temporary schemas: %v", got)
			}
			mustExec(t, a, "DROP TABLE orders_df")
			if got := tempTexts(t, a, hasTableSQL, "orders_df"); len(got) != 0 {
				t.Errorf("has_table after DROP TABLE: %v", got)
			}
		})
	}
}

// TestBinaryCopyIntoTempTable: pgx's CopyFrom (binary COPY) fills a
// temporary table with every value intact.
func TestBinaryCopyIntoTempTable(t *testing.T) {
	for _, tw := range tempWarehouses(t) {
		t.Run(tw.name, func(t *testing.T) {
			_, addr := serveGateway(t, gateway.Config{Repo: testenv.Repo(t), Warehouse: tw.wh,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			c := tempConnect(t, ctx, "postgres://pitgate@"+addr+"/pitgate?sslmode=disable")
			mustExec(t, c, "CREATE TEMP TABLE e (id int8, ts timestamptz, d date, note text, x float8, ok bool, n int4)")
			ts := time.Date(2024, 3, 1, 12, 30, 15, 123456000, time.UTC)
			rows := [][]any{
				{int64(1), ts, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), "tab\there, 'quote'", 1.5, true, int32(-7)},
				{int64(2), nil, nil, nil, nil, nil, nil},
				{int64(3), ts.Add(time.Hour), time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), "", -0.25, false, int32(2147483647)},
			}
			n, err := c.CopyFrom(ctx, pgx.Identifier{"e"}, []string{"id", "ts", "d", "note", "x", "ok", "n"}, pgx.CopyFromRows(rows))
			if err != nil || n != 3 {
				t.Fatalf("CopyFrom: %d rows, %v", n, err)
			}
			got := tempTexts(t, c, `SELECT id::text || '|' || coalesce(ts::text, '-') || '|' || coalesce(d::text, '-') || '|' ||
				coalesce(note, '-') || '|' || coalesce(x::text, '-') || '|' || coalesce(ok::text, '-') || '|' || coalesce(n::text, '-')
				FROM e ORDER BY id`)
			want := []string{
				"1|2024-03-01 12:30:15.123456+00|2024-03-01|tab\there, 'quote'|1.5|true|-7",
				"2|-|-|-|-|-|-",
				"3|2024-03-01 13:30:15.123456+00|1999-12-31||-0.25|false|2147483647",
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("copied rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			// A failing COPY adds no rows.
			_, err = c.CopyFrom(ctx, pgx.Identifier{"e"}, []string{"id", "note"}, pgx.CopyFromRows([][]any{{int64(9), "x"}, {"not an int", "y"}}))
			if err == nil {
				t.Error("CopyFrom of a bad value succeeded")
			}
			if got := ids(t, c, "SELECT count(*) FROM e"); got != "3" {
				t.Errorf("e has %s rows after a failed copy, want 3", got)
			}
		})
	}
}

func tempConnect(t *testing.T, ctx context.Context, dsn string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func tempTexts(t *testing.T, c *pgx.Conn, sql string, args ...any) []string {
	t.Helper()
	rows, err := c.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return out
}
