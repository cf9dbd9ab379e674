package gateway_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/internal/testenv"
)

// uploadLog records the upload tables the gateway reports making.
type uploadLog struct {
	mu     sync.Mutex
	tables []string
}

func (l *uploadLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *uploadLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *uploadLog) WithGroup(string) slog.Handler            { return l }
func (l *uploadLog) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "uploaded entity rows" {
		return nil
	}
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "table" {
			l.mu.Lock()
			l.tables = append(l.tables, a.Value.String())
			l.mu.Unlock()
		}
		return true
	})
	return nil
}

func (l *uploadLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.tables
	l.tables = nil
	return out
}

type uploadEnv struct {
	tw   tempWarehouse
	log  *uploadLog
	addr string
}

func uploadEnvs(t *testing.T) []uploadEnv {
	var out []uploadEnv
	for _, tw := range tempWarehouses(t) {
		l := &uploadLog{}
		_, addr := serveGateway(t, gateway.Config{Repo: testenv.Repo(t), Warehouse: tw.wh, Logger: slog.New(l)})
		out = append(out, uploadEnv{tw: tw, log: l, addr: addr})
	}
	return out
}

func (e uploadEnv) connect(t *testing.T) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, "postgres://pitgate@"+e.addr+"/pitgate?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// entityValues is a VALUES list of n entity rows: driver ids around the
// demo's (some unknown, some NULL), timestamps across its history, and a
// text tag with characters COPY must escape.
func entityValues(n int) string {
	r := rand.New(rand.NewSource(int64(n)))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var b strings.Builder
	b.WriteString("VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		id := fmt.Sprint(1001 + r.Intn(24))
		if i%97 == 0 {
			id = "NULL"
		}
		ts := start.Add(time.Duration(r.Int63n(int64(130 * time.Hour)))).Truncate(time.Second)
		tag := fmt.Sprintf("'row %d\t\\ it''s'", i)
		if i%50 == 0 {
			tag = "NULL"
		}
		fmt.Fprintf(&b, "(%s, '%s'::timestamptz, %s)", id, ts.Format("2006-01-02 15:04:05-07"), tag)
	}
	return b.String()
}

// entityQueries are the two shapes of entity rows: a CTE and a FROM item.
func entityQueries(n int) []string {
	vals := entityValues(n)
	return []string{
		`WITH e(driver_id, ts, tag) AS (` + vals + `)
		 SELECT e.driver_id, e.ts, e.tag, d.conv_rate, d.acc_rate, d.avg_daily_trips
		 FROM e ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = e.driver_id AND d.event_timestamp <= e.ts
		 ORDER BY e.ts, e.driver_id, e.tag`,
		`SELECT e.driver_id, e.ts, e.tag, d.conv_rate
		 FROM (` + vals + `) AS e(driver_id, ts, tag)
		 ASOF JOIN driver_hourly_stats d ON d.driver_id = e.driver_id AND d.event_timestamp <= e.ts
		 ORDER BY e.ts, e.driver_id, e.tag`,
	}
}

type result struct {
	oids []uint32
	rows [][]any
}

