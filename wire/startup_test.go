package wire

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// startupPacket encodes a startup-phase packet: its length, code, and the
// NUL-terminated strings given, as they are (no list terminator added).
func startupPacket(code uint32, strs ...string) []byte {
	b := binary.BigEndian.AppendUint32(make([]byte, 4), code)
	for _, s := range strs {
		b = append(append(b, s...), 0)
	}
	binary.BigEndian.PutUint32(b, uint32(len(b)))
	return b
}

// startupMessage is a well-formed StartupMessage of version with params
// given as name, value, name, value...
func startupMessage(version uint32, params ...string) []byte {
	return startupPacket(version, append(params, "")...)
}

func dialRaw(t *testing.T, addr string) net.Conn {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	nc.SetDeadline(time.Now().Add(testTimeout))
	t.Cleanup(func() { nc.Close() })
	return nc
}

// readMessages reads backend messages until the server closes the
// connection or sends ReadyForQuery, and names each: its type, and for an
// ErrorResponse its severity and code.
func readMessages(t *testing.T, nc net.Conn) (names []string, closed bool) {
	t.Helper()
	fe := pgproto3.NewFrontend(nc, nc)
	for {
		msg, err := fe.Receive()
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("no answer and no close from the server; got %v", names)
			}
			return names, true
		}
		switch m := msg.(type) {
		case *pgproto3.ErrorResponse:
			names = append(names, fmt.Sprintf("ErrorResponse %s %s", m.Severity, m.Code))
		case *pgproto3.NegotiateProtocolVersion:
			names = append(names, fmt.Sprintf("NegotiateProtocolVersion %d %v", m.NewestMinorProtocol, m.UnrecognizedOptions))
		case *pgproto3.ReadyForQuery:
			return append(names, "ReadyForQuery"), false
		default:
			names = append(names, fmt.Sprintf("%T", msg)[len("*pgproto3."):])
		}
	}
}

func readN(t *testing.T, nc net.Conn) {
	t.Helper()
	b := make([]byte, 1)
	if _, err := io.ReadFull(nc, b); err != nil || b[0] != 'N' {
		t.Fatalf("encryption request answered %q, %v; want N", b, err)
	}
}

var (
	sslRequest = startupPacket(sslRequestCode)
	gssRequest = startupPacket(gssEncRequestCode)
)

func TestEncryptionRequestsAnsweredN(t *testing.T) {
	ts := startServer(t)
	tests := []struct {
		name     string
		requests [][]byte
	}{
		{"ssl", [][]byte{sslRequest}},
		{"gssenc", [][]byte{gssRequest}},
		{"gssenc then ssl, as libpq prefers", [][]byte{gssRequest, sslRequest}},
		{"ssl then gssenc", [][]byte{sslRequest, gssRequest}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := pgconn.ParseConfig(ts.url("enc", ""))
			if err != nil {
				t.Fatal(err)
			}
			dial := cfg.DialFunc
			// The requests go first on the very connection pgconn then
			// starts up on, as libpq does with sslmode/gssencmode=prefer.
			cfg.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
				nc, err := dial(ctx, network, addr)
				if err != nil {
					return nil, err
				}
				for _, req := range tc.requests {
					if _, err := nc.Write(req); err != nil {
						return nil, err
					}
					readN(t, nc)
				}
				return nc, nil
			}
			conn, err := pgconn.ConnectConfig(testCtx(t), cfg)
			if err != nil {
				t.Fatalf("connect: %v", err)
			}
			defer conn.Close(context.Background())
			if got := execSQL(t, conn, "SELECT 1"); string(got[0].Rows[0][0]) != "1" {
				t.Errorf("SELECT 1 = %q", got[0].Rows)
			}
		})
	}
}

func TestSSLModes(t *testing.T) {
	ts := startServer(t)
	for _, tc := range []struct {
		mode   string
		wantOK bool
	}{{"prefer", true}, {"allow", true}, {"require", false}} {
		t.Run(tc.mode, func(t *testing.T) {
			url := fmt.Sprintf("postgres://tester@%s/features?sslmode=%s", ts.addr, tc.mode)
			conn, err := pgconn.Connect(testCtx(t), url)
			if (err == nil) != tc.wantOK {
				t.Fatalf("connect with sslmode=%s: error %v, want success %v", tc.mode, err, tc.wantOK)
			}
			if err == nil {
				conn.Close(context.Background())
			}
		})
	}
}

