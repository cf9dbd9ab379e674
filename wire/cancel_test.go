package wire

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// startSleep runs "SELECT sleep" (or another blocking query) on conn and
// returns once the handler is waiting in it, with the channel its outcome
// arrives on.
func startSleep(t *testing.T, ts *testServer, conn *pgconn.PgConn, sql string) <-chan error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := conn.Exec(context.Background(), sql).ReadAll()
		done <- err
	}()
	select {
	case <-ts.handler.running:
	case <-time.After(testTimeout):
		t.Fatal("the query never started")
	}
	return done
}

func waitErr(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(testTimeout):
		t.Fatal("the query never ended")
		return nil
	}
}

func waitCause(t *testing.T, s *testSession) error {
	t.Helper()
	select {
	case err := <-s.cause:
		return err
	case <-time.After(testTimeout):
		t.Fatal("the query's context never ended")
		return nil
	}
}

func TestCancelRequestCancelsRunningQuery(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect(t, "cancel")
	done := startSleep(t, ts, conn, "SELECT sleep")
	if err := conn.CancelRequest(testCtx(t)); err != nil {
		t.Fatalf("CancelRequest: %v", err)
	}
	if cause := waitCause(t, ts.handler.session("cancel")); cause != ErrQueryCanceled {
		t.Errorf("query context cause = %v, want ErrQueryCanceled", cause)
	}
	if pgErr, ok := asPgError(waitErr(t, done)); !ok || pgErr.Code != "57014" {
		t.Errorf("query error = %v, want 57014", pgErr)
	}
	if got := execSQL(t, conn, "SELECT 1"); string(got[0].Rows[0][0]) != "1" {
		t.Errorf("after the cancel SELECT 1 = %q", got[0].Rows)
	}
}

func TestBareContextErrorOfCanceledQueryIs57014(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect(t, "bare")
	done := startSleep(t, ts, conn, "SELECT bare cancel")
	if err := conn.CancelRequest(testCtx(t)); err != nil {
		t.Fatalf("CancelRequest: %v", err)
	}
	pgErr, ok := asPgError(waitErr(t, done))
	if !ok || pgErr.Code != "57014" || pgErr.Message != "canceling statement due to user request" {
		t.Errorf("query error = %v, want 57014", pgErr)
	}
}

func TestCancelRequestWithWrongKeyCancelsNothing(t *testing.T) {
	ts := startServer(t)
	victim := ts.connect(t, "victim")
	done := startSleep(t, ts, victim, "SELECT sleep")

	nc := dialRaw(t, ts.addr)
	secret := victim.SecretKey()
	wrong := []byte{secret[0] ^ 0xff, secret[1], secret[2], secret[3]}
	req := startupPacket(cancelRequestCode)
	req = append(req, byte(victim.PID()>>24), byte(victim.PID()>>16), byte(victim.PID()>>8), byte(victim.PID()))
	req = append(req, wrong...)
	req[3] = byte(len(req))
	nc.Write(req)
	if names, closed := readMessages(t, nc); len(names) != 0 || !closed {
		t.Fatalf("cancel request answered %q, want a silent close", names)
	}
	// The wrong key changed nothing: the right one still finds the query.
	select {
	case err := <-done:
		t.Fatalf("query ended after a cancel with the wrong key: %v", err)
	default:
	}
	if err := victim.CancelRequest(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	if pgErr, ok := asPgError(waitErr(t, done)); !ok || pgErr.Code != "57014" {
		t.Errorf("query error = %v, want 57014", pgErr)
	}
}

func TestTerminateClosesSession(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect(t, "terminate")
	execSQL(t, conn, "SELECT 1")
	if err := conn.Close(testCtx(t)); err != nil { // sends Terminate
		t.Fatal(err)
	}
	ts.waitClosed(t, "terminate")
}

func TestConnectionDropCancelsQueryAndClosesSession(t *testing.T) {
	ts := startServer(t)
	// A raw client: pgconn would follow a broken connection with a
	// CancelRequest of its own.
	nc := dialRaw(t, ts.addr)
	nc.Write(startupMessage(protocol30, "user", "tester", "application_name", "drop"))
	readMessages(t, nc)
	fe := pgproto3.NewFrontend(nc, nc)
	fe.Send(&pgproto3.Query{String: "SELECT sleep"})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	<-ts.handler.running
	nc.Close() // no Terminate: the client just goes away
	if cause := waitCause(t, ts.handler.session("drop")); cause != ErrConnectionClosed {
		t.Errorf("query context cause = %v, want ErrConnectionClosed", cause)
	}
	ts.waitClosed(t, "drop")
}

func TestPanicEndsOnlyThatConnection(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect(t, "panic")
	pgErr := pgError(t, conn, "SELECT panic")
	if pgErr.Code != "XX000" || pgErr.Severity != "FATAL" {
		t.Errorf("error = %v, want FATAL XX000", pgErr)
	}
	ts.waitClosed(t, "panic")
	if got := execSQL(t, ts.connect(t, "after-panic"), "SELECT 1"); string(got[0].Rows[0][0]) != "1" {
		t.Errorf("SELECT 1 = %q", got[0].Rows)
	}
}

func TestShutdownEndsConnections(t *testing.T) {
	ts := startServer(t)
	idle := ts.connect(t, "idle")
	busy := ts.connect(t, "busy")
	done := startSleep(t, ts, busy, "SELECT sleep")

	ts.shutdown(t)

	if cause := waitCause(t, ts.handler.session("busy")); cause != ErrServerShutdown {
		t.Errorf("running query's context cause = %v, want ErrServerShutdown", cause)
	}
	if pgErr, ok := asPgError(waitErr(t, done)); !ok || pgErr.Code != "57P01" || pgErr.Severity != "FATAL" {
		t.Errorf("running query error = %v, want FATAL 57P01", pgErr)
	}
	ts.waitClosed(t, "idle")
	ts.waitClosed(t, "busy")
	if _, err := idle.Exec(testCtx(t), "SELECT 1").ReadAll(); err == nil {
		t.Error("a query on a connection after Shutdown succeeded")
	}
	if _, err := pgconn.Connect(testCtx(t), ts.url("late", "connect_timeout=5")); err == nil {
		t.Error("connecting after Shutdown succeeded")
	}
}

func TestShutdownInterruptsStartup(t *testing.T) {
	ts := startServer(t)
	// A client stuck in the startup phase, which the server reads directly
	// rather than through the context-aware reader.
	nc := dialRaw(t, ts.addr)
	nc.Write([]byte{0, 0, 0, 100})
	for ts.srv.connCount() == 0 { // wait until the server has accepted it
		time.Sleep(time.Millisecond)
	}
	ts.shutdown(t)
	if names, closed := readMessages(t, nc); !slices.Equal(names, []string{"ErrorResponse FATAL 57P01"}) || !closed {
		t.Errorf("server sent %q (closed: %v), want FATAL 57P01 and a close", names, closed)
	}
}
