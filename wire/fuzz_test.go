package wire

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// FuzzStartup feeds arbitrary bytes to a connection as a client's first
// packets (and whatever messages follow), over net.Pipe. The server must
// not panic — a recovered panic is logged, and the log fails the test — and
// the connection goroutine must end once the client has hung up.
func FuzzStartup(f *testing.F) {
	panics := &panicLog{}
	srv, err := NewServer(Config{
		Handler:        fuzzHandler{newTestHandler()},
		Logger:         slog.New(panics),
		MaxMessageSize: 64 << 10, // keep what a fuzzed length can allocate small
		StartupTimeout: 5 * time.Second,
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, input []byte) {
		client, server := net.Pipe()
		c := newConn(srv, server)
		done := make(chan struct{})
		go func() {
			c.serve()
			close(done)
		}()
		go io.Copy(io.Discard, client)
		client.SetDeadline(time.Now().Add(5 * time.Second))
		client.Write(input)
		client.Close()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("connection goroutine still running 10s after the client hung up (input %q)", input)
		}
		if msg := panics.last.Load(); msg != nil {
			t.Fatalf("server panicked on input %q: %s", input, *msg)
		}
	})
}

// fuzzHandler is the test handler without the queries that panic or wait
// on purpose.
type fuzzHandler struct{ *testHandler }

func (h fuzzHandler) Startup(ctx context.Context, params map[string]string) (Session, error) {
	s, err := h.testHandler.Startup(ctx, params)
	if err != nil {
		return nil, err
	}
	return fuzzSession{s.(*testSession)}, nil
}

type fuzzSession struct{ *testSession }

func (s fuzzSession) SimpleQuery(ctx context.Context, sql string, w ResultWriter) error {
	if err := notUnderFuzzing(sql); err != nil {
		return err
	}
	return s.testSession.SimpleQuery(ctx, sql, w)
}

func (s fuzzSession) Prepare(ctx context.Context, sql string, oids []uint32) (Prepared, error) {
	if err := notUnderFuzzing(sql); err != nil {
		return nil, err
	}
	return s.testSession.Prepare(ctx, sql, oids)
}

func notUnderFuzzing(sql string) error {
	switch strings.TrimSpace(sql) {
	case "SELECT panic", "SELECT sleep", "SELECT bare cancel":
		return &testErr{code: "0A000", message: "not under fuzzing"}
	}
	return nil
}

// panicLog is a slog.Handler that remembers the last panic logged.
type panicLog struct{ last atomic.Pointer[string] }

func (p *panicLog) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelError }
func (p *panicLog) WithAttrs([]slog.Attr) slog.Handler           { return p }
func (p *panicLog) WithGroup(string) slog.Handler                { return p }

func (p *panicLog) Handle(_ context.Context, r slog.Record) error {
	if strings.Contains(r.Message, "panicked") {
		text := r.Message
		r.Attrs(func(a slog.Attr) bool {
			text += " " + a.String()
			return true
		})
		p.last.Store(&text)
	}
	return nil
}
