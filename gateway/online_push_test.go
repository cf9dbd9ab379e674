package gateway_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// Pushes (INSERT INTO online.<view>) and CALL pitgate.materialize*, through
// pgx against an in-process gateway (online_test.go has the harness).

func TestPushThenLookup(t *testing.T) {
	e := startOnline(t, true)
	for _, mode := range modes {
		conn, _ := e.connect(t, mode)
		key := int64(7000 + int(mode))
		at := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
		push := func(ts time.Time, conv float64) {
			t.Helper()
			tag, err := conn.Exec(context.Background(), "INSERT INTO online.driver_hourly_stats (driver_id, event_timestamp, conv_rate, avg_daily_trips) "+
				"VALUES ($1, $2, $3, 7)", key, ts, conv)
			if err != nil || tag.String() != "INSERT 0 1" {
				t.Fatalf("push: %v %q", err, tag)
			}
		}
		read := func() string {
			_, rows := queryRows(t, conn, "SELECT event_timestamp, conv_rate, acc_rate, avg_daily_trips FROM online.driver_hourly_stats WHERE driver_id = $1", key)
			return fmt.Sprint(rows[0][0].(time.Time).UTC().Format(time.RFC3339), rows[0][1:])
		}
		push(at, 0.5)
		if got := read(); got != "2030-01-01T12:00:00Z[0.5 <nil> 7]" {
			t.Fatalf("%s after the first push: %s", mode, got)
		}
		push(at.Add(-time.Hour), 0.1) // older: ignored
		if got := read(); got != "2030-01-01T12:00:00Z[0.5 <nil> 7]" {
			t.Fatalf("%s after an older push: %s", mode, got)
		}
		push(at.Add(time.Second), 0.9) // newer: wins
		if got := read(); got != "2030-01-01T12:00:01Z[0.9 <nil> 7]" {
			t.Fatalf("%s after a newer push: %s", mode, got)
		}
	}
	conn, _ := e.connect(t, pgx.QueryExecModeCacheStatement)
	tag, err := conn.Exec(context.Background(), "INSERT INTO online.driver_hourly_stats (driver_id, event_timestamp, acc_rate) VALUES (7100, now(), 0.25), (7101, CURRENT_TIMESTAMP, 0.5)")
	if err != nil || tag.String() != "INSERT 0 2" {
		t.Fatalf("two-row push with now(): %v %q", err, tag)
	}
	_, rows := queryRows(t, conn, "SELECT acc_rate FROM online.driver_hourly_stats WHERE driver_id IN (7101, 7100)")
	if fmt.Sprint(rows) != "[[0.5] [0.25]]" {
		t.Fatalf("rows pushed with now() (fresh within the ttl): %v", rows)
	}
}

