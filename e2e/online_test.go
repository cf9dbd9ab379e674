package e2e

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/testenv"
)

// TestOnlineServing drives the online routes of `pitgate demo` with pgx
// (prepared and simple protocol) and psql, comparing what comes back with
// the latest rows computed by brute force from the demo data. The demo's
// data is from January 2024, so every driver row is older than its view's
// 2h ttl (NULL features, event_timestamp set), while customer_profile has
// no ttl; unknown keys come back with NULLs.
func TestOnlineServing(t *testing.T) {
	d := startDemo(t, testConfig())
	repo := testenv.Repo(t)
	drivers := testenv.Latest(d.cfg, repo.View("driver_hourly_stats"), time.Now())
	customers := testenv.Latest(d.cfg, repo.View("customer_profile"), time.Now())
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
		t.Run(mode.String(), func(t *testing.T) {
			conn := connectMode(t, d, mode)
			checkCustomers(t, conn, d.cfg, customers)
			checkDrivers(t, conn, d.cfg, drivers)
			checkService(t, conn, drivers, customers)
			checkDesignService(t, conn, drivers)
		})
	}
	t.Run("push", func(t *testing.T) { checkPush(t, connect(t, d)) })
	t.Run("call", func(t *testing.T) { checkCall(t, d, customers) })
	t.Run("psql", func(t *testing.T) { checkPsql(t, d, customers) })
}

// customerKeys is every demo customer with a row and two unknown keys,
// in an order that is not the keys' own.
func customerKeys(cfg datagen.Config, latest map[any]testenv.LatestRow) []int64 {
	keys := []int64{-5}
	for i := cfg.Customers - 1; i >= 0; i-- {
		if k := int64(datagen.FirstCustomerID + i); latest[k].Values != nil {
			keys = append(keys, k)
		}
	}
	return append(keys, 1)
}

func checkCustomers(t *testing.T, conn *pgx.Conn, cfg datagen.Config, latest map[any]testenv.LatestRow) {
	keys := customerKeys(cfg, latest)
	got := queryTable(t, conn, "SELECT customer_id, event_timestamp, current_balance, avg_spend, lifetime_orders "+
		"FROM online.customer_profile WHERE customer_id = ANY($1)", keys)
	if len(got.Rows) != len(keys) {
		t.Fatalf("%d rows for %d keys", len(got.Rows), len(keys))
	}
	for i, k := range keys {
		want := []any{k, nil, nil, nil, nil}
		if r, ok := latest[k]; ok {
			want = append([]any{k, r.EventTS}, r.Values...)
		}
		if fmt.Sprint(got.Rows[i]) != fmt.Sprint(want) {
			t.Fatalf("customer row %d: got %v, want %v", i, got.Rows[i], want)
		}
	}
}

// checkDrivers: every driver is expired, so only event_timestamp is set.
func checkDrivers(t *testing.T, conn *pgx.Conn, cfg datagen.Config, latest map[any]testenv.LatestRow) {
	var list []string
	var keys []int64
	for i := cfg.Drivers; i >= -1; i-- { // one unknown key at each end
		k := int64(datagen.FirstDriverID + i)
		keys = append(keys, k)
		list = append(list, fmt.Sprint(k))
	}
	got := queryTable(t, conn, "SELECT s.driver_id, s.event_timestamp, s.conv_rate, s.acc_rate, s.avg_daily_trips FROM (VALUES ("+
		strings.Join(list, "), (")+")) AS r(id) JOIN online.driver_hourly_stats s ON s.driver_id = r.id")
	if len(got.Rows) != len(keys) {
		t.Fatalf("%d rows for %d keys", len(got.Rows), len(keys))
	}
	for i, k := range keys {
		want := []any{k, nil, nil, nil, nil}
		if r, ok := latest[k]; ok {
			want[1] = r.EventTS
		}
		if fmt.Sprint(got.Rows[i]) != fmt.Sprint(want) {
			t.Fatalf("driver row %d: got %v, want %v", i, got.Rows[i], want)
		}
	}
}

func checkService(t *testing.T, conn *pgx.Conn, drivers, customers map[any]testenv.LatestRow) {
	got := queryTable(t, conn, "SELECT * FROM online.order_scoring WHERE driver_id IN (1002, 1001) AND customer_id = $1", int64(20003))
	c := customers[int64(20003)]
	var want []string
	for _, k := range []int64{1002, 1001} {
		oldest := drivers[k].EventTS
		if c.EventTS.Before(oldest) {
			oldest = c.EventTS
		}
		want = append(want, fmt.Sprint(append([]any{k, int64(20003), oldest.UTC(), nil, nil}, c.Values...)))
	}
	if cols := strings.Join(got.Cols, ","); cols != "driver_id,customer_id,event_timestamp,conv_rate,acc_rate,current_balance,avg_spend,lifetime_orders" {
		t.Fatalf("service columns %s", cols)
	}
	if g := fmt.Sprint(got.Rows); g != "["+strings.Join(want, " ")+"]" {
		t.Fatalf("service rows\n got %s\nwant [%s]", g, strings.Join(want, " "))
	}
}

// checkDesignService runs DESIGN §1's feature-service lookup as written:
// driver_activity needs only the driver's key.
func checkDesignService(t *testing.T, conn *pgx.Conn, drivers map[any]testenv.LatestRow) {
	got := queryTable(t, conn, "SELECT * FROM online.driver_activity WHERE driver_id IN (1001, 1002)")
	if cols := strings.Join(got.Cols, ","); cols != "driver_id,event_timestamp,conv_rate,acc_rate" {
		t.Fatalf("driver_activity columns %s", cols)
	}
	var want []string
	for _, k := range []int64{1001, 1002} {
		want = append(want, fmt.Sprint([]any{k, drivers[k].EventTS.UTC(), nil, nil}))
	}
	if g := fmt.Sprint(got.Rows); g != "["+strings.Join(want, " ")+"]" {
		t.Fatalf("driver_activity rows\n got %s\nwant [%s]", g, strings.Join(want, " "))
	}
}

