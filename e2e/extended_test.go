package e2e

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/testenv"
)

// The extended query protocol end to end: pgx in each of its query modes,
// parameters, both formats, a pipeline with an error, a portal fetched in
// chunks.

var pgxModes = []pgx.QueryExecMode{
	pgx.QueryExecModeCacheStatement, pgx.QueryExecModeCacheDescribe, pgx.QueryExecModeDescribeExec,
	pgx.QueryExecModeExec, pgx.QueryExecModeSimpleProtocol,
}

// paramQuery is DesignQuery restricted to one driver from a point in time.
const paramQuery = testenv.DesignQuery + "\nWHERE o.driver_id = $1 AND o.event_timestamp >= $2"

// paramArgs picks a driver and a time that keep some of its orders, and
// returns the reference's answer for them.
func paramArgs(d *demo) (int64, time.Time, *pitref.Table) {
	ref := testenv.DesignReference(d.cfg)
	driver := ref.Rows[0][1].(int64)
	var times []time.Time
	for _, r := range ref.Rows {
		if r[1] == driver {
			times = append(times, r[3].(time.Time))
		}
	}
	from := times[len(times)/2]
	want := &pitref.Table{}
	for _, r := range ref.Rows {
		if r[1] == driver && !r[3].(time.Time).Before(from) {
			want.Rows = append(want.Rows, r)
		}
	}
	return driver, from, want
}

func TestPgxQueryModes(t *testing.T) {
	d := startDemo(t, testConfig())
	driver, from, want := paramArgs(d)
	for _, mode := range pgxModes {
		t.Run(mode.String(), func(t *testing.T) {
			conn := connectMode(t, d, mode)
			for range 2 { // the second run of a cached statement binds again
				checkDesign(t, d, queryTable(t, conn, testenv.DesignQuery))
				got := queryTable(t, conn, paramQuery, driver, from)
				if len(got.Rows) == 0 || len(got.Rows) == d.cfg.Orders {
					t.Fatalf("%d rows: the parameters filtered nothing or everything", len(got.Rows))
				}
				if diff := pitref.Compare(&pitref.Table{Rows: got.Rows}, want); diff != "" {
					t.Fatalf("parameterized query differs from the reference:\n%s", diff)
				}
			}
			checkSessionStatements(t, conn)
		})
	}
}

// checkSessionStatements runs SET, SHOW, BEGIN and COMMIT with Query,
// which pgx sends in the connection's mode (Exec without arguments would
// always use the simple protocol).
func checkSessionStatements(t *testing.T, conn *pgx.Conn) {
	t.Helper()
	ctx := withTimeout(t)
	run := func(sql, wantTag string, wantStatus byte) {
		rows, err := conn.Query(ctx, sql)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		rows.Close()
		if err := rows.Err(); err != nil || rows.CommandTag().String() != wantTag || conn.PgConn().TxStatus() != wantStatus {
			t.Fatalf("%s: tag %q, status %c, %v; want %q, %c", sql, rows.CommandTag(), conn.PgConn().TxStatus(), err, wantTag, wantStatus)
		}
	}
	run("BEGIN", "BEGIN", 'T')
	run("SET LOCAL TimeZone = 'Asia/Tokyo'", "SET", 'T')
	var tz string
	if err := conn.QueryRow(ctx, "SHOW TimeZone").Scan(&tz); err != nil || tz != "Asia/Tokyo" {
		t.Errorf("SHOW TimeZone = %q, %v; want Asia/Tokyo", tz, err)
	}
	if got := conn.PgConn().ParameterStatus("TimeZone"); got != "Asia/Tokyo" {
		t.Errorf("ParameterStatus TimeZone = %q after SET", got)
	}
	run("COMMIT", "COMMIT", 'I')
	// EXPLAIN shows the SQL with the parameter's value in place.
	var plan []string
	rows, _ := conn.Query(ctx, "EXPLAIN SELECT order_id FROM orders WHERE driver_id = $1", int64(1001))
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	if err := rows.Err(); err != nil || !strings.Contains(strings.Join(plan, "\n"), "1001") {
		t.Errorf("EXPLAIN with a parameter: %v\n%s", err, strings.Join(plan, "\n"))
	}
	if err := conn.QueryRow(ctx, "SHOW TimeZone").Scan(&tz); err != nil || tz != "UTC" {
		t.Errorf("after COMMIT SHOW TimeZone = %q, %v; want UTC", tz, err)
	}
}

