package wire

import (
	"io"
	"log/slog"
	"net"
	"testing"
	"time"
)

// FuzzMessages fuzzes the message decoder past the startup: every input is
// sent after a valid StartupMessage, so that the fuzzer spends its inputs
// on the frontend messages of the simple and extended protocols and COPY
// (their type bytes, lengths and bodies) rather than on the startup
// packet, which FuzzStartup covers. The server must not panic and the
// connection must end once the client has hung up. The seed corpus is
// testdata/fuzz/FuzzMessages.
func FuzzMessages(f *testing.F) {
	panics := &panicLog{}
	srv, err := NewServer(Config{
		Handler:        fuzzHandler{newTestHandler()},
		Logger:         slog.New(panics),
		MaxMessageSize: 64 << 10,
		StartupTimeout: 5 * time.Second,
	})
	if err != nil {
		f.Fatal(err)
	}
	startup := startupMessage(3<<16, "user", "fuzz", "database", "fuzz")
	f.Fuzz(func(t *testing.T, messages []byte) {
		client, server := net.Pipe()
		c := newConn(srv, server)
		done := make(chan struct{})
		go func() {
			c.serve()
			close(done)
		}()
		go io.Copy(io.Discard, client)
		client.SetDeadline(time.Now().Add(5 * time.Second))
		client.Write(startup)
		client.Write(messages)
		client.Close()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("connection goroutine still running 10s after the client hung up (messages %q)", messages)
		}
		if msg := panics.last.Load(); msg != nil {
			t.Fatalf("server panicked on messages %q: %s", messages, *msg)
		}
	})
}
