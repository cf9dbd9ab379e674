package gateway_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/embedded"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/duckdb"
	"github.com/pitgate/pitgate/wire"
)

// onlineEnv is a gateway over the demo data with an embedded online store
// behind the cache, served in-process and reached with pgx. The data ends
// half an hour before the test starts, so that the driver view's 2h ttl
// leaves some drivers fresh and some expired, each at least 30 minutes
// from the bound.
type onlineEnv struct {
	addr  string
	cfg   datagen.Config
	repo  *registry.Repo
	wh    *duckdb.DB
	cache *online.Cache
	gw    *gateway.Gateway
}

func startOnline(t testing.TB, withStore bool) *onlineEnv {
	t.Helper()
	return startOnlineWith(t, withStore, testenv.SmallDemo())
}

func startOnlineWith(t testing.TB, withStore bool, cfg datagen.Config) *onlineEnv {
	t.Helper()
	cfg.Start = time.Now().Add(-30 * time.Minute).Add(-time.Duration(cfg.HoursOfHistory-1) * time.Hour).Truncate(time.Microsecond)
	e := &onlineEnv{cfg: cfg, repo: testenv.Repo(t, "testdata/online"), wh: testenv.Warehouse(t, cfg)}
	if _, err := e.wh.Load(context.Background(), []string{"pair_stats"}, pairColumns, func([]any) (bool, error) { return false, nil }); err != nil {
		t.Fatal(err)
	}
	gcfg := gateway.Config{Repo: e.repo, Warehouse: e.wh, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if withStore {
		store, err := embedded.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if e.cache, err = online.NewCache(store, online.CacheOptions{MaxEntries: 100_000}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.cache.Close() })
		state, err := online.OpenState(filepath.Join(t.TempDir(), online.StateFile))
		if err != nil {
			t.Fatal(err)
		}
		gcfg.Online, gcfg.OnlineState = e.cache, state
	}
	e.gw, e.addr = serveGateway(t, gcfg)
	return e
}

var pairColumns = []warehouse.Column{{Name: "driver_id", Type: "int8"}, {Name: "zone", Type: "text"}, {Name: "ts", Type: "timestamptz"},
	{Name: "trips", Type: "int2"}, {Name: "label", Type: "text"}, {Name: "score", Type: "numeric"}, {Name: "weights", Type: "float8[]"},
	{Name: "seen", Type: "timestamptz"}, {Name: "ok", Type: "bool"}, {Name: "uid", Type: "uuid"}, {Name: "doc", Type: "jsonb"},
	{Name: "raw", Type: "bytea"}, {Name: "day", Type: "date"}}

// serveGateway serves a gateway on a free loopback port until the test ends.
func serveGateway(t testing.TB, cfg gateway.Config) (*gateway.Gateway, string) {
	t.Helper()
	gw, err := gateway.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gw.Close() })
	srv, err := wire.NewServer(wire.Config{Handler: gw, Logger: cfg.Logger})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	return gw, ln.Addr().String()
}

// connect opens a pgx connection in mode; notices collects the NOTICEs.
func (e *onlineEnv) connect(t testing.TB, mode pgx.QueryExecMode) (*pgx.Conn, *[]string) {
	t.Helper()
	cfg, err := pgx.ParseConfig("postgres://pitgate@" + e.addr + "/pitgate?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	cfg.DefaultQueryExecMode = mode
	var mu sync.Mutex
	notices := &[]string{}
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) {
		mu.Lock()
		defer mu.Unlock()
		*notices = append(*notices, n.Message)
	}
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn, notices
}

func (e *onlineEnv) materialize(t testing.TB) {
	t.Helper()
	conn, notices := e.connect(t, pgx.QueryExecModeCacheStatement)
	tag, err := conn.Exec(context.Background(), "CALL pitgate.materialize_incremental()")
	if err != nil {
		t.Fatal(err)
	}
	if tag.String() != "CALL" {
		t.Fatalf("command tag %q, want CALL", tag)
	}
	got := strings.Join(*notices, "\n")
	for _, view := range []string{"customer_profile", "driver_hourly_stats", "pair_stats"} {
		if !strings.Contains(got, view+": ") || !strings.Contains(got, " rows, 1970-01-01T00:00:00Z .. ") {
			t.Fatalf("CALL's notices do not report %s:\n%s", view, got)
		}
	}
}

