package bqemu

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/warehouse"
	bq "github.com/pitgate/pitgate/warehouse/bigquery"
	"github.com/pitgate/pitgate/wire"
)

// TestDesignQueryThroughGatewayOnBigQuery is DESIGN §1: the demo data
// (the small emulator demo) written with datagen through the connector's
// Load into the default dataset, the demo feature repo, the gateway on
// the connector behind pitgate's wire server, and the training-data query
// sent by pgx (its extended protocol, so Describe runs too): one row per
// order, equal to the brute-force reference. EXPLAIN shows the dry run's
// byte estimate.
func TestDesignQueryThroughGatewayOnBigQuery(t *testing.T) {
	cfg := emulatorDemo()
	db, log := startConnector(t, bq.Config{Labels: map[string]string{"app": "pitgate-test"}})
	ctx := context.Background()
	if _, err := datagen.Write(ctx, db, cfg, nil); err != nil {
		t.Fatal(err)
	}
	conn := serveGateway(t, db)
	rows, err := conn.Query(ctx, testenv.DesignQuery)
	if err != nil {
		t.Fatal(err)
	}
	got := &pitref.Table{}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if x, ok := v.(time.Time); ok {
				vals[i] = x.UTC()
			}
		}
		got.Rows = append(got.Rows, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got.Rows) != cfg.Orders {
		t.Fatalf("%d rows, want one per order (%d)", len(got.Rows), cfg.Orders)
	}
	want := testenv.DesignReference(cfg)
	want.Cols = nil // names differ by design (field_mapping); compare values
	if diff := pitref.Compare(got, want); diff != "" {
		t.Fatalf("pitgate on the BigQuery connector (a) differs from the reference (b):\n%s", diff)
	}
	explained := explainLines(t, conn, "EXPLAIN "+testenv.DesignQuery)
	if !strings.Contains(explained, "SQL (bigquery):") || !strings.Contains(explained, "Bytes processed (estimate): ") {
		t.Errorf("EXPLAIN on BigQuery shows no byte estimate:\n%s", explained)
	}
	if strings.Contains(explainLines(t, conn, "EXPLAIN (DIALECT duckdb) "+testenv.DesignQuery), "Bytes processed") {
		t.Error("EXPLAIN (DIALECT duckdb) asked BigQuery for an estimate of another dialect's SQL")
	}
	t.Logf("%d orders equal the reference; %d jobs inserted", len(got.Rows), len(log.matching("POST", "/jobs")))
}

// serveGateway runs a gateway on wh behind a wire server on a free port and
// connects pgx to it.
func serveGateway(t *testing.T, wh warehouse.Warehouse) *pgx.Conn {
	t.Helper()
	gw, err := gateway.New(gateway.Config{Repo: testenv.Repo(t), Warehouse: wh})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gw.Close() })
	srv, err := wire.NewServer(wire.Config{Handler: gw, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	conn, err := pgx.Connect(context.Background(), "postgres://pitgate@"+ln.Addr().String()+"/pitgate?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func explainLines(t *testing.T, conn *pgx.Conn, sql string) string {
	t.Helper()
	rows, err := conn.Query(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