// TestTextAndBinaryResultsAgree runs the parameterized query with its
// parameters as text and their types left to pitgate, reading the results
// once in text and once in binary.
func TestTextAndBinaryResultsAgree(t *testing.T) {
	d := startDemo(t, testConfig())
	driver, from, want := paramArgs(d)
	conn := connect(t, d).PgConn()
	args := [][]byte{[]byte(fmt.Sprint(driver)), []byte(from.Format("2006-01-02 15:04:05.999999Z07:00"))}
	sd, err := conn.Prepare(withTimeout(t), "q", paramQuery, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(sd.ParamOIDs); got != "[20 1184]" {
		t.Errorf("inferred parameter types %s, want [20 1184] (int8, timestamptz)", got)
	}
	types := pgtype.NewMap()
	for _, format := range []int16{pgtype.TextFormatCode, pgtype.BinaryFormatCode} {
		res := conn.ExecPrepared(withTimeout(t), "q", args, nil, []int16{format}).Read()
		if res.Err != nil {
			t.Fatal(res.Err)
		}
		got := &pitref.Table{}
		for _, row := range res.Rows {
			vals := make([]any, len(row))
			for i, raw := range row {
				fd := res.FieldDescriptions[i]
				if fd.Format != format {
					t.Fatalf("column %s in format %d, want %d", fd.Name, fd.Format, format)
				}
				typ, _ := types.TypeForOID(fd.DataTypeOID)
				if vals[i], err = typ.Codec.DecodeValue(types, fd.DataTypeOID, format, raw); err != nil {
					t.Fatal(err)
				}
			}
			got.Rows = append(got.Rows, normalize(vals))
		}
		if diff := pitref.Compare(got, want); diff != "" {
			t.Fatalf("format %d differs from the reference:\n%s", format, diff)
		}
	}
}

// TestErrorInsidePipeline sends a batch whose second query fails while it
// runs: the first result stands, the third is skipped, and the connection
// goes on.
func TestErrorInsidePipeline(t *testing.T) {
	d := startDemo(t, testConfig())
	conn := connect(t, d)
	ctx := withTimeout(t)
	b := &pgx.Batch{}
	b.Queue("SELECT count(*) FROM orders")
	b.Queue("SELECT 1 / (o.order_id - o.order_id) FROM orders o")
	b.Queue("SELECT 1")
	br := conn.SendBatch(ctx, b)
	var n int64
	if err := br.QueryRow().Scan(&n); err != nil || n != int64(d.cfg.Orders) {
		t.Fatalf("first query: %d, %v", n, err)
	}
	_, err := br.Exec()
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "22012" {
		t.Fatalf("second query: %v, want 22012", err)
	}
	if _, err := br.Exec(); err == nil {
		t.Error("the query after the error ran; it must be skipped until Sync")
	}
	br.Close()
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM orders WHERE driver_id = $1", int64(1001)).Scan(&n); err != nil {
		t.Fatalf("after the pipeline: %v", err)
	}

	// A statement that fails to bind fails at Parse, with its position.
	p := conn.PgConn().StartPipeline(ctx)
	p.SendQueryParams("SELECT 1", nil, nil, nil, nil)
	p.SendQueryParams("SELECT nope FROM orders", nil, nil, nil, nil)
	p.SendQueryParams("SELECT 2", nil, nil, nil, nil)
	p.SendPipelineSync()
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	r, err := p.GetResults()
	if err != nil {
		t.Fatal(err)
	}
	if res := r.(*pgconn.ResultReader).Read(); res.Err != nil || string(res.Rows[0][0]) != "1" {
		t.Fatalf("first query: %q %v", res.Rows, res.Err)
	}
	_, err = p.GetResults()
	if !errors.As(err, &pe) || pe.Code != "42703" || pe.Position != 8 {
		t.Fatalf("second query: %v, want 42703 at position 8", err)
	}
	if r, err := p.GetResults(); err != nil {
		t.Fatalf("after the error: %T %v, want the Sync", r, err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestPortalFetchedInChunks binds a portal inside a transaction and fetches
// it 700 rows at a time, one Sync per chunk, as JDBC's setFetchSize does.
func TestPortalFetchedInChunks(t *testing.T) {
	d := startDemo(t, testConfig())
	conn, err := pgconn.Connect(withTimeout(t), d.url())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(withTimeout(t))
	fe := conn.Frontend()
	send := func(msgs ...pgproto3.FrontendMessage) {
		for _, m := range msgs {
			fe.Send(m)
		}
		if err := fe.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	send(&pgproto3.Query{String: "BEGIN"})
	receiveCycle(t, fe)
	send(&pgproto3.Parse{Query: "SELECT order_id FROM orders WHERE order_id > $1 ORDER BY order_id"},
		&pgproto3.Bind{DestinationPortal: "c", Parameters: [][]byte{[]byte("0")}, ResultFormatCodes: []int16{1}},
		&pgproto3.Execute{Portal: "c", MaxRows: 700}, &pgproto3.Sync{})
	var ids []int64
	chunks := 0
	for {
		cycle := receiveCycle(t, fe)
		chunks++
		ids = append(ids, cycle.ids...)
		if cycle.status != 'T' {
			t.Fatalf("ReadyForQuery %c inside BEGIN", cycle.status)
		}
		if cycle.complete != "" {
			break
		}
		if len(cycle.ids) != 700 || !cycle.suspended {
			t.Fatalf("chunk %d: %d rows, suspended %v; want 700 and suspended", chunks, len(cycle.ids), cycle.suspended)
		}
		send(&pgproto3.Execute{Portal: "c", MaxRows: 700}, &pgproto3.Sync{})
	}
	if len(ids) != d.cfg.Orders || chunks != d.cfg.Orders/700+1 {
		t.Fatalf("%d rows in %d chunks, want %d in %d", len(ids), chunks, d.cfg.Orders, d.cfg.Orders/700+1)
	}
	var distinct int64
	for i := 1; i < len(ids); i++ {
		if ids[i] < ids[i-1] {
			t.Fatalf("row %d: order_id %d after %d: chunks out of order", i, ids[i], ids[i-1])
		}
		if ids[i] != ids[i-1] {
			distinct++
		}
	}
	// The demo repeats some orders on purpose; a repeated chunk would add
	// rows without adding distinct ids.
	want := queryCount(t, d, "SELECT count(DISTINCT order_id) FROM orders")
	if distinct+1 != want {
		t.Fatalf("%d distinct order ids in the chunks, want %d", distinct+1, want)
	}
	send(&pgproto3.Query{String: "COMMIT"})
	if c := receiveCycle(t, fe); c.status != 'I' {
		t.Fatalf("after COMMIT status %c", c.status)
	}
}

func queryCount(t *testing.T, d *demo, sql string) int64 {
	t.Helper()
	var n int64
	if err := connect(t, d).QueryRow(withTimeout(t), sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

type cycle struct {
	ids       []int64
	suspended bool
	complete  string
	status    byte
}

// receiveCycle reads up to ReadyForQuery, failing on an ErrorResponse.
func receiveCycle(t *testing.T, fe *pgproto3.Frontend) cycle {
	t.Helper()
	var c cycle
	for {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatal(err)
		}
		switch m := msg.(type) {
		case *pgproto3.DataRow:
			var id int64
			if err := pgtype.NewMap().Scan(pgtype.Int8OID, pgtype.BinaryFormatCode, m.Values[0], &id); err != nil {
				t.Fatal(err)
			}
			c.ids = append(c.ids, id)
		case *pgproto3.PortalSuspended:
			c.suspended = true
		case *pgproto3.CommandComplete:
			c.complete = string(m.CommandTag)
		case *pgproto3.ErrorResponse:
			t.Fatalf("server error %s: %s", m.Code, m.Message)
		case *pgproto3.ReadyForQuery:
			c.status = m.TxStatus
			return c
		}
	}
}

// BenchmarkSelect1 is the round trip of SELECT 1 through pitgate in each
// pgx mode: the prepared statement of the default mode and the simple
// protocol.
func BenchmarkSelect1(b *testing.B) {
	d := startDemo(b, testConfig())
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
		b.Run(mode.String(), func(b *testing.B) {
			cfg, _ := pgx.ParseConfig(d.url())
			cfg.DefaultQueryExecMode = mode
			conn, err := pgx.ConnectConfig(b.Context(), cfg)
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close(b.Context())
			var one int
			for b.Loop() {
				if err := conn.QueryRow(b.Context(), "SELECT 1").Scan(&one); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