var modes = []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol}

func queryRows(t testing.TB, conn *pgx.Conn, sql string, args ...any) ([]string, [][]any) {
	t.Helper()
	rows, err := conn.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	var cols []string
	for _, fd := range rows.FieldDescriptions() {
		cols = append(cols, fd.Name)
	}
	var out [][]any
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return cols, out
}

// expectDriver is the row a lookup of driver key k must return, from the
// brute-force latest rows: NULL features when unknown or expired.
func expectDriver(latest map[any]testenv.LatestRow, k int64, now time.Time) []any {
	r, ok := latest[k]
	if !ok {
		return []any{k, nil, nil, nil, nil}
	}
	if r.EventTS.Before(now.Add(-datagen.DriverTTL)) {
		return []any{k, r.EventTS, nil, nil, nil}
	}
	return append([]any{k, r.EventTS}, r.Values...)
}

func sameRow(got, want []any) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if gt, ok := g.(time.Time); ok {
			wt, ok := w.(time.Time)
			if !ok || !gt.Equal(wt) {
				return false
			}
			continue
		}
		if fmt.Sprint(g) != fmt.Sprint(w) {
			return false
		}
	}
	return true
}

// driverKeys is every demo driver and two unknown ones, in an order that
// is not the keys' own.
func driverKeys(cfg datagen.Config) []int64 {
	var keys []int64
	for i := cfg.Drivers - 1; i >= 0; i -= 2 {
		keys = append(keys, int64(datagen.FirstDriverID+i))
	}
	keys = append(keys, 999_999)
	for i := cfg.Drivers - 2; i >= 0; i -= 2 {
		keys = append(keys, int64(datagen.FirstDriverID+i))
	}
	return append(keys, -1)
}

func TestLookupsAnswerWhatWasMaterialized(t *testing.T) {
	e := startOnline(t, true)
	e.materialize(t)
	latest := testenv.Latest(e.cfg, e.repo.View("driver_hourly_stats"), time.Now())
	keys := driverKeys(e.cfg)
	var list []string
	for _, k := range keys {
		list = append(list, fmt.Sprint(k))
	}
	const cols = "driver_id, event_timestamp, conv_rate, acc_rate, avg_daily_trips"
	queries := []struct {
		name, sql string
		args      []any
	}{
		{"= ANY($1)", "SELECT " + cols + " FROM online.driver_hourly_stats WHERE driver_id = ANY($1)", []any{keys}},
		{"IN constants", "SELECT " + cols + " FROM online.driver_hourly_stats WHERE driver_id IN (" + strings.Join(list, ", ") + ")", nil},
		{"VALUES join", "SELECT s." + strings.ReplaceAll(cols, ", ", ", s.") + " FROM (VALUES (" + strings.Join(list, "), (") +
			")) AS r(driver_id) JOIN online.driver_hourly_stats s ON s.driver_id = r.driver_id", nil},
		{"CTE of VALUES", "WITH r(id) AS (VALUES (" + strings.Join(list, "), (") + ")) SELECT " + cols +
			" FROM r JOIN online.driver_hourly_stats s ON r.id = s.driver_id", nil},
	}
	for _, mode := range modes {
		conn, _ := e.connect(t, mode)
		for _, q := range queries {
			t.Run(mode.String()+"/"+q.name, func(t *testing.T) {
				_, rows := queryRows(t, conn, q.sql, q.args...)
				now := time.Now()
				if len(rows) != len(keys) {
					t.Fatalf("%d rows for %d keys", len(rows), len(keys))
				}
				var fresh, expired, unknown int
				for i, k := range keys {
					want := expectDriver(latest, k, now)
					if !sameRow(rows[i], want) {
						t.Fatalf("row %d: got %v, want %v", i, rows[i], want)
					}
					switch {
					case want[1] == nil:
						unknown++
					case want[2] == nil && want[3] == nil && want[4] == nil:
						expired++
					default:
						fresh++
					}
				}
				if fresh == 0 || expired == 0 || unknown != 2 {
					t.Fatalf("the keys cover %d fresh, %d expired, %d unknown drivers: the test needs each", fresh, expired, unknown)
				}
			})
		}
	}
}