func checkPush(t *testing.T, conn *pgx.Conn) {
	ctx := withTimeout(t)
	push := func(ts string, spend float64) {
		t.Helper()
		tag, err := conn.Exec(ctx, "INSERT INTO online.customer_profile (customer_id, event_timestamp, avg_spend) VALUES (20001, $1, $2)", ts, spend)
		if err != nil || tag.String() != "INSERT 0 1" {
			t.Fatalf("push: %v %q", err, tag)
		}
	}
	read := func() string {
		t.Helper()
		got := queryTable(t, conn, "SELECT event_timestamp, avg_spend, lifetime_orders FROM online.customer_profile WHERE customer_id = 20001")
		return fmt.Sprint(got.Rows[0][0].(time.Time).Format(time.RFC3339), got.Rows[0][1:])
	}
	push("2030-01-01 00:00:00+00", 12.5)
	if got := read(); got != "2030-01-01T00:00:00Z[12.5 <nil>]" {
		t.Fatalf("after a push newer than the materialized row: %s", got)
	}
	push("2024-01-02 00:00:00+00", 99)
	if got := read(); got != "2030-01-01T00:00:00Z[12.5 <nil>]" {
		t.Fatalf("an older push must be ignored: %s", got)
	}
	push("2030-01-01 00:00:01+00", 13)
	if got := read(); got != "2030-01-01T00:00:01Z[13 <nil>]" {
		t.Fatalf("a newer push must win: %s", got)
	}
	_, err := conn.Exec(ctx, "INSERT INTO online.customer_profile (customer_id, event_timestamp, lifetime_orders) VALUES (20002, now(), 'lots')")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "22P02" || !strings.Contains(pe.Message, `column "lifetime_orders"`) {
		t.Fatalf("a bad value: %v", err)
	}
}

// checkCall re-materializes a view from SQL: NOTICEs report it, and the
// lookups still answer the latest rows (a re-run writes the same rows).
func checkCall(t *testing.T, d *demo, latest map[any]testenv.LatestRow) {
	cfg, err := pgx.ParseConfig(d.url())
	if err != nil {
		t.Fatal(err)
	}
	var notices []string
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) { notices = append(notices, n.Severity+": "+n.Message) }
	conn, err := pgx.ConnectConfig(withTimeout(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	tag, err := conn.Exec(withTimeout(t), "CALL pitgate.materialize('customer_profile', '2024-01-01', '2030-01-01')")
	if err != nil || tag.String() != "CALL" {
		t.Fatalf("CALL: %v %q", err, tag)
	}
	if last := notices[len(notices)-1]; !strings.HasPrefix(last, "NOTICE: customer_profile: ") ||
		!strings.Contains(last, " rows, 2024-01-01T00:00:00Z .. 2030-01-01T00:00:00Z, in ") {
		t.Fatalf("notices %q", notices)
	}
	notices = nil
	if _, err := conn.Exec(withTimeout(t), "CALL pitgate.materialize_incremental()"); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(notices, "\n"); !strings.Contains(got, "customer_profile: ") || !strings.Contains(got, "driver_hourly_stats: ") {
		t.Fatalf("incremental notices %q", notices)
	}
	got := queryTable(t, conn, "SELECT customer_id, current_balance FROM online.customer_profile WHERE customer_id = 20004")
	if want := fmt.Sprint([]any{int64(20004), latest[int64(20004)].Values[0]}); fmt.Sprint(got.Rows[0]) != want {
		t.Fatalf("after CALL: %v, want %s", got.Rows[0], want)
	}
}

func checkPsql(t *testing.T, d *demo, latest map[any]testenv.LatestRow) {
	out, err := psql(t, d, "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-c",
		"SELECT customer_id, event_timestamp, current_balance, avg_spend, lifetime_orders FROM online.customer_profile WHERE customer_id IN (20005, 7, 20004)")
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
	var want []string
	for _, k := range []int64{20005, 7, 20004} {
		row := []any{k, nil, nil, nil, nil}
		if r, ok := latest[k]; ok {
			row = append([]any{k, r.EventTS}, r.Values...)
		}
		want = append(want, psqlLine(row))
	}
	if got := strings.TrimSpace(out); got != strings.Join(want, "\n") {
		t.Fatalf("psql printed\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
	out, _ = psql(t, d, "-c", "INSERT INTO online.customer_profile (customer_id, event_timestamp, avg_spend) VALUES (20006, now(), 1.5)",
		"-c", "CALL pitgate.materialize_incremental('customer_profile')",
		"-c", "SELECT avg_spend FROM online.customer_profile WHERE customer_id > 20000")
	for _, want := range []string{"INSERT 0 1", "NOTICE:  customer_profile: ", "CALL",
		"ERROR:  an online lookup's WHERE may only bind join keys", "HINT:  bind every join key: SELECT <columns> FROM online.customer_profile WHERE customer_id = $1"} {
		if !strings.Contains(out, want) {
			t.Fatalf("psql output lacks %q:\n%s", want, out)
		}
	}
	out, _ = psql(t, d, "-c", "EXPLAIN SELECT * FROM online.order_scoring WHERE driver_id = 1001 AND customer_id = 20001")
	if !strings.Contains(out, "Reads, in one store round trip (2 view(s)):") {
		t.Fatalf("EXPLAIN in psql:\n%s", out)
	}
}
