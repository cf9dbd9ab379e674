package wire

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// testTimeout bounds every client operation, so a server that hangs fails
// the test instead of blocking it.
const testTimeout = 20 * time.Second

func nanValue() float64         { return math.NaN() }
func infValue(sign int) float64 { return math.Inf(sign) }
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// testWriter sends server logs to the test's log, shown with -v or on
// failure.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testServer struct {
	srv     *Server
	handler *testHandler
	addr    string
	served  chan error
	stopped sync.Once
}

// startServer serves a testHandler on 127.0.0.1:0 until the test ends.
func startServer(t *testing.T, configure ...func(*Config)) *testServer {
	t.Helper()
	ts := &testServer{handler: newTestHandler(), served: make(chan error, 1)}
	cfg := Config{Handler: ts.handler, Logger: testLogger(t)}
	for _, f := range configure {
		f(&cfg)
	}
	srv, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.srv, ts.addr = srv, ln.Addr().String()
	go func() { ts.served <- srv.Serve(ln) }()
	t.Cleanup(func() { ts.shutdown(t) })
	return ts
}

// shutdown stops the server once, checking that Shutdown and Serve return
// nil; later calls do nothing.
func (ts *testServer) shutdown(t *testing.T) {
	ts.stopped.Do(func() { ts.shutdownNow(t) })
}

func (ts *testServer) shutdownNow(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if err := ts.srv.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := <-ts.served; err != nil {
		t.Errorf("Serve returned %v after Shutdown, want nil", err)
	}
}

func (ts *testServer) url(app string, extra string) string {
	u := fmt.Sprintf("postgres://tester@%s/features?sslmode=disable&application_name=%s", ts.addr, app)
	if extra != "" {
		u += "&" + extra
	}
	return u
}

// connect opens a pgconn client whose application_name names its session
// in the test handler.
func (ts *testServer) connect(t *testing.T, app string) *pgconn.PgConn {
	t.Helper()
	conn, err := pgconn.Connect(testCtx(t), ts.url(app, ""))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// exec runs sql over the simple protocol and returns every result.
func execSQL(t *testing.T, conn *pgconn.PgConn, sql string) []*pgconn.Result {
	t.Helper()
	results, err := conn.Exec(testCtx(t), sql).ReadAll()
	if err != nil {
		t.Fatalf("Exec(%q): %v", sql, err)
	}
	return results
}

// pgError runs sql and returns the server's error.
func pgError(t *testing.T, conn *pgconn.PgConn, sql string) *pgconn.PgError {
	t.Helper()
	_, err := conn.Exec(testCtx(t), sql).ReadAll()
	pgErr, ok := asPgError(err)
	if !ok {
		t.Fatalf("Exec(%q) error = %v (%T), want a *pgconn.PgError", sql, err, err)
	}
	return pgErr
}

// waitClosed waits for the test handler's session of app to be closed and
// checks that it was closed exactly once.
func (ts *testServer) waitClosed(t *testing.T, app string) {
	t.Helper()
	s := ts.handler.session(app)
	if s == nil {
		t.Fatalf("no session for %q", app)
	}
	select {
	case <-s.closed:
	case <-time.After(testTimeout):
		t.Fatalf("session %q was never closed", app)
	}
	if n := s.closes.Load(); n != 1 {
		t.Errorf("session %q closed %d times, want 1", app, n)
	}
}

func asPgError(err error) (*pgconn.PgError, bool) {
	var pgErr *pgconn.PgError
	ok := errors.As(err, &pgErr)
	return pgErr, ok
}