func TestLookupRowsFollowTheRequest(t *testing.T) {
	e := startOnline(t, true)
	e.materialize(t)
	conn, _ := e.connect(t, pgx.QueryExecModeCacheStatement)
	cases := []struct {
		name, sql string
		args      []any
		want      string
	}{
		{"left join keeps NULL keys and duplicates", "SELECT r.n, s.driver_id FROM (VALUES (1, 1002), (2, NULL), (3, 1001), (4, 1002)) AS r(n, id) " +
			"LEFT JOIN online.driver_hourly_stats s ON s.driver_id = r.id", nil, "[[1 1002] [2 <nil>] [3 1001] [4 1002]]"},
		{"join drops NULL keys", "SELECT r.n FROM (VALUES (1, 1002), (2, NULL), (3, 1001)) AS r(n, id) JOIN online.driver_hourly_stats s ON s.driver_id = r.id",
			nil, "[[1] [3]]"},
		{"NULL in IN and in the array", "SELECT driver_id FROM online.driver_hourly_stats WHERE driver_id IN (1003, NULL, 1001)", nil, "[[1003] [1001]]"},
		{"array with NULL", "SELECT driver_id FROM online.driver_hourly_stats WHERE driver_id = ANY($1)", []any{[]*int64{ptr(int64(1002)), nil}}, "[[1002]]"},
		{"limit and offset", "SELECT driver_id FROM online.driver_hourly_stats WHERE driver_id = ANY($1) LIMIT $2 OFFSET 1",
			[]any{[]int64{1005, 1004, 1003, 1002}, 2}, "[[1004] [1003]]"},
		{"cross product of two keys", "SELECT driver_id, customer_id FROM online.order_scoring WHERE driver_id IN (1002, 1001) AND customer_id IN (20001, 20002)",
			nil, "[[1002 20001] [1002 20002] [1001 20001] [1001 20002]]"},
		{"text key literal", "SELECT driver_id FROM online.driver_hourly_stats WHERE driver_id = '1002'", nil, "[[1002]]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, rows := queryRows(t, conn, c.sql, c.args...)
			if got := fmt.Sprint(rows); got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestServiceLookup reads a feature service: one row per key with every
// view's features, named as the service names them, and the oldest event
// time of its rows.
func TestServiceLookup(t *testing.T) {
	e := startOnline(t, true)
	e.materialize(t)
	drivers := testenv.Latest(e.cfg, e.repo.View("driver_hourly_stats"), time.Now())
	customers := testenv.Latest(e.cfg, e.repo.View("customer_profile"), time.Now())
	for _, mode := range modes {
		conn, _ := e.connect(t, mode)
		cols, rows := queryRows(t, conn, "SELECT * FROM online.order_scoring WHERE driver_id = $1 AND customer_id = ANY($2)",
			int64(1003), []int64{20002, 1})
		if got := strings.Join(cols, ","); got != "driver_id,customer_id,event_timestamp,conv_rate,acc_rate,current_balance,avg_spend,lifetime_orders" {
			t.Fatalf("columns %s", got)
		}
		d, c := drivers[int64(1003)], customers[int64(20002)]
		oldest := d.EventTS
		if c.EventTS.Before(oldest) {
			oldest = c.EventTS
		}
		dv := d.Values[:2]
		if d.EventTS.Before(time.Now().Add(-datagen.DriverTTL)) {
			dv = []any{nil, nil}
		}
		want := [][]any{append(append([]any{int64(1003), int64(20002), oldest}, dv...), c.Values...),
			append(append([]any{int64(1003), int64(1), d.EventTS}, dv...), nil, nil, nil)}
		for i := range want {
			if !sameRow(rows[i], want[i]) {
				t.Fatalf("%s row %d: got %v, want %v", mode, i, rows[i], want[i])
			}
		}
	}
}

// TestExplainLookupRunsNothing: EXPLAIN says what a lookup reads, and
// reads nothing.
func TestExplainLookupRunsNothing(t *testing.T) {
	e := startOnline(t, true)
	conn, _ := e.connect(t, pgx.QueryExecModeCacheStatement)
	before := e.cache.Stats()
	_, rows := queryRows(t, conn, "EXPLAIN SELECT conv_rate, current_balance FROM online.order_scoring WHERE driver_id = ANY($1) AND customer_id = 20001",
		[]int64{1001, 1002})
	var lines []string
	for _, r := range rows {
		lines = append(lines, r[0].(string))
	}
	got := strings.Join(lines, "\n")
	for _, want := range []string{"Online lookup: online.order_scoring (feature service)", "driver_id int8 = ANY(CAST(ARRAY[CAST(1001 AS int8), CAST(1002 AS int8)] AS int8[])) AND customer_id int8 = 20001",
		"Reads, in one store round trip (2 view(s)):", "driver_hourly_stats by (driver_id): conv_rate; ttl 2h0m0s", "customer_profile by (customer_id): current_balance; no ttl",
		"Columns: conv_rate float8, current_balance float8"} {
		if !strings.Contains(got, want) {
			t.Fatalf("EXPLAIN lacks %q:\n%s", want, got)
		}
	}
	if after := e.cache.Stats(); after.Hits != before.Hits || after.Misses != before.Misses {
		t.Fatalf("EXPLAIN read the store: %+v, then %+v", before, after)
	}
	_, rows = queryRows(t, conn, "EXPLAIN ANALYZE SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id IN (1, 2, 3)")
	if last := rows[len(rows)-1][0].(string); !strings.HasPrefix(last, "  rows: 3, total: ") {
		t.Fatalf("EXPLAIN ANALYZE ends with %q", last)
	}
}

func TestOnlineWithoutStore(t *testing.T) {
	e := startOnline(t, false)
	conn, _ := e.connect(t, pgx.QueryExecModeCacheStatement)
	for _, sql := range []string{"SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = 1",
		"INSERT INTO online.driver_hourly_stats (driver_id, event_timestamp) VALUES (1, now())", "CALL pitgate.materialize_incremental()"} {
		_, err := conn.Exec(context.Background(), sql)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "55000" || !strings.Contains(pe.Message, "no online store") {
			t.Errorf("%s: got %v, want 55000", sql, err)
		}
	}
}

// TestLookupsWithWarehouseDown closes the warehouse: lookups still plan
// (from the schemas read at start) and answer.
func TestLookupsWithWarehouseDown(t *testing.T) {
	t.Parallel()
	e := startOnline(t, true)
	e.materialize(t)
	conn, _ := e.connect(t, pgx.QueryExecModeSimpleProtocol)
	if err := e.wh.Close(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5100 * time.Millisecond) // past the schema cache's ttl: planning asks the warehouse again
	_, rows := queryRows(t, conn, "SELECT driver_id, event_timestamp FROM online.driver_hourly_stats WHERE driver_id = 1001")
	if len(rows) != 1 || rows[0][1] == nil {
		t.Fatalf("lookup with the warehouse down: %v", rows)
	}
	if _, err := conn.Exec(context.Background(), "SELECT 1 FROM driver_stats"); err == nil {
		t.Fatal("the warehouse answered after Close: the test proves nothing")
	}
}

// TestPreparedLookupDoesNoPlanning: once prepared, a lookup's Bind and
// Execute allocate a few dozen objects — planning the same statement
// (parsing it with PostgreSQL's parser, binding it) costs many times that.
func TestPreparedLookupDoesNoPlanning(t *testing.T) {
	e := startOnline(t, true)
	e.materialize(t)
	sess, err := e.gw.Startup(context.Background(), map[string]string{"user": "pitgate", "database": "pitgate"})
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	const sql = "SELECT conv_rate, acc_rate FROM online.driver_hourly_stats WHERE driver_id = $1"
	prep, err := sess.Prepare(context.Background(), sql, nil)
	if err != nil {
		t.Fatal(err)
	}
	param := []byte("1001")
	w := &countingWriter{}
	execute := testing.AllocsPerRun(200, func() {
		portal, err := prep.Bind(context.Background(), [][]byte{param}, []int16{0})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := portal.Execute(context.Background(), 0, w); err != nil {
			t.Fatal(err)
		}
		portal.Close()
	})
	if w.rows != 1 {
		t.Fatalf("%d rows", w.rows)
	}
	planning := testing.AllocsPerRun(20, func() {
		if _, err := e.gw.Planner().Plan(context.Background(), sql); err != nil {
			t.Fatal(err)
		}
	})
	if execute*4 > planning {
		t.Fatalf("Bind+Execute allocate %.0f objects, planning %.0f: Execute seems to plan", execute, planning)
	}
	t.Logf("Bind+Execute: %.0f allocations; planning the statement: %.0f", execute, planning)
}
