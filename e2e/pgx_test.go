package e2e

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/testenv"
)

// connect opens a pgx connection in pgx's default mode, which prepares
// every statement (QueryExecModeCacheStatement).
func connect(t *testing.T, d *demo) *pgx.Conn {
	t.Helper()
	return connectMode(t, d, pgx.QueryExecModeCacheStatement)
}

func connectMode(t *testing.T, d *demo, mode pgx.QueryExecMode) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(d.url())
	if err != nil {
		t.Fatal(err)
	}
	cfg.DefaultQueryExecMode = mode
	conn, err := pgx.ConnectConfig(withTimeout(t), cfg)
	if err != nil {
		t.Fatalf("connect: %v\n%s", err, d.stderr)
	}
	t.Cleanup(func() { conn.Close(withTimeout(t)) })
	return conn
}

// TestDesignQueryWithPgx runs DESIGN §1's training query through pitgate
// and compares every value with the brute-force reference.
func TestDesignQueryWithPgx(t *testing.T) {
	d := startDemo(t, testConfig())
	checkDesign(t, d, queryTable(t, connect(t, d), testenv.DesignQuery))
}

// queryTable runs sql and returns its columns and rows, normalized to the
// reference's types.
func queryTable(t *testing.T, conn *pgx.Conn, sql string, args ...any) *pitref.Table {
	t.Helper()
	rows, err := conn.Query(withTimeout(t), sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	got := &pitref.Table{}
	for _, fd := range rows.FieldDescriptions() {
		got.Cols = append(got.Cols, fd.Name)
	}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		got.Rows = append(got.Rows, normalize(vals))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

// checkDesign compares DesignQuery's result with the reference.
func checkDesign(t *testing.T, d *demo, got *pitref.Table) {
	t.Helper()
	want := testenv.DesignReference(d.cfg)
	if len(got.Rows) != d.cfg.Orders {
		t.Fatalf("%d rows, want one per order (%d)", len(got.Rows), d.cfg.Orders)
	}
	// Column names differ by design (field_mapping renames avg_passenger_spend); compare values.
	want.Cols = nil
	if diff := pitref.Compare(&pitref.Table{Rows: got.Rows}, want); diff != "" {
		t.Fatalf("pitgate differs from the reference:\n%s", diff)
	}
	if strings.Join(got.Cols, ",") != "order_id,driver_id,customer_id,event_timestamp,conv_rate,acc_rate,avg_daily_trips,current_balance,avg_spend,lifetime_orders" {
		t.Fatalf("columns %v", got.Cols)
	}
}

// normalize turns pgx's values into the reference's types.
func normalize(vals []any) []any {
	for i, v := range vals {
		switch x := v.(type) {
		case int32:
			vals[i] = int64(x)
		case int16:
			vals[i] = int64(x)
		case float32:
			vals[i] = float64(x)
		case time.Time:
			vals[i] = x.UTC()
		}
	}
	return vals
}

// TestBadInputKeepsServerUp sends each kind of bad input and checks the
// error a client gets, then that the server still answers.
func TestBadInputKeepsServerUp(t *testing.T) {
	d := startDemo(t, testConfig())
	conn := connect(t, d)
	cases := []struct {
		sql, code, msg string
		pos            int32
	}{
		{"SELECT * FROM orders WHERE", "42601", "syntax error at end of input", 27},
		{"SELEC 1", "42601", `syntax error at or near "SELEC"`, 1},
		{"SELECT * FROM no_such_table", "42P01", "no_such_table", 15},
		{"SELECT no_such_column FROM orders", "42703", "no_such_column", 8},
		{"SELECT 1 FROM orders o ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.driver_id", "0A000", "exactly one time inequality", 0},
		{"SELECT 1 FROM orders o ASOF JOIN driver_hourly_stats d ON d.driver_id > o.driver_id AND d.event_timestamp <= o.event_timestamp", "0A000", "ASOF", 0},
		{"SELECT 1/0", "22012", "division by zero", 0},
	}
	for _, c := range cases {
		_, err := conn.Exec(withTimeout(t), c.sql)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) {
			t.Fatalf("%s: got %v, want a PostgreSQL error", c.sql, err)
		}
		if pe.Code != c.code || !strings.Contains(pe.Message, c.msg) {
			t.Errorf("%s: got %s %q, want %s %q", c.sql, pe.Code, pe.Message, c.code, c.msg)
		}
		if c.pos != 0 && pe.Position != c.pos {
			t.Errorf("%s: position %d, want %d", c.sql, pe.Position, c.pos)
		}
		if c.code == "0A000" && pe.Hint == "" {
			t.Errorf("%s: no hint", c.sql)
		}
		var one int
		if err := conn.QueryRow(withTimeout(t), "SELECT 1").Scan(&one); err != nil || one != 1 {
			t.Fatalf("after %q the connection is not usable: %v", c.sql, err)
		}
	}
	for _, garbage := range [][]byte{
		{0, 0, 0, 3},                         // shorter than its own header
		{0x7f, 0xff, 0xff, 0xff, 0, 3, 0, 0}, // 2 GiB claimed
		[]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
		{0, 0, 0, 8, 0, 3, 0, 0}, // a startup packet with no parameters, not even user
	} {
		nc, err := net.DialTimeout("tcp", d.addr(), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = nc.Write(garbage)
		_ = nc.SetReadDeadline(time.Now().Add(10 * time.Second))
		buf := make([]byte, 4096)
		for {
			if _, err := nc.Read(buf); err != nil {
				break // the server closed the connection (or sent its error and closed)
			}
		}
		nc.Close()
	}
	fresh := connect(t, d)
	var n int64
	if err := fresh.QueryRow(withTimeout(t), "SELECT count(*) FROM orders").Scan(&n); err != nil || n != int64(d.cfg.Orders) {
		t.Fatalf("after malformed startups: count %d, %v", n, err)
	}
}

// TestSessionCommands checks SET, SHOW, RESET and transaction control.
func TestSessionCommands(t *testing.T) {
	d := startDemo(t, testConfig())
	conn := connect(t, d)
	ctx := withTimeout(t)
	exec := func(sql string) string {
		tag, err := conn.Exec(ctx, sql)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return tag.String()
	}
	if tag := exec("SET TimeZone = 'America/New_York'"); tag != "SET" {
		t.Fatalf("SET tag %q", tag)
	}
	if got := conn.PgConn().ParameterStatus("TimeZone"); got != "America/New_York" {
		t.Fatalf("ParameterStatus TimeZone = %q after SET", got)
	}
	var tz string
	if err := conn.QueryRow(ctx, "SHOW timezone").Scan(&tz); err != nil || tz != "America/New_York" {
		t.Fatalf("SHOW timezone = %q, %v", tz, err)
	}
	res, err := conn.PgConn().Exec(ctx, "SELECT '2024-07-01 12:00:00+00'::timestamptz").ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := string(res[0].Rows[0][0]); got != "2024-07-01 08:00:00-04" {
		t.Fatalf("timestamptz under TimeZone America/New_York is sent as %q", got)
	}
	if exec("BEGIN") != "BEGIN" || conn.PgConn().TxStatus() != 'T' {
		t.Fatal("BEGIN did not open a transaction block")
	}
	if _, err := conn.Exec(ctx, "SELECT nope FROM orders"); err == nil {
		t.Fatal("expected an error")
	}
	_, err = conn.Exec(ctx, "SELECT 1")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "25P02" || conn.PgConn().TxStatus() != 'E' {
		t.Fatalf("statement in a failed block: %v (status %c)", err, conn.PgConn().TxStatus())
	}
	if tag := exec("COMMIT"); tag != "ROLLBACK" || conn.PgConn().TxStatus() != 'I' {
		t.Fatalf("COMMIT of a failed block answered %q", tag)
	}
	if tag := exec("RESET TimeZone"); tag != "RESET" {
		t.Fatalf("RESET tag %q", tag)
	}
	if err := conn.QueryRow(ctx, "SHOW TimeZone").Scan(&tz); err != nil || tz != "UTC" {
		t.Fatalf("after RESET TimeZone = %q, %v", tz, err)
	}
	for name, want := range map[string]string{"server_version": "15.", "server_encoding": "UTF8",
		"client_encoding": "UTF8", "DateStyle": "ISO, MDY", "integer_datetimes": "on",
		"standard_conforming_strings": "on", "IntervalStyle": "postgres"} {
		if got := conn.PgConn().ParameterStatus(name); !strings.HasPrefix(got, want) {
			t.Errorf("ParameterStatus %s = %q, want %q", name, got, want)
		}
	}
}
