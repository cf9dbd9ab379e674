package gateway_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/wire"
)

// BenchmarkSelect1 is a SELECT 1 round trip through wire, the gateway and
// the embedded DuckDB, in-process (so that a CPU profile sees all of it), in
// pgx's default mode (a prepared statement) and the simple protocol.
func BenchmarkSelect1(b *testing.B) {
	gw, err := gateway.New(gateway.Config{Repo: testenv.Repo(b), Warehouse: testenv.Warehouse(b, testenv.SmallDemo())})
	if err != nil {
		b.Fatal(err)
	}
	srv, err := wire.NewServer(wire.Config{Handler: gw, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Shutdown(context.Background()) })
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
		b.Run(mode.String(), func(b *testing.B) {
			cfg, _ := pgx.ParseConfig("postgres://pitgate@" + ln.Addr().String() + "/pitgate?sslmode=disable")
			cfg.DefaultQueryExecMode = mode
			conn, err := pgx.ConnectConfig(b.Context(), cfg)
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close(context.Background())
			var one int
			for b.Loop() {
				if err := conn.QueryRow(b.Context(), "SELECT 1").Scan(&one); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
