package wire

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// TestMaxConnections: with room for 3, of 10 clients connecting at once
// exactly 3 get in and 7 get PostgreSQL's 53300; a client that leaves
// frees its slot.
func TestMaxConnections(t *testing.T) {
	const max, clients = 3, 10
	ts := startServer(t, func(c *Config) { c.MaxConnections = max })
	var (
		mu       sync.Mutex
		conns    []*pgconn.PgConn
		refusals int
		wg       sync.WaitGroup
	)
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := pgconn.Connect(testCtx(t), ts.url("racer", ""))
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				conns = append(conns, conn)
				return
			}
			if pgErr, ok := asPgError(err); ok && pgErr.Code == "53300" && pgErr.Severity == "FATAL" &&
				pgErr.Message == "sorry, too many clients already" {
				refusals++
				return
			}
			t.Errorf("connect: %v, want success or FATAL 53300", err)
		}()
	}
	wg.Wait()
	if len(conns) != max || refusals != clients-max {
		t.Fatalf("%d connected, %d refused; want %d and %d", len(conns), refusals, max, clients-max)
	}
	for _, c := range conns[1:] {
		defer c.Close(context.Background())
	}
	wantFatal(t, connectErr(t, ts.url("full", "")), "53300", "sorry, too many clients already")

	conns[0].Close(context.Background())
	waitSlots(t, ts, max-1)
	if err := connectErr(t, ts.url("after", "")); err != nil {
		t.Errorf("after a client left: %v", err)
	}
}

// waitSlots waits until n connection slots are taken.
func waitSlots(t *testing.T, ts *testServer, n int) {
	t.Helper()
	deadline := time.Now().Add(testTimeout)
	for len(ts.srv.sec.slots) != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d slots taken, want %d", len(ts.srv.sec.slots), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestCancelRequestNeedsNoSlot: with every slot taken, a CancelRequest
// still reaches the running query.
func TestCancelRequestNeedsNoSlot(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxConnections = 1 })
	conn := ts.connect(t, "only")
	done := startSleep(t, ts, conn, "SELECT sleep")
	if err := conn.CancelRequest(testCtx(t)); err != nil {
		t.Fatalf("CancelRequest: %v", err)
	}
	if pgErr, ok := asPgError(waitErr(t, done)); !ok || pgErr.Code != "57014" {
		t.Errorf("query error = %v, want 57014", pgErr)
	}
	if n := len(ts.srv.sec.slots); n != 1 {
		t.Errorf("%d slots taken after the cancel request, want 1", n)
	}
}

// idleHandler gives every session the idle timeouts its fields hold, the
// way the gateway's sessions give their SET values.
type idleHandler struct {
	*testHandler
	idle, inTx time.Duration
}

type idleSession struct {
	*testSession
	idle, inTx time.Duration
}

func (s *idleSession) IdleTimeouts() (time.Duration, time.Duration) { return s.idle, s.inTx }

func (h *idleHandler) Startup(ctx context.Context, params map[string]string) (Session, error) {
	s, err := h.testHandler.Startup(ctx, params)
	if err != nil {
		return nil, err
	}
	return &idleSession{testSession: s.(*testSession), idle: h.idle, inTx: h.inTx}, nil
}

func startIdleServer(t *testing.T, idle, inTx time.Duration) *testServer {
	return startServer(t, func(c *Config) {
		c.Handler = &idleHandler{testHandler: c.Handler.(*testHandler), idle: idle, inTx: inTx}
	})
}

// rawSession starts up on a raw connection and reads to the first
// ReadyForQuery.
func rawSession(t *testing.T, ts *testServer) *pgproto3.Frontend {
	t.Helper()
	nc := dialRaw(t, ts.addr)
	fe := pgproto3.NewFrontend(nc, nc)
	fe.Send(&pgproto3.StartupMessage{ProtocolVersion: protocol30,
		Parameters: map[string]string{"user": "tester", "database": "features", "application_name": "idle"}})
	readUntilReady(t, fe)
	return fe
}

