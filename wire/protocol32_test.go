package wire

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestProtocol32 connects with protocol 3.2 (pgconn asking for it, as
// libpq 18 does): the server speaks 3.2 without a NegotiateProtocolVersion,
// its BackendKeyData carries a 32-byte secret, and a CancelRequest
// repeating that longer key cancels the running query with 57014; a 3.0
// connection keeps the 4-byte secret.
func TestProtocol32(t *testing.T) {
	ts := startServer(t)
	conn, err := pgconn.Connect(testCtx(t), ts.url("proto32", "max_protocol_version=3.2&min_protocol_version=3.2"))
	if err != nil {
		t.Fatalf("connect with protocol 3.2 only: %v", err)
	}
	defer conn.Close(context.Background())
	if n := len(conn.SecretKey()); n != 32 {
		t.Fatalf("3.2 secret key is %d bytes, want 32", n)
	}
	done := startSleep(t, ts, conn, "SELECT sleep")
	if err := conn.CancelRequest(testCtx(t)); err != nil {
		t.Fatalf("CancelRequest: %v", err)
	}
	if pgErr, ok := asPgError(waitErr(t, done)); !ok || pgErr.Code != "57014" {
		t.Errorf("query error = %v, want 57014", pgErr)
	}
	if got := execSQL(t, conn, "SELECT 1"); string(got[0].Rows[0][0]) != "1" {
		t.Errorf("after the cancel SELECT 1 = %q", got[0].Rows)
	}
	old := ts.connect(t, "proto30")
	if n := len(old.SecretKey()); n != 4 {
		t.Errorf("3.0 secret key is %d bytes, want 4", n)
	}
}