// TestPushEveryType pushes one value of each feature type as text and
// reads it back as its type.
func TestPushEveryType(t *testing.T) {
	e := startOnline(t, true)
	conn, _ := e.connect(t, pgx.QueryExecModeSimpleProtocol)
	_, err := conn.Exec(context.Background(), `SET TimeZone = 'Europe/Paris'`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Exec(context.Background(), `INSERT INTO online.pair_stats VALUES (1, 'n', now(), '12', 'x''y', 1.50, '{1.5,NULL,-2}',
		'2024-03-01 10:00:00', 'yes', '{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}', '{"a": [1, 2]}', '\x00ff', '2024-02-29')`)
	if err != nil {
		t.Fatal(err)
	}
	_, rows := queryRows(t, conn, "SELECT trips, label, score, weights, seen, ok, uid, doc, raw, day FROM online.pair_stats WHERE driver_id = 1 AND zone = 'n'")
	score := rows[0][2].(pgtype.Numeric)
	got := fmt.Sprintf("%v %v %se%d %v", rows[0][0], rows[0][1], score.Int, score.Exp, rows[0][3])
	if want := "12 x'y 150e-2 [1.5 <nil> -2]"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	if seen := rows[0][4].(time.Time); !seen.Equal(time.Date(2024, 3, 1, 10, 0, 0, 0, paris)) {
		t.Errorf("a timestamptz without a zone is read in the session's TimeZone: got %v", seen)
	}
	uid := rows[0][6].([16]byte)
	got = fmt.Sprintf("%v %x %v %x %v %v", rows[0][5], uid[:], rows[0][7], rows[0][8], rows[0][9].(time.Time).Format("2006-01-02"), len(rows[0]))
	if want := "true a0eebc999c0b4ef8bb6d6bb9bd380a11 map[a:[1 2]] 00ff 2024-02-29 10"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestPushValidation(t *testing.T) {
	e := startOnline(t, true)
	conn, _ := e.connect(t, pgx.QueryExecModeCacheStatement)
	const head = "INSERT INTO online.pair_stats (driver_id, zone, event_timestamp, trips, score, ok, uid, doc) VALUES "
	cases := []struct{ name, sql, code, msg string }{
		{"NULL key", head + "(NULL, 'n', now(), 1, 1, true, NULL, NULL)", "23502", `null value in column "driver_id" of relation "online.pair_stats"`},
		{"NULL event time", head + "(1, 'n', NULL, 1, 1, true, NULL, NULL)", "23502", `null value in column "event_timestamp"`},
		{"int2 out of range", head + "(1, 'n', now(), 40000, 1, true, NULL, NULL)", "22003", `column "trips" of online.pair_stats: smallint out of range`},
		{"bad integer text", head + "(1, 'n', now(), 'many', 1, true, NULL, NULL)", "22P02", `column "trips" of online.pair_stats: invalid input syntax for type smallint`},
		{"bad numeric", head + "(1, 'n', now(), 1, 'abc', true, NULL, NULL)", "22P02", `column "score"`},
		{"bad bool", head + "(1, 'n', now(), 1, 1, 'maybe', NULL, NULL)", "22P02", `column "ok"`},
		{"bad uuid", head + "(1, 'n', now(), 1, 1, true, 'nope', NULL)", "22P02", `column "uid"`},
		{"bad json", head + "(1, 'n', now(), 1, 1, true, NULL, '{x')", "22P02", `column "doc"`},
		{"bad timestamp", head + "(1, 'n', 'soon', 1, 1, true, NULL, NULL)", "22007", `column "event_timestamp" of online.pair_stats: invalid input syntax for type timestamp`},
		{"boolean into an integer", head + "(1, 'n', now(), 1, 1, 2.5, NULL, NULL)", "42804", `column "ok"`},
		{"key of the wrong type", "INSERT INTO online.driver_hourly_stats (driver_id, event_timestamp) VALUES ('x', now())", "22P02", `column "driver_id"`},
		{"missing event time", "INSERT INTO online.driver_hourly_stats (driver_id) VALUES (1)", "23502", `must set column "event_timestamp"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := conn.Exec(context.Background(), c.sql)
			var pe *pgconn.PgError
			if !errors.As(err, &pe) || pe.Code != c.code || !strings.Contains(pe.Message, c.msg) {
				t.Fatalf("got %v, want %s containing %q", err, c.code, c.msg)
			}
		})
	}
	_, rows := queryRows(t, conn, "SELECT event_timestamp FROM online.pair_stats WHERE driver_id = 1 AND zone = 'n'")
	if rows[0][0] != nil {
		t.Fatalf("a refused push wrote a row: %v", rows)
	}
}

func TestCallErrors(t *testing.T) {
	e := startOnline(t, true)
	conn, _ := e.connect(t, pgx.QueryExecModeCacheStatement)
	cases := []struct{ sql, code, msg string }{
		{"CALL pitgate.materialize('nope', '2024-01-01', '2024-02-01')", "42P01", `"nope" does not exist`},
		{"CALL pitgate.materialize('driver_archive', '2024-01-01', '2024-02-01')", "55000", "not online"},
		{"CALL pitgate.materialize(NULL, NULL, '2024-02-01')", "22004", "argument start of pitgate.materialize must not be NULL"},
		{"CALL pitgate.materialize(NULL, 'yesterday', '2024-02-01')", "22007", "argument start"},
		{"CALL pitgate.materialize(NULL, '2024-02-01', '2024-01-01')", "22023", "is not before end"},
	}
	for _, c := range cases {
		_, err := conn.Exec(context.Background(), c.sql)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != c.code || !strings.Contains(pe.Message, c.msg) {
			t.Errorf("%s: got %v, want %s containing %q", c.sql, err, c.code, c.msg)
		}
	}
	var notices *[]string
	conn, notices = e.connect(t, pgx.QueryExecModeCacheStatement)
	if _, err := conn.Exec(context.Background(), "CALL pitgate.materialize($1, $2, $3)", "driver_hourly_stats", e.cfg.Start, e.cfg.Start.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	last := (*notices)[len(*notices)-1]
	if want := " rows, " + e.cfg.Start.UTC().Format(time.RFC3339) + " .. "; !strings.HasPrefix(last, "driver_hourly_stats: ") || !strings.Contains(last, want) {
		t.Fatalf("the last notice is %q, want driver_hourly_stats' report with %q", last, want)
	}
}

// TestConcurrentPushAndLookup pushes ever newer rows from several
// connections while others read them (run it with -race): no reader ever
// sees a key's event time go back, and the newest push wins.
func TestConcurrentPushAndLookup(t *testing.T) {
	e := startOnline(t, true)
	const writers, readers, pushes = 3, 3, 60
	base := time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	var writing, reading sync.WaitGroup
	errs := make(chan error, writers+readers)
	for w := range writers {
		conn, _ := e.connect(t, pgx.QueryExecModeCacheStatement)
		writing.Add(1)
		go func() {
			defer writing.Done()
			for i := range pushes {
				ts := base.Add(time.Duration(i*writers+w) * time.Second)
				if _, err := conn.Exec(context.Background(), "INSERT INTO online.driver_hourly_stats (driver_id, event_timestamp, avg_daily_trips) "+
					"VALUES (1, $1, $2), (2, $1, $2)", ts, int64(i*writers+w)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	done := make(chan struct{})
	for range readers {
		conn, _ := e.connect(t, pgx.QueryExecModeCacheStatement)
		reading.Add(1)
		go func() {
			defer reading.Done()
			last := map[int64]time.Time{}
			for {
				select {
				case <-done:
					return
				default:
				}
				if err := readMonotonic(conn, last); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	writing.Wait()
	close(done)
	reading.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	conn, _ := e.connect(t, pgx.QueryExecModeCacheStatement)
	_, rows := queryRows(t, conn, "SELECT driver_id, avg_daily_trips FROM online.driver_hourly_stats WHERE driver_id IN (1, 2)")
	last := int64(pushes*writers - 1)
	if fmt.Sprint(rows) != fmt.Sprintf("[[1 %d] [2 %d]]", last, last) {
		t.Fatalf("after the pushes: %v, want the newest (%d) for both keys", rows, last)
	}
}

func readMonotonic(conn *pgx.Conn, last map[int64]time.Time) error {
	rows, err := conn.Query(context.Background(), "SELECT driver_id, event_timestamp FROM online.driver_hourly_stats WHERE driver_id = ANY($1)", []int64{1, 2})
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k int64
		var ts *time.Time
		if err := rows.Scan(&k, &ts); err != nil {
			return err
		}
		if ts == nil {
			continue
		}
		if ts.Before(last[k]) {
			return fmt.Errorf("key %d went back from %v to %v", k, last[k], *ts)
		}
		last[k] = *ts
	}
	return rows.Err()
}