func TestMalformedStartupClosesOnlyThatConnection(t *testing.T) {
	ts := startServer(t)
	tests := []struct {
		name      string
		send      []byte
		answeredN int    // 'N' bytes expected before the messages
		want      string // the ErrorResponse; "" for none
	}{
		{"length too short", []byte{0, 0, 0, 2}, 0, "ErrorResponse FATAL 08P01"},
		{"body shorter than a code", []byte{0, 0, 0, 7, 0, 3, 0}, 0, "ErrorResponse FATAL 08P01"},
		{"length too long", []byte{0, 1, 0, 0}, 0, "ErrorResponse FATAL 08P01"},
		{"negative length", []byte{0xff, 0xff, 0xff, 0xf0}, 0, "ErrorResponse FATAL 08P01"},
		{"http request", []byte("GET / HTTP/1.1\r\nHost: pitgate\r\n\r\n"), 0, "ErrorResponse FATAL 08P01"},
		{"tls client hello", []byte{0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03}, 0, "ErrorResponse FATAL 08P01"},
		{"protocol 2.0", startupMessage(2<<16, "user", "tester"), 0, "ErrorResponse FATAL 0A000"},
		{"unknown request code", startupPacket(1234<<16 | 9999), 0, "ErrorResponse FATAL 0A000"},
		{"second SSLRequest", append(slices.Clone(sslRequest), sslRequest...), 1, "ErrorResponse FATAL 0A000"},
		{"no list terminator", startupPacket(protocol30, "user", "tester"), 0, "ErrorResponse FATAL 08P01"},
		{"name without value", startupPacket(protocol30, "user"), 0, "ErrorResponse FATAL 08P01"},
		{"bytes after terminator", startupPacket(protocol30, "user", "tester", "", "x"), 0, "ErrorResponse FATAL 08P01"},
		{"no user", startupMessage(protocol30, "database", "features"), 0, "ErrorResponse FATAL 28000"},
		{"malformed cancel request", startupPacket(cancelRequestCode, "ab"), 0, ""},
		{"truncated packet", []byte{0, 0, 0, 100, 0, 3, 0, 0, 'u'}, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nc := dialRaw(t, ts.addr)
			nc.Write(tc.send)
			nc.(*net.TCPConn).CloseWrite() // nothing more is coming
			for range tc.answeredN {
				readN(t, nc)
			}
			names, closed := readMessages(t, nc)
			var want []string
			if tc.want != "" {
				want = []string{tc.want}
			}
			if !slices.Equal(names, want) || !closed {
				t.Errorf("server sent %q (closed: %v), want %q and a close", names, closed, want)
			}
		})
	}
	if got := execSQL(t, ts.connect(t, "after-garbage"), "SELECT 1"); string(got[0].Rows[0][0]) != "1" {
		t.Errorf("a normal connection after the bad ones: SELECT 1 = %q", got[0].Rows)
	}
}

func TestProtocolVersionNegotiation(t *testing.T) {
	ts := startServer(t)
	tests := []struct {
		name    string
		version uint32
		options []string
		want    []string
	}{
		{"3.0", protocol30, nil,
			[]string{"AuthenticationOk"}},
		{"3.0 with options", protocol30, []string{"_pq_.b", "1", "_pq_.a", "1"},
			[]string{"NegotiateProtocolVersion 196608 [_pq_.a _pq_.b]", "AuthenticationOk"}},
		{"3.1", protocol30 | 1, nil,
			[]string{"AuthenticationOk"}},
		{"3.2", protocol30 | 2, nil,
			[]string{"AuthenticationOk"}},
		{"3.2 with an option", protocol30 | 2, []string{"_pq_.compression", "on"},
			[]string{"NegotiateProtocolVersion 196610 [_pq_.compression]", "AuthenticationOk"}},
		{"3.3", protocol30 | 3, nil,
			[]string{"NegotiateProtocolVersion 196610 []", "AuthenticationOk"}},
		{"3.9999 with libpq 18's test option", protocol30 | 9999, []string{"_pq_.test_protocol_negotiation", ""},
			[]string{"NegotiateProtocolVersion 196610 [_pq_.test_protocol_negotiation]", "AuthenticationOk"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			app := "negotiate " + tc.name
			nc := dialRaw(t, ts.addr)
			nc.Write(startupMessage(tc.version, append([]string{"user", "tester", "application_name", app}, tc.options...)...))
			names, _ := readMessages(t, nc)
			if !slices.Equal(names[:len(tc.want)], tc.want) || names[len(names)-1] != "ReadyForQuery" {
				t.Errorf("server sent %q, want it to begin %q and end ReadyForQuery", names, tc.want)
			}
			s := ts.handler.session(app)
			if _, ok := s.params["_pq_.compression"]; ok || s.params["database"] != "tester" {
				t.Errorf("Handler got params %v, want no _pq_ options and database defaulted to user", s.params)
			}
		})
	}
	// pgconn asking for 3.2 accepts our 3.0 and works.
	conn, err := pgconn.Connect(testCtx(t), ts.url("pgconn-3.2", "max_protocol_version=3.2"))
	if err != nil {
		t.Fatalf("connect asking for 3.2: %v", err)
	}
	defer conn.Close(context.Background())
	if got := execSQL(t, conn, "SELECT 1"); string(got[0].Rows[0][0]) != "1" {
		t.Errorf("SELECT 1 = %q", got[0].Rows)
	}
}

