package gateway_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pitgate/pitgate/wire"
)

// COPY through an in-process gateway (online_test.go has the harness):
// COPY online.<view> FROM STDIN pushes all or nothing with the line of the
// error, and COPY TO STDOUT streams the same bytes in the simple and the
// extended protocol.

func TestCopyPushAllOrNothing(t *testing.T) {
	e := startOnline(t, true)
	conn, _ := e.connect(t, pgx.QueryExecModeSimpleProtocol)
	ctx := context.Background()
	const copySQL = "COPY online.driver_hourly_stats (driver_id, event_timestamp, conv_rate, avg_daily_trips) FROM STDIN WITH (FORMAT csv)"
	bad := "8001,2030-01-01 00:00:00+00,0.5,1\n8002,2030-01-01 00:00:00+00,0.5,2\n8003,2030-01-01 00:00:00+00,0.5,99999999999999999999\n"
	_, err := conn.PgConn().CopyFrom(ctx, strings.NewReader(bad), copySQL)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "22003" || pe.Where != "COPY driver_hourly_stats, line 3" || !strings.Contains(pe.Message, "avg_daily_trips") {
		t.Fatalf("bad copy: %v (%+v)", err, pe)
	}
	read := func(key int64) string {
		_, rows := queryRows(t, conn, "SELECT conv_rate, avg_daily_trips FROM online.driver_hourly_stats WHERE driver_id = $1", key)
		return fmt.Sprint(rows[0])
	}
	if got := read(8001); got != "[<nil> <nil>]" {
		t.Errorf("after the failed copy, 8001 = %s: a failed COPY must write nothing", got)
	}
	good := "8001,2030-01-01 00:00:00+00,0.25,1\n8002,2030-01-01 00:00:00+00,,2\n8001,2029-01-01 00:00:00+00,0.75,5\n"
	tag, err := conn.PgConn().CopyFrom(ctx, strings.NewReader(good), copySQL)
	if err != nil || tag.String() != "COPY 3" {
		t.Fatalf("good copy: %v %q", err, tag)
	}
	if got := read(8001); got != "[0.25 1]" {
		t.Errorf("8001 = %s, want [0.25 1] (the older row ignored)", got)
	}
	if got := read(8002); got != "[<nil> 2]" {
		t.Errorf("8002 = %s, want [<nil> 2]", got)
	}
	_, err = conn.PgConn().CopyFrom(ctx, strings.NewReader(""), "COPY orders FROM STDIN")
	if !errors.As(err, &pe) || pe.Code != "0A000" {
		t.Errorf("COPY into a warehouse table: %v", err)
	}
}

const copyOutSQL = "COPY (SELECT driver_id, event_timestamp, conv_rate FROM driver_hourly_stats ORDER BY driver_id, event_timestamp LIMIT 50) TO STDOUT WITH (FORMAT csv, HEADER)"

func TestCopyOutSimpleAndExtended(t *testing.T) {
	e := startOnline(t, false)
	conn, _ := e.connect(t, pgx.QueryExecModeSimpleProtocol)
	var simple bytes.Buffer
	tag, err := conn.PgConn().CopyTo(context.Background(), &simple, copyOutSQL)
	if err != nil || tag.String() != "COPY 50" {
		t.Fatalf("CopyTo: %v %q", err, tag)
	}
	if lines := strings.Count(simple.String(), "\n"); lines != 51 {
		t.Fatalf("CopyTo wrote %d lines, want a header and 50 rows:\n%s", lines, simple.String())
	}
	got, msgs := extendedCopy(t, e.addr, copyOutSQL)
	if got != simple.String() {
		t.Errorf("extended protocol copied\n%s\nsimple\n%s", got, simple.String())
	}
	want := "ParseComplete BindComplete NoData CopyOutResponse CopyData×51 CopyDone CommandComplete(COPY 50) ReadyForQuery"
	if msgs != want {
		t.Errorf("extended protocol messages:\n %s\nwant %s", msgs, want)
	}
}

// extendedCopy runs sql with Parse, Bind, Describe, Execute and Sync and
// returns the copied bytes and the message sequence.
func extendedCopy(t *testing.T, addr, sql string) (string, string) {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(30 * time.Second))
	fe := pgproto3.NewFrontend(nc, nc)
	fe.Send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersionNumber, Parameters: map[string]string{"user": "pitgate", "database": "pitgate"}})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	for {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := msg.(*pgproto3.ReadyForQuery); ok {
			break
		}
	}
	fe.Send(&pgproto3.Parse{Query: sql})
	fe.Send(&pgproto3.Bind{})
	fe.Send(&pgproto3.Describe{ObjectType: 'P'})
	fe.Send(&pgproto3.Execute{MaxRows: 5}) // COPY ignores the row limit, as in PostgreSQL
	fe.Send(&pgproto3.Sync{})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	var data bytes.Buffer
	var names []string
	copies := 0
	for {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(fmt.Sprintf("%T", msg), "*pgproto3.")
		switch m := msg.(type) {
		case *pgproto3.CopyData:
			data.Write(m.Data)
			copies++
			continue
		case *pgproto3.CommandComplete:
			name = fmt.Sprintf("CommandComplete(%s)", m.CommandTag)
		case *pgproto3.ErrorResponse:
			t.Fatalf("error: %s %s", m.Code, m.Message)
		}
		if copies > 0 {
			names = append(names, fmt.Sprintf("CopyData×%d", copies))
			copies = 0
		}
		names = append(names, name)
		if name == "ReadyForQuery" {
			return data.String(), strings.Join(names, " ")
		}
	}
}

// TestCopyPushBinary: a binary COPY (the bytes wire's encoder makes, which
// are PostgreSQL's) pushes typed values.
func TestCopyPushBinary(t *testing.T) {
	e := startOnline(t, true)
	conn, _ := e.connect(t, pgx.QueryExecModeSimpleProtocol)
	cols := []wire.Column{{Name: "driver_id", TypeOID: pgtype.Int8OID}, {Name: "event_timestamp", TypeOID: pgtype.TimestamptzOID},
		{Name: "conv_rate", TypeOID: pgtype.Float8OID}, {Name: "avg_daily_trips", TypeOID: pgtype.Int8OID}}
	enc := wire.NewCopyEncoder(cols, wire.CopyFormat{Kind: wire.CopyBinary}, nil)
	data := enc.Header(nil)
	var err error
	at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, row := range [][]any{{int64(8101), at, 0.375, int64(11)}, {int64(8102), at, nil, int64(12)}} {
		if data, err = enc.Row(data, row); err != nil {
			t.Fatal(err)
		}
	}
	data = enc.Trailer(data)
	tag, err := conn.PgConn().CopyFrom(context.Background(), bytes.NewReader(data),
		"COPY online.driver_hourly_stats (driver_id, event_timestamp, conv_rate, avg_daily_trips) FROM STDIN (FORMAT binary)")
	if err != nil || tag.String() != "COPY 2" {
		t.Fatalf("binary copy: %v %q", err, tag)
	}
	_, rows := queryRows(t, conn, "SELECT driver_id, conv_rate, avg_daily_trips FROM online.driver_hourly_stats WHERE driver_id IN (8101, 8102)")
	if got := fmt.Sprint(rows); got != "[[8101 0.375 11] [8102 <nil> 12]]" {
		t.Errorf("after the binary copy: %s", got)
	}
}