func readUntilReady(t *testing.T, fe *pgproto3.Frontend) byte {
	t.Helper()
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	for {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatalf("before ReadyForQuery: %v", err)
		}
		switch m := msg.(type) {
		case *pgproto3.ReadyForQuery:
			return m.TxStatus
		case *pgproto3.ErrorResponse:
			t.Fatalf("error: %s %s", m.Code, m.Message)
		}
	}
}

// waitFatal reads until the server's ErrorResponse and then its close.
func waitFatal(t *testing.T, fe *pgproto3.Frontend) *pgproto3.ErrorResponse {
	t.Helper()
	msg, err := fe.Receive()
	if err != nil {
		t.Fatalf("no ErrorResponse: %v", err)
	}
	e, ok := msg.(*pgproto3.ErrorResponse)
	if !ok {
		t.Fatalf("got %T, want an ErrorResponse", msg)
	}
	if _, err := fe.Receive(); err == nil {
		t.Error("the connection stayed open after the FATAL")
	}
	return e
}

func TestIdleSessionTimeout(t *testing.T) {
	ts := startIdleServer(t, 20*time.Millisecond, 0)
	fe := rawSession(t, ts)
	e := waitFatal(t, fe)
	if e.Severity != "FATAL" || e.Code != "57P05" || e.Message != "terminating connection due to idle-session timeout" {
		t.Errorf("got %s %s %q", e.Severity, e.Code, e.Message)
	}
	ts.waitClosed(t, "idle")
}

func TestIdleInTransactionSessionTimeout(t *testing.T) {
	ts := startIdleServer(t, 0, 20*time.Millisecond)
	fe := rawSession(t, ts)
	fe.Send(&pgproto3.Query{String: "BEGIN"})
	if tx := readUntilReady(t, fe); tx != 'T' {
		t.Fatalf("after BEGIN TxStatus %c", tx)
	}
	e := waitFatal(t, fe)
	if e.Severity != "FATAL" || e.Code != "25P03" || e.Message != "terminating connection due to idle-in-transaction timeout" {
		t.Errorf("got %s %s %q", e.Severity, e.Code, e.Message)
	}
}

// TestIdleTimeoutCountsOnlyIdleTime: a query running longer than the idle
// timeout is not idle time, and neither is the time between the messages
// of one extended-protocol batch; the timeout applies to the wait after
// ReadyForQuery only. The other timeout (inside / outside a transaction
// block) does not apply.
func TestIdleTimeoutCountsOnlyIdleTime(t *testing.T) {
	const d = 30 * time.Millisecond
	t.Run("running query", func(t *testing.T) {
		ts := startIdleServer(t, d, 0)
		conn := ts.connect(t, "busy")
		done := startSleep(t, ts, conn, "SELECT sleep")
		time.Sleep(3 * d)
		conn.CancelRequest(testCtx(t))
		if pgErr, ok := asPgError(waitErr(t, done)); !ok || pgErr.Code != "57014" {
			t.Errorf("query error = %v, want 57014 (the cancel, not the idle timeout)", pgErr)
		}
	})
	t.Run("inside a batch", func(t *testing.T) {
		ts := startIdleServer(t, d, 0)
		fe := rawSession(t, ts)
		fe.Send(&pgproto3.Parse{Query: "SELECT 1"})
		fe.Flush()
		time.Sleep(3 * d)
		fe.Send(&pgproto3.Sync{})
		readUntilReady(t, fe)
	})
	t.Run("in a transaction, only the in-transaction timeout", func(t *testing.T) {
		ts := startIdleServer(t, d, 0)
		fe := rawSession(t, ts)
		fe.Send(&pgproto3.Query{String: "BEGIN"})
		readUntilReady(t, fe)
		time.Sleep(3 * d)
		fe.Send(&pgproto3.Query{String: "COMMIT"})
		if tx := readUntilReady(t, fe); tx != 'I' {
			t.Errorf("after COMMIT TxStatus %c", tx)
		}
	})
}
