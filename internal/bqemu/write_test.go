package bqemu

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"

	"github.com/goccy/bigquery-emulator/types"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/testenv"
	bq "github.com/pitgate/pitgate/warehouse/bigquery"
	"github.com/pitgate/pitgate/wire"
)

// TestWarehouseWritesOnBigQuery: with dataset wtest writable, the
// bigquery dialect's CREATE TABLE, INSERT, UPDATE, DELETE (WHERE TRUE
// where none is written), CREATE TABLE AS of an ASOF query, TRUNCATE and
// DROP run on the emulator with PostgreSQL's tags and the job's own row
// counts (warehouse.Counter); a write to another dataset is 42501.
func TestWarehouseWritesOnBigQuery(t *testing.T) {
	db, _ := startConnector(t, bq.Config{}, types.NewDataset("wtest"))
	ctx := context.Background()
	if _, err := datagen.Write(ctx, db, emulatorDemo(), nil); err != nil {
		t.Fatal(err)
	}
	c := writeGatewayOn(t, db, "wtest")
	steps := []struct{ sql, want string }{
		{"CREATE TABLE wtest.scores (driver_id int8, ts timestamptz, score float8, label text)", "CREATE TABLE"},
		{"INSERT INTO wtest.scores VALUES (1001, '2030-01-01 00:00:00+00', 0.5, 'a'), (1002, '2030-01-02 00:00:00+00', 1.5, 'b'), (99, '2030-01-01 00:00:00+00', NULL, 'c')", "INSERT 0 3"},
		{"UPDATE wtest.scores SET score = coalesce(score, 0) * 2, label = upper(label) WHERE driver_id IN (1001, 99)", "UPDATE 2"},
		{"DELETE FROM wtest.scores WHERE label = 'b'", "DELETE 1"},
		{"CREATE TABLE wtest.training AS SELECT s.driver_id, s.ts, d.conv_rate FROM wtest.scores s ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = s.driver_id AND d.event_timestamp <= s.ts", "SELECT 2"},
		{"SELECT * FROM wtest.training", "SELECT 2"},
		{"DELETE FROM wtest.training", "DELETE 2"},
		{"TRUNCATE wtest.scores", "TRUNCATE TABLE"},
		{"SELECT * FROM wtest.scores", "SELECT 0"},
		{"DROP TABLE wtest.training", "DROP TABLE"},
		{"DROP TABLE IF EXISTS wtest.training", "DROP TABLE"},
		{"CREATE TABLE conn.x (a int8)", "42501"},
	}
	for _, s := range steps {
		tag, err := c.Exec(ctx, s.sql)
		got := tag.String()
		if err != nil {
			got = err.Error()
			if pe, ok := err.(*pgconn.PgError); ok {
				got = pe.Code
			}
		}
		if got != s.want {
			t.Errorf("%s: %s (%v), want %s", s.sql, got, err, s.want)
		}
	}
}

// writeGatewayOn serves a gateway on db whose schemas writable may be
// written, and connects to it.
func writeGatewayOn(t *testing.T, db *bq.DB, writable ...string) *pgx.Conn {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	gw, err := gateway.New(gateway.Config{Repo: testenv.Repo(t), Warehouse: db, WritableSchemas: writable, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gw.Close() })
	srv, err := wire.NewServer(wire.Config{Handler: gw, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	c, err := pgx.Connect(context.Background(), "postgres://pitgate@"+ln.Addr().String()+"/pitgate?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}