func runAll(t *testing.T, c *pgx.Conn, sql string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rows, err := c.Query(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var res result
	for _, fd := range rows.FieldDescriptions() {
		res.oids = append(res.oids, fd.DataTypeOID)
	}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		res.rows = append(res.rows, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%.200s: %v", sql, err)
	}
	return res
}

// TestUploadedEntityRowsMatchInline runs each entity-row query inline
// (pitgate.upload_min_cells = 0) and uploaded, in a session without and
// with temporary tables of its own, and requires the same column types
// and rows, that an upload happened, and that no upload table is left.
func TestUploadedEntityRowsMatchInline(t *testing.T) {
	for _, e := range uploadEnvs(t) {
		t.Run(e.tw.name, func(t *testing.T) {
			c := e.connect(t)
			for qi, q := range entityQueries(3000) {
				mustExec(t, c, "SET pitgate.upload_min_cells = 0")
				inline := runAll(t, c, q)
				if tables := e.log.take(); len(tables) != 0 {
					t.Fatalf("query %d uploaded %v with uploads off", qi, tables)
				}
				mustExec(t, c, "SET pitgate.upload_min_cells = 1000")
				uploaded := runAll(t, c, q)
				tables := e.log.take()
				if len(tables) != 1 {
					t.Fatalf("query %d: uploaded %v, want one table", qi, tables)
				}
				if len(inline.rows) < 1000 {
					t.Fatalf("query %d: only %d rows: the test data does not exercise the join", qi, len(inline.rows))
				}
				if !reflect.DeepEqual(inline.oids, uploaded.oids) {
					t.Errorf("query %d: column types inline %v, uploaded %v", qi, inline.oids, uploaded.oids)
				}
				if !reflect.DeepEqual(inline.rows, uploaded.rows) {
					t.Errorf("query %d: %d rows inline, %d uploaded, or different values", qi, len(inline.rows), len(uploaded.rows))
				}
				e.assertDropped(t, c, tables)
				if qi == 0 {
					// The session's own temporary table pins its connection:
					// uploads then go to that one.
					mustExec(t, c, "CREATE TEMP TABLE pinned (x int)")
				}
			}
		})
	}
}

// assertDropped checks that the warehouse no longer holds tables: seen
// from the session (a new temporary table of that name can be made,
// which the warehouse refuses while one exists on the connection) and,
// on PostgreSQL, from a connection of its own.
func (e uploadEnv) assertDropped(t *testing.T, c *pgx.Conn, tables []string) {
	t.Helper()
	for _, path := range tables {
		name := path[strings.LastIndex(path, ".")+1:]
		if e.tw.count != nil {
			deadline := time.Now().Add(15 * time.Second)
			for e.tw.count(t, name) != 0 {
				if time.Now().After(deadline) {
					t.Fatalf("the warehouse still holds the upload table %s", name)
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
		mustExec(t, c, "CREATE TEMP TABLE "+name+" (x int)")
		mustExec(t, c, "DROP TABLE "+name)
	}
}

// TestUploadDroppedOnErrorAndCancel: a query failing on the warehouse
// after the upload (a cast of a tag that is not a number), and one
// cancelled by statement_timeout, leave no upload table behind, and the
// session goes on working.
func TestUploadDroppedOnErrorAndCancel(t *testing.T) {
	vals := entityValues(2000)
	for _, e := range uploadEnvs(t) {
		t.Run(e.tw.name, func(t *testing.T) {
			for _, pinned := range []bool{false, true} {
				c := e.connect(t)
				if pinned {
					mustExec(t, c, "CREATE TEMP TABLE pinned (x int)")
				}
				mustExec(t, c, "SET pitgate.upload_min_cells = 1000")
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				_, err := c.Exec(ctx, `SELECT CAST(e.tag AS int) AS n FROM (`+vals+`) AS e(driver_id, ts, tag)`,
					pgx.QueryExecModeSimpleProtocol)
				cancel()
				if code := pgCode(err); code != "22P02" && code != "22018" {
					t.Fatalf("pinned=%t: failing query: %v, want 22P02", pinned, err)
				}
				e.assertUploadedAndDropped(t, c, "error")

				mustExec(t, c, "SET statement_timeout = '1ms'")
				ctx, cancel = context.WithTimeout(context.Background(), time.Minute)
				_, err = c.Exec(ctx, `SELECT e.driver_id FROM (`+vals+`) AS e(driver_id, ts, tag)`, pgx.QueryExecModeSimpleProtocol)
				cancel()
				if code := pgCode(err); code != sqlerr.QueryCanceled {
					t.Fatalf("pinned=%t: timed-out query: %v, want 57014", pinned, err)
				}
				mustExec(t, c, "SET statement_timeout = 0")
				// The timeout may strike before the table exists: then
				// nothing was uploaded, and nothing is left either.
				e.assertDropped(t, c, e.log.take())
				if got := runAll(t, c, "SELECT 1 AS one"); len(got.rows) != 1 {
					t.Fatalf("after the timeout: %v", got.rows)
				}
			}
		})
	}
}

func (e uploadEnv) assertUploadedAndDropped(t *testing.T, c *pgx.Conn, what string) {
	t.Helper()
	tables := e.log.take()
	if len(tables) != 1 {
		t.Fatalf("%s: uploaded %v, want one table", what, tables)
	}
	e.assertDropped(t, c, tables)
}

// TestUploadThroughExtendedProtocol: a prepared statement's portal uploads
// too, and its result matches the simple protocol's.
func TestUploadThroughExtendedProtocol(t *testing.T) {
	q := entityQueries(1500)[0]
	for _, e := range uploadEnvs(t) {
		t.Run(e.tw.name, func(t *testing.T) {
			c := e.connect(t)
			mustExec(t, c, "SET pitgate.upload_min_cells = 1000")
			want := runAll(t, c, q)
			e.log.take()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			rows, err := c.Query(ctx, q, pgx.QueryExecModeExec)
			if err != nil {
				t.Fatal(err)
			}
			var got [][]any
			for rows.Next() {
				v, err := rows.Values()
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, v)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want.rows) {
				t.Errorf("extended protocol: %d rows, simple %d, or different values", len(got), len(want.rows))
			}
			e.assertUploadedAndDropped(t, c, "extended protocol")
		})
	}
}

// TestUploadMinCellsSetting: the setting takes a count of cells, and
// refuses anything else.
func TestUploadMinCellsSetting(t *testing.T) {
	e := uploadEnvs(t)[0]
	c := e.connect(t)
	if got := runAll(t, c, "SHOW pitgate.upload_min_cells"); fmt.Sprint(got.rows) != "[[20000]]" {
		t.Errorf("default: %v", got.rows)
	}
	_, err := c.Exec(context.Background(), "SET pitgate.upload_min_cells = -1")
	if pgCode(err) != sqlerr.InvalidParameter {
		t.Errorf("SET -1: %v, want 22023", err)
	}
}

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}