func TestHandlerStartupErrorIsFatal(t *testing.T) {
	ts := startServer(t)
	_, err := pgconn.Connect(testCtx(t), fmt.Sprintf("postgres://tester@%s/nodb?sslmode=disable", ts.addr))
	pgErr, ok := asPgError(err)
	if !ok || pgErr.Severity != "FATAL" || pgErr.Code != "3D000" || pgErr.Message != `database "nodb" does not exist` {
		t.Fatalf("connect error = %v, want FATAL 3D000", err)
	}
}

func TestFunctionCallAndStrayMessages(t *testing.T) {
	ts := startServer(t)
	nc := dialRaw(t, ts.addr)
	nc.Write(startupMessage(protocol30, "user", "tester"))
	readMessages(t, nc)
	fe := pgproto3.NewFrontend(nc, nc)
	steps := []struct {
		send []pgproto3.FrontendMessage
		want []string
	}{
		{[]pgproto3.FrontendMessage{&pgproto3.FunctionCall{Function: 1598}},
			[]string{"ErrorResponse ERROR 0A000", "ReadyForQuery"}},
		// Ignored outside COPY, as in PostgreSQL; then a query still works.
		{[]pgproto3.FrontendMessage{&pgproto3.CopyData{Data: []byte("x")}, &pgproto3.CopyDone{}, &pgproto3.Query{String: "SELECT 1"}},
			[]string{"RowDescription", "DataRow", "CommandComplete", "ReadyForQuery"}},
		// After an extended-protocol error everything up to Sync is skipped,
		// the Query included.
		{[]pgproto3.FrontendMessage{&pgproto3.Parse{Query: "SELECT typo"}, &pgproto3.Query{String: "SELECT 1"}, &pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Sync{}},
			[]string{"ErrorResponse ERROR 42601", "ReadyForQuery"}},
		{[]pgproto3.FrontendMessage{&pgproto3.Sync{}},
			[]string{"ReadyForQuery"}},
		{[]pgproto3.FrontendMessage{&pgproto3.PasswordMessage{Password: "x"}},
			[]string{"ErrorResponse FATAL 08P01"}},
	}
	for i, step := range steps {
		for _, m := range step.send {
			fe.Send(m)
		}
		if err := fe.Flush(); err != nil {
			t.Fatal(err)
		}
		if names, _ := readMessages(t, nc); !slices.Equal(names, step.want) {
			t.Errorf("step %d: server sent %q, want %q", i, names, step.want)
		}
	}
}

func TestMessageSizeLimit(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxMessageSize = 1024 })
	conn := ts.connect(t, "limit")
	_, err := conn.Exec(testCtx(t), "SELECT '"+strings.Repeat("x", 2000)+"'").ReadAll()
	pgErr, ok := asPgError(err)
	if !ok || pgErr.Severity != "FATAL" || pgErr.Code != "54000" {
		t.Fatalf("oversized query error = %v, want FATAL 54000", err)
	}
	ts.waitClosed(t, "limit")
	if got := execSQL(t, ts.connect(t, "under-limit"), "SELECT 1"); string(got[0].Rows[0][0]) != "1" {
		t.Errorf("SELECT 1 = %q", got[0].Rows)
	}
}
