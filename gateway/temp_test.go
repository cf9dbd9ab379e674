package gateway_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/warehouse"
)

// tempWarehouses serves the demo repository over each warehouse with
// temporary tables; check, when set, counts the temporary tables named
// name that the warehouse itself holds (from a connection of its own).
type tempWarehouse struct {
	name  string
	wh    warehouse.Warehouse
	count func(t *testing.T, name string) int
}

func tempWarehouses(t *testing.T) []tempWarehouse {
	cfg := testenv.SmallDemo()
	cfg.Orders = 20
	out := []tempWarehouse{{name: "duckdb", wh: testenv.Warehouse(t, cfg)}}
	if testenv.PostgresDSN() == "" {
		return out
	}
	dsn := testenv.Postgres(t)
	pg := testenv.PostgresWarehouse(t, dsn, cfg)
	out = append(out, tempWarehouse{name: "postgres", wh: pg, count: func(t *testing.T, name string) int {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		var n int
		err = conn.QueryRow(ctx, `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE c.relname = $1 AND n.nspname LIKE 'pg_temp_%'`, name).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}})
	return out
}

// TestTempTablesAreIsolated: two sessions create a temporary table of the
// same name; each reads only its own rows; a third session sees none;
// after the sessions end the warehouse holds no such table.
func TestTempTablesAreIsolated(t *testing.T) {
	for _, tw := range tempWarehouses(t) {
		t.Run(tw.name, func(t *testing.T) {
			_, addr := serveGateway(t, gateway.Config{Repo: testenv.Repo(t), Warehouse: tw.wh,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			dsn := "postgres://pitgate@" + addr + "/pitgate?sslmode=disable"
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var conns []*pgx.Conn
			for i := range 2 {
				c, err := pgx.Connect(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				conns = append(conns, c)
				mustExec(t, c, "CREATE TABLE entity_rows (id bigint, ts timestamptz)")
				mustExec(t, c, fmt.Sprintf("INSERT INTO entity_rows VALUES (%d, '2024-01-01 00:00:00+00'), (%d, now())", i, i+10))
			}
			if tw.count != nil && tw.count(t, "entity_rows") != 2 {
				t.Fatalf("the warehouse holds %d temporary entity_rows, want 2", tw.count(t, "entity_rows"))
			}
			for i, c := range conns {
				got := ids(t, c, "SELECT id FROM entity_rows ORDER BY id")
				if want := fmt.Sprintf("%d %d", i, i+10); got != want {
					t.Errorf("session %d reads %q, want %q", i, got, want)
				}
			}
			other, err := pgx.Connect(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close(ctx)
			if _, err := other.Exec(ctx, "SELECT * FROM entity_rows"); err == nil || !strings.Contains(err.Error(), "42P01") {
				t.Errorf("a third session reads another's temporary table: %v", err)
			}
			for _, c := range conns {
				c.Close(ctx)
			}
			if tw.count != nil {
				waitZero(t, func() int { return tw.count(t, "entity_rows") })
			}
		})
	}
}

// TestTempTableStatements runs each statement kind on a temporary table.
func TestTempTableStatements(t *testing.T) {
	for _, tw := range tempWarehouses(t) {
		t.Run(tw.name, func(t *testing.T) {
			_, addr := serveGateway(t, gateway.Config{Repo: testenv.Repo(t), Warehouse: tw.wh,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			c, err := pgx.Connect(ctx, "postgres://pitgate@"+addr+"/pitgate?sslmode=disable")
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close(ctx)
			steps := []struct{ sql, want string }{
				{"CREATE TEMP TABLE o (driver_id int8, ts timestamptz, label text)", "CREATE TABLE"},
				{"INSERT INTO o (driver_id, ts) VALUES (1001, '2030-01-01 00:00:00+00'), (1002, '2030-01-01T00:00:00Z'::timestamptz)", "INSERT 0 2"},
				{"INSERT INTO o SELECT driver_id + 1, ts, 'x' FROM o", "INSERT 0 2"},
				{"CREATE TEMP TABLE f AS SELECT o.driver_id, d.conv_rate FROM o ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.driver_id AND d.event_timestamp <= o.ts", "SELECT 4"},
				{"TRUNCATE o", "TRUNCATE TABLE"},
				{"DROP TABLE o", "DROP TABLE"},
				{"DROP TABLE IF EXISTS o", "DROP TABLE"},
				{"CREATE TEMP TABLE f (a int)", "42P07"},
				{"CREATE TABLE public.x (a int)", "42501"},
				{"INSERT INTO nothing VALUES (1)", "42P01"},
				{"DROP TABLE o", "42P01"},
			}
			for _, s := range steps {
				tag, err := c.Exec(ctx, s.sql)
				got := tag.String()
				if err != nil {
					got = codeOf(err)
				}
				if got != s.want {
					t.Errorf("%s: %s (%v), want %s", s.sql, got, err, s.want)
				}
			}
			if got := ids(t, c, "SELECT count(*) FROM f"); got != "4" {
				t.Errorf("f has %s rows, want 4", got)
			}
		})
	}
}

func mustExec(t *testing.T, c *pgx.Conn, sql string) {
	t.Helper()
	if _, err := c.Exec(context.Background(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func ids(t *testing.T, c *pgx.Conn, sql string) string {
	t.Helper()
	rows, err := c.Query(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(v))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, " ")
}

func waitZero(t *testing.T, n func() int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for n() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the warehouse still holds %d temporary tables after the sessions ended", n())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestCopyIntoTempTable: COPY FROM STDIN in text and CSV fills a
// temporary table; a bad line adds no rows.
func TestCopyIntoTempTable(t *testing.T) {
	for _, tw := range tempWarehouses(t) {
		t.Run(tw.name, func(t *testing.T) {
			_, addr := serveGateway(t, gateway.Config{Repo: testenv.Repo(t), Warehouse: tw.wh,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			c, err := pgx.Connect(ctx, "postgres://pitgate@"+addr+"/pitgate?sslmode=disable")
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close(ctx)
			mustExec(t, c, "CREATE TEMP TABLE e (id int8, ts timestamptz, note text)")
			copies := []struct{ sql, data, want string }{
				{"COPY e FROM STDIN", "1\t2024-01-01 00:00:00+00\tx\n2\t\\N\t\\N\n", "COPY 2"},
				{"COPY e (id, note) FROM STDIN WITH (FORMAT csv, HEADER)", "id,note\n3,\"a,b\"\n4,\n", "COPY 2"},
				{"COPY e FROM STDIN", "5\tnot a time\tx\n", "22007"},
			}
			for _, cp := range copies {
				tag, err := c.PgConn().CopyFrom(ctx, strings.NewReader(cp.data), cp.sql)
				got := tag.String()
				if err != nil {
					got = codeOf(err)
				}
				if got != cp.want && !(cp.want == "22007" && strings.HasPrefix(got, "22")) {
					t.Errorf("%s: %s (%v), want %s", cp.sql, got, err, cp.want)
				}
			}
			if got := ids(t, c, "SELECT id FROM e ORDER BY id"); got != "1 2 3 4" {
				t.Errorf("e holds ids %q, want 1 2 3 4", got)
			}
			if got := ids(t, c, "SELECT count(*) FROM e WHERE note = 'a,b' OR (id = 2 AND ts IS NULL)"); got != "2" {
				t.Errorf("%s rows with the copied values, want 2", got)
			}
		})
	}
}
