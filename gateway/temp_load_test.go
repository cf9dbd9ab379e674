package gateway_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/wire"
)

// tempConn is a client session of a gateway over tw's warehouse.
func tempConn(t *testing.T, tw tempWarehouse) *pgx.Conn {
	t.Helper()
	_, addr := serveGateway(t, gateway.Config{Repo: testenv.Repo(t), Warehouse: tw.wh,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	c, err := pgx.Connect(context.Background(), "postgres://pitgate@"+addr+"/pitgate?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// TestCopyTempBadLineMidStream: a bad value deep in a COPY fails it with
// PostgreSQL's CONTEXT (the client's line, counting the header, and the
// column) and leaves none of the rows before it.
func TestCopyTempBadLineMidStream(t *testing.T) {
	for _, tw := range tempWarehouses(t) {
		t.Run(tw.name, func(t *testing.T) {
			c := tempConn(t, tw)
			mustExec(t, c, "CREATE TEMP TABLE e (id int8, ts timestamptz, amount numeric(10,2), note text)")
			var data strings.Builder
			data.WriteString("id,ts,amount,note\n")
			for i := 1; i <= 20000; i++ {
				ts := "2024-01-01 00:00:00+00"
				if i == 12345 {
					ts = "not a time"
				}
				fmt.Fprintf(&data, "%d,%s,%d.5,\"row\n%d\"\n", i, ts, i, i)
			}
			_, err := c.PgConn().CopyFrom(context.Background(), strings.NewReader(data.String()),
				"COPY e FROM STDIN WITH (FORMAT csv, HEADER)")
			var pe *pgconn.PgError
			if !errors.As(err, &pe) || !strings.HasPrefix(pe.Code, "22") ||
				pe.Where != `COPY e, line 12346, column ts: "not a time"` {
				t.Fatalf("COPY with a bad line 12346: %#v", err)
			}
			if got := ids(t, c, "SELECT count(*) FROM e"); got != "0" {
				t.Errorf("a failed COPY left %s rows", got)
			}
		})
	}
}

// TestCopyTempCSVRules: NULL and the empty string as CSV tells them apart
// (unquoted empty, quoted empty, FORCE_NULL, FORCE_NOT_NULL, NULL 'x'),
// quotes, delimiters and newlines inside values, text escapes.
func TestCopyTempCSVRules(t *testing.T) {
	for _, tw := range tempWarehouses(t) {
		t.Run(tw.name, func(t *testing.T) {
			c := tempConn(t, tw)
			mustExec(t, c, "CREATE TEMP TABLE e (id int8, a text, b text)")
			copies := []struct{ sql, data string }{
				{"COPY e FROM STDIN (FORMAT csv)", "1,,\"\"\n2,\"x,\"\"y\"\"\",\"two\nlines\"\n"},
				{"COPY e FROM STDIN (FORMAT csv, FORCE_NULL (b), FORCE_NOT_NULL (a))", "3,,\"\"\n"},
				{"COPY e FROM STDIN (FORMAT csv, NULL 'x', DELIMITER ';')", "4;x;\n"},
				{"COPY e FROM STDIN", "5\t\\N\ttab\\there\\\\\n"},
			}
			for _, cp := range copies {
				if _, err := c.PgConn().CopyFrom(context.Background(), strings.NewReader(cp.data), cp.sql); err != nil {
					t.Fatalf("%s: %v", cp.sql, err)
				}
			}
			rows, err := c.Query(context.Background(), "SELECT id, a, b FROM e ORDER BY id")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for rows.Next() {
				var id int64
				var a, b *string
				if err := rows.Scan(&id, &a, &b); err != nil {
					t.Fatal(err)
				}
				got = append(got, fmt.Sprintf("%d %s %s", id, nullable(a), nullable(b)))
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			want := []string{`1 NULL ""`, `2 "x,\"y\"" "two\nlines"`, `3 "" NULL`, `4 NULL ""`, `5 NULL "tab\there\\"`}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("e holds\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func nullable(s *string) string {
	if s == nil {
		return "NULL"
	}
	return fmt.Sprintf("%q", *s)
}

// TestCopyTempBinary: a binary COPY (PostgreSQL's own encoding, as pgx's
// CopyFrom and psycopg send it) loads typed values, time zones kept.
func TestCopyTempBinary(t *testing.T) {
	for _, tw := range tempWarehouses(t) {
		t.Run(tw.name, func(t *testing.T) {
			c := tempConn(t, tw)
			mustExec(t, c, "CREATE TEMP TABLE e (id int8, ts timestamptz, score float8, note text)")
			cols := []wire.Column{{Name: "id", TypeOID: pgtype.Int8OID}, {Name: "ts", TypeOID: pgtype.TimestamptzOID},
				{Name: "score", TypeOID: pgtype.Float8OID}, {Name: "note", TypeOID: pgtype.TextOID}}
			enc := wire.NewCopyEncoder(cols, wire.CopyFormat{Kind: wire.CopyBinary}, nil)
			data := enc.Header(nil)
			var err error
			at := time.Date(2030, 1, 1, 2, 0, 0, 0, time.FixedZone("", 2*3600))
			for _, row := range [][]any{{int64(1), at, 0.375, "a\tb"}, {int64(2), nil, nil, ""}} {
				if data, err = enc.Row(data, row); err != nil {
					t.Fatal(err)
				}
			}
			data = enc.Trailer(data)
			tag, err := c.PgConn().CopyFrom(context.Background(), bytes.NewReader(data), "COPY e FROM STDIN (FORMAT binary)")
			if err != nil || tag.String() != "COPY 2" {
				t.Fatalf("binary copy: %v %q", err, tag)
			}
			const check = `SELECT count(*) FROM e WHERE id = 1 AND ts = '2030-01-01 00:00:00+00' AND score = 0.375 AND note = 'a' || chr(9) || 'b'
				OR id = 2 AND ts IS NULL AND score IS NULL AND note = ''`
			if got := ids(t, c, check); got != "2" {
				t.Errorf("%s rows hold the values copied, want 2", got)
			}
		})
	}
}

// TestCopyTempBoundedMemory: a COPY of tens of megabytes streams through
// the gateway, whose heap stays far below the input's size.
func TestCopyTempBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("a large COPY")
	}
	for _, tw := range tempWarehouses(t) {
		t.Run(tw.name, func(t *testing.T) {
			c := tempConn(t, tw)
			mustExec(t, c, "CREATE TEMP TABLE e (id int8, ts timestamptz, note text)")
			const rows, note = 400_000, "an entity row with a note long enough to weigh on memory, sixty-odd"
			runtime.GC()
			var base runtime.MemStats
			runtime.ReadMemStats(&base)
			var peak atomic.Uint64
			done := make(chan struct{})
			go samplePeak(done, &peak)
			src := &linesReader{n: rows, line: func(i int) string {
				return fmt.Sprintf("%d\t2024-01-01 00:00:%02d+00\t%s\n", i, i%60, note)
			}}
			tag, err := c.PgConn().CopyFrom(context.Background(), src, "COPY e FROM STDIN")
			close(done)
			if err != nil || tag.RowsAffected() != rows {
				t.Fatalf("COPY: %v %q", err, tag)
			}
			input := uint64(src.bytes)
			if grew := peak.Load() - min(peak.Load(), base.HeapAlloc); grew > input/3 {
				t.Errorf("the heap grew by %d MB for a %d MB COPY", grew>>20, input>>20)
			}
			if got := ids(t, c, "SELECT count(DISTINCT id) FROM e"); got != fmt.Sprint(rows) {
				t.Errorf("e holds %s ids, want %d", got, rows)
			}
		})
	}
}

func samplePeak(done chan struct{}, peak *atomic.Uint64) {
	var m runtime.MemStats
	for {
		select {
		case <-done:
			return
		case <-time.After(20 * time.Millisecond):
		}
		runtime.ReadMemStats(&m)
		if m.HeapAlloc > peak.Load() {
			peak.Store(m.HeapAlloc)
		}
	}
}

// linesReader makes n lines on demand, never holding more than one.
type linesReader struct {
	n, next int
	line    func(i int) string
	pending []byte
	bytes   int
}

func (r *linesReader) Read(p []byte) (int, error) {
	for len(r.pending) == 0 {
		if r.next == r.n {
			return 0, io.EOF
		}
		r.next++
		r.pending = []byte(r.line(r.next))
		r.bytes += len(r.pending)
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}

// TestInsertTempLoaded: a multi-row INSERT of constants, loaded in bulk,
// holds exactly what the same rows inserted through the printed VALUES
// list hold (one item that is an expression sends the whole statement
// that way); a bad value fails it with INSERT's error and adds no rows.
func TestInsertTempLoaded(t *testing.T) {
	for _, tw := range tempWarehouses(t) {
		t.Run(tw.name, func(t *testing.T) {
			c := tempConn(t, tw)
			const cols = "(id int8, small int2, ts timestamptz, day date, amount numeric(10,2), score float8, ok bool, note text)"
			mustExec(t, c, "CREATE TEMP TABLE loaded "+cols)
			mustExec(t, c, "CREATE TEMP TABLE printed "+cols)
			rows := []string{
				"(1, 2, '2024-03-01 12:00:00+02', '2024-03-01', 1.005, 0.1, true, 'it''s')",
				"('2', '3', '2024-03-01T10:00:00Z'::timestamptz, '2024-03-02'::date, '12.345', 1e3, 't', 'back\\slash')",
				"(3, NULL, NULL, NULL, 7, 2, false, '')",
				"(NULL, 4, '2024-03-01 12:00:00', NULL, -0.5, -1.5, NULL, NULL)",
			}
			values := strings.Join(rows, ", ")
			for _, ins := range []struct{ sql, tag string }{
				{"INSERT INTO loaded VALUES " + values, "INSERT 0 4"},
				{"INSERT INTO printed VALUES " + values + ", (1000 + 0, 0, NULL, NULL, NULL, NULL, NULL, NULL)", "INSERT 0 5"},
				{"INSERT INTO loaded (note, id) VALUES ('only two', 9), ('columns', 10)", "INSERT 0 2"},
				{"INSERT INTO printed (note, id) VALUES ('only two', 9), ('columns', 5 + 5)", "INSERT 0 2"},
			} {
				if tag, err := c.Exec(context.Background(), ins.sql); err != nil || tag.String() != ins.tag {
					t.Fatalf("%s: %v %q, want %s", ins.sql, err, tag, ins.tag)
				}
			}
			const printed = "(SELECT * FROM printed WHERE id IS DISTINCT FROM 1000) p"
			for _, q := range []string{"SELECT * FROM loaded EXCEPT SELECT * FROM " + printed, "SELECT * FROM " + printed + " EXCEPT SELECT * FROM loaded"} {
				if got := ids(t, c, "SELECT count(*) FROM ("+q+") d"); got != "0" {
					t.Errorf("%s: %s rows", q, got)
				}
			}
			_, err := c.Exec(context.Background(), "INSERT INTO loaded (id, ts) VALUES (20, '2024-01-01 00:00:00+00'), (21, 'not a time')")
			if code := codeOf(err); !strings.HasPrefix(code, "22") {
				t.Errorf("a bad timestamp: %v, want 22xxx", err)
			}
			if got := ids(t, c, "SELECT count(*) FROM loaded"); got != "6" {
				t.Errorf("after a failed INSERT loaded holds %s rows, want 6", got)
			}
		})
	}
}
