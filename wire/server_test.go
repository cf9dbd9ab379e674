package wire

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestNewServerChecksConfig(t *testing.T) {
	tests := []struct {
		name   string
		cfg    Config
		wantOK bool
	}{
		{"handler only", Config{Handler: newTestHandler()}, true},
		{"no handler", Config{}, false},
		{"negative message size", Config{Handler: newTestHandler(), MaxMessageSize: -1}, false},
		{"negative startup timeout", Config{Handler: newTestHandler(), StartupTimeout: -time.Second}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewServer(tc.cfg); (err == nil) != tc.wantOK {
				t.Errorf("NewServer error = %v, want success %v", err, tc.wantOK)
			}
		})
	}
}

func TestListenAndServe(t *testing.T) {
	srv, err := NewServer(Config{Listen: "127.0.0.1:0", Handler: newTestHandler(), Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	if srv.Addr() != nil {
		t.Errorf("Addr before listening = %v, want nil", srv.Addr())
	}
	served := make(chan error, 1)
	go func() { served <- srv.ListenAndServe() }()
	for srv.Addr() == nil {
		time.Sleep(time.Millisecond)
	}
	conn, err := pgconn.Connect(testCtx(t), "postgres://tester@"+srv.Addr().String()+"/features?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	conn.Close(context.Background())
	if err := srv.Shutdown(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	if err := <-served; err != nil {
		t.Errorf("ListenAndServe = %v after Shutdown, want nil", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Serve(ln); err != nil {
		t.Errorf("Serve after Shutdown = %v, want nil", err)
	}
	if _, err := ln.Accept(); err == nil {
		t.Error("Serve after Shutdown left its listener open")
	}
}
