package bqemu

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/online"
	bq "github.com/pitgate/pitgate/warehouse/bigquery"
	"github.com/pitgate/pitgate/wire"
)

// scratchDataset holds the temporary tables of these tests; the
// connector creates it at the first session.
const scratchDataset = "scratch"

// hasTableSQL is SQLAlchemy 1.4's PGDialect.has_table with schema None.
const hasTableSQL = "select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace " +
	"where pg_catalog.pg_table_is_visible(c.oid) and relname=$1"

// startScratchGateway runs a gateway on db whose temporary tables are
// recorded in the state file of dir as instance, behind a wire server;
// it returns the DSN and the records.
func startScratchGateway(t *testing.T, db *bq.DB, dir, instance string, extra func(*gateway.Config)) (string, *online.TempTables) {
	t.Helper()
	tt, err := online.OpenTempTables(filepath.Join(dir, online.TempTablesFile))
	if err != nil {
		t.Fatal(err)
	}
	cfg := gateway.Config{Repo: testenv.Repo(t), Warehouse: db, TempTables: tt, Instance: instance,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if extra != nil {
		extra(&cfg)
	}
	gw, err := gateway.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := wire.NewServer(wire.Config{Handler: gw, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() {
		_ = srv.Shutdown(context.Background())
		gw.Close()
	})
	return "postgres://pitgate@" + ln.Addr().String() + "/pitgate?sslmode=disable", tt
}

func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func texts(t *testing.T, c *pgx.Conn, sql string, args ...any) []string {
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

func scratchTables(t *testing.T, db *bq.DB) []string {
	t.Helper()
	names, err := db.ScratchTables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return names
}

// TestSessionTempTablesOnBigQuery: on BigQuery a session's temporary
// tables are tables of the scratch dataset under session-unique names,
// reached by the names the client gave them: CREATE TEMP TABLE (...) and
// AS SELECT, INSERT VALUES and SELECT, COPY FROM STDIN, TRUNCATE, DROP
// and has_table all work; the DESIGN query with its orders in a temporary
// table equals the reference, as does an ASOF join on rows the client
// inserted and copied; two sessions with a table of one name each see
// their own; each table is recorded while it lives, and disconnecting
// drops the session's tables and their records.
func TestSessionTempTablesOnBigQuery(t *testing.T) {
	cfg := emulatorDemo()
	db, _ := startConnector(t, bq.Config{ScratchDataset: scratchDataset})
	ctx := context.Background()
	if _, err := datagen.Write(ctx, db, cfg, nil); err != nil {
		t.Fatal(err)
	}
	dsn, records := startScratchGateway(t, db, t.TempDir(), "gw-a", nil)
	a, b := connect(t, dsn), connect(t, dsn)

	mustExecConn(t, a, "CREATE TEMP TABLE orders_df AS SELECT * FROM orders")
	design := strings.Replace(testenv.DesignQuery, "FROM orders o", "FROM orders_df o", 1)
	_, got := allRows(t, a, design+" ORDER BY o.order_id")
	want := testenv.DesignReference(cfg)
	want.Cols = nil
	if diff := pitref.Compare(utcTable(got), want); diff != "" {
		t.Fatalf("the DESIGN query on a temporary table (a) differs from the reference (b):\n%s", diff)
	}

	mustExecConn(t, a, "CREATE TEMP TABLE entities (driver_id bigint, ts timestamptz, tag text)")
	mustExecConn(t, a, "INSERT INTO entities VALUES (1001, '2024-01-01 10:00:00+00', 'v1'), (1002, '2024-01-02 03:30:00+00', 'v2'), (NULL, '2024-01-01 00:00:00+00', 'v3')")
	mustExecConn(t, a, "INSERT INTO entities (tag, driver_id, ts) SELECT 's' || CAST(driver_id AS text), driver_id, event_timestamp FROM orders WHERE order_id % 50 = 0")
	copied, err := a.CopyFrom(ctx, pgx.Identifier{"entities"}, []string{"driver_id", "ts", "tag"}, pgx.CopyFromRows([][]any{
		{int64(1003), time.Date(2024, 1, 1, 20, 15, 0, 0, time.UTC), "c1"},
		{int64(1004), time.Date(2024, 1, 2, 8, 0, 0, 0, time.UTC), nil},
	}))
	if err != nil || copied != 2 {
		t.Fatalf("COPY FROM STDIN: %d rows, %v", copied, err)
	}
	asof := func(from string) string {
		return `SELECT e.tag, e.driver_id, e.ts, d.conv_rate, d.avg_daily_trips FROM ` + from +
			` ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = e.driver_id AND d.event_timestamp <= e.ts ORDER BY e.tag NULLS FIRST, e.ts`
	}
	_, temp := allRows(t, a, asof("entities e"))
	count := texts(t, a, "SELECT count(*)::text FROM entities")[0]
	if fmt.Sprint(len(temp)) != count || len(temp) < 3+1+2 {
		t.Fatalf("ASOF join on the temporary table: %d rows, want one per entity row (%s)", len(temp), count)
	}
	// The same join with the rows read back from the table as a VALUES list.
	_, back := allRows(t, a, "SELECT driver_id, ts, tag FROM entities")
	_, inline := allRows(t, a, asof("(VALUES "+valuesList(back)+") AS e(driver_id, ts, tag)"))
	if diff := pitref.Compare(utcTable(temp), utcTable(inline)); diff != "" {
		t.Fatalf("ASOF join on the temporary table (a) differs from the same rows inline (b):\n%s", diff)
	}

	mustExecConn(t, b, "CREATE TEMP TABLE entities (other_id int4)")
	mustExecConn(t, b, "INSERT INTO entities VALUES (1), (2), (3), (4)")
	if n := texts(t, a, "SELECT count(*)::text FROM entities"); n[0] != count {
		t.Errorf("session a counts %v rows in its entities, want %s", n, count)
	}
	if n := texts(t, b, "SELECT count(*)::text FROM entities"); n[0] != "4" {
		t.Errorf("session b counts %v rows in its entities, want 4", n)
	}
	for _, c := range []struct {
		conn       *pgx.Conn
		name, want string
	}{{a, "orders_df", "orders_df"}, {a, "entities", "entities"}, {b, "orders_df", ""}, {b, "entities", "entities"}} {
		if got := strings.Join(texts(t, c.conn, hasTableSQL, c.name), ","); got != c.want {
			t.Errorf("has_table(%s) = %q, want %q", c.name, got, c.want)
		}
	}
	tables := scratchTables(t, db)
	recs, err := records.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 3 || len(recs) != 3 {
		t.Fatalf("scratch tables %v, records %v: want the 3 tables of both sessions", tables, recs)
	}
	for _, name := range tables {
		if !strings.HasPrefix(name, bq.ScratchPrefix) {
			t.Errorf("scratch table %s lacks the prefix %s", name, bq.ScratchPrefix)
		}
	}

	mustExecConn(t, a, "TRUNCATE entities")
	if n := texts(t, a, "SELECT count(*)::text FROM entities"); n[0] != "0" {
		t.Errorf("%v rows after TRUNCATE", n)
	}
	mustExecConn(t, a, "DROP TABLE orders_df")
	if got := texts(t, a, hasTableSQL, "orders_df"); len(got) != 0 {
		t.Errorf("has_table after DROP TABLE: %v", got)
	}
	if got := scratchTables(t, db); len(got) != 2 {
		t.Errorf("after DROP TABLE: scratch tables %v, want 2", got)
	}
	a.Close(ctx)
	waitFor(t, func() bool { return len(scratchTables(t, db)) == 1 }, "session a's tables dropped at disconnect")
	recs, err = records.List(ctx)
	if err != nil || len(recs) != 1 {
		t.Errorf("records after session a ended: %v, %v; want b's one", recs, err)
	}
	b.Close(ctx)
	waitFor(t, func() bool { return len(scratchTables(t, db)) == 0 }, "session b's table dropped at disconnect")
}

// valuesList prints rows of (int8, timestamptz, text) as VALUES rows.
func valuesList(rows [][]any) string {
	parts := make([]string, len(rows))
	for i, r := range rows {
		vals := make([]string, 3)
		for j, v := range r {
			switch x := v.(type) {
			case nil:
				vals[j] = "NULL"
			case int64:
				vals[j] = fmt.Sprint(x)
			case time.Time:
				vals[j] = "'" + x.UTC().Format("2006-01-02 15:04:05") + "+00'::timestamptz"
			case string:
				vals[j] = "'" + strings.ReplaceAll(x, "'", "''") + "'"
			}
		}
		if r[0] == nil {
			vals[0] = "NULL::int8"
		}
		parts[i] = "(" + strings.Join(vals, ", ") + ")"
	}
	return strings.Join(parts, ", ")
}

// utcTable is rows as a pitref table, times in UTC.
func utcTable(rows [][]any) *pitref.Table {
	for _, r := range rows {
		for i, v := range r {
			if x, ok := v.(time.Time); ok {
				r[i] = x.UTC()
			}
		}
	}
	return &pitref.Table{Rows: rows}
}

// waitFor polls cond for a while: a session's close runs after the
// client has gone.
func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting: %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
