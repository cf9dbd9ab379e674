package gateway_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
)

// TestCancelRequestStopsPostgresQuery: a CancelRequest on a new connection
// cancels a statement running on a PostgreSQL warehouse (pg_sleep) with
// 57014, at once, and the warehouse's own query ends too: PostgreSQL's
// pg_stat_activity no longer shows it running.
func TestCancelRequestStopsPostgresQuery(t *testing.T) {
	dsn := testenv.Postgres(t)
	cfg := testenv.SmallDemo()
	cfg.Orders = 10
	_, addr := serveGateway(t, gateway.Config{Repo: testenv.Repo(t), Warehouse: testenv.PostgresWarehouse(t, dsn, cfg),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	gw := connectPG(t, "postgres://pitgate@"+addr+"/pitgate?sslmode=disable")
	pg := connectPG(t, dsn)
	const marker = "SELECT pg_sleep(60) AS cancel_me_57014"
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := gw.Exec(context.Background(), marker).ReadAll()
		done <- err
	}()
	running := func() int {
		res, err := pg.Exec(context.Background(),
			"SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%cancel\\_me\\_57014%' AND pid <> pg_backend_pid()").ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return int(res[0].Rows[0][0][0] - '0')
	}
	deadline := time.Now().Add(20 * time.Second)
	for running() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the warehouse never ran the query")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := gw.CancelRequest(context.Background()); err != nil {
		t.Fatal(err)
	}
	var err error
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the statement still runs 20 s after the CancelRequest")
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "57014" || pe.Message != "canceling statement due to user request" {
		t.Fatalf("after the cancel: %v", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("the cancel took %v", d)
	}
	for running() != 0 {
		if time.Now().After(deadline.Add(10 * time.Second)) {
			t.Fatal("PostgreSQL still runs the warehouse query after the cancel")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got := runStep(gw, "simple", "SELECT 41 + 1"); got != "[42] SELECT 1 I" {
		t.Errorf("after the cancel: %s", got)
	}
}
