package gateway_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
)

const writeASOF = `SELECT s.driver_id, s.ts, d.conv_rate FROM %s.scores s
ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = s.driver_id AND d.event_timestamp <= s.ts`

// writeSchema makes a schema of its own in the warehouse, dropped at the end.
func writeSchema(t *testing.T, tw tempWarehouse) string {
	t.Helper()
	schema := "pitgate_wtest_" + randomSuffix(t)
	if err := tw.wh.Exec(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tw.wh.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE") })
	return schema
}

func writeGateway(t *testing.T, tw tempWarehouse, writable ...string) *pgx.Conn {
	t.Helper()
	_, addr := serveGateway(t, gateway.Config{Repo: testenv.Repo(t), Warehouse: tw.wh, WritableSchemas: writable,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return connect(t, ctx, addr)
}

// TestWarehouseWrites: on a writable schema CREATE TABLE, INSERT (VALUES,
// with parameters, SELECT), UPDATE, DELETE, CREATE TABLE AS of an ASOF
// query and of a temporary table, TRUNCATE and DROP reach the warehouse
// with PostgreSQL's command tags, and a new or re-created table is at
// once visible to queries and to the catalog.
func TestWarehouseWrites(t *testing.T) {
	for _, tw := range tempWarehouses(t) {
		t.Run(tw.name, func(t *testing.T) {
			s := writeSchema(t, tw)
			c := writeGateway(t, tw, s)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			runSteps(t, ctx, c, []struct{ sql, want string }{
				{"CREATE TABLE " + s + ".scores (driver_id int8, ts timestamptz)", "CREATE TABLE"},
				{"SELECT count(*) FROM " + s + ".scores", "SELECT 1"},
				{"DROP TABLE " + s + ".scores", "DROP TABLE"},
				// Re-created with another column at once: the cached schema is gone.
				{"CREATE TABLE " + s + ".scores (driver_id int8, ts timestamptz, score float8, label text)", "CREATE TABLE"},
				{"SELECT score FROM " + s + ".scores", "SELECT 0"},
				{"INSERT INTO " + s + ".scores VALUES (1001, '2030-01-01 00:00:00+00', 0.5, 'a'), (1002, '2030-01-02 00:00:00+00', 1.5, 'b'), (99, '2030-01-01 00:00:00+00', NULL, 'c')", "INSERT 0 3"},
				{"INSERT INTO " + s + ".scores (label, driver_id, ts) SELECT 'd', 1003, '2029-12-31 12:00:00+00'", "INSERT 0 1"},
				{"UPDATE " + s + ".scores SET score = coalesce(score, 0) * 2, label = upper(label) WHERE driver_id IN (1001, 99)", "UPDATE 2"},
				{"DELETE FROM " + s + ".scores WHERE label = 'b'", "DELETE 1"},
				{"CREATE TABLE " + s + ".scores (a int4)", "42P07"},
				{"CREATE TABLE IF NOT EXISTS " + s + ".scores (a int4)", "CREATE TABLE"},
				{"CREATE TABLE " + s + ".training AS " + fmt.Sprintf(writeASOF, s), "SELECT 3"},
				{"CREATE TABLE IF NOT EXISTS " + s + ".training AS SELECT 1 AS a", "CREATE TABLE AS"},
				{"UPDATE " + s + ".scores SET score = 1 WHERE driver_id IN (SELECT driver_id FROM " + s + ".training)", "0A000"},
			})
			if tag, err := c.Exec(ctx, "INSERT INTO "+s+".scores (driver_id, score, label) VALUES ($1, $2, $3)", 7, 0.25, "p"); err != nil || tag.String() != "INSERT 0 1" {
				t.Errorf("INSERT with parameters: %v %v", tag, err)
			}
			if tag, err := c.Exec(ctx, "DELETE FROM "+s+".scores WHERE driver_id = $1", 7); err != nil || tag.String() != "DELETE 1" {
				t.Errorf("DELETE with a parameter: %v %v", tag, err)
			}
			if got := rowsText(t, c, "SELECT driver_id, score, label FROM "+s+".scores ORDER BY 1"); strings.Join(got, ";") != "99\t0\tC;1001\t1\tA;1003\tNULL\td" {
				t.Errorf("scores after the writes: %q", got)
			}
			want := rowsText(t, c, fmt.Sprintf(writeASOF, s)+" ORDER BY 1")
			if got := rowsText(t, c, "SELECT * FROM "+s+".training ORDER BY 1"); !slices.Equal(got, want) {
				t.Errorf("training:\n%s\nwant the ASOF query's rows:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			checkListed(t, c, s, "scores:r,training:r")
			const cols = `SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_schema = '%s' AND table_name = 'scores' ORDER BY ordinal_position`
			if got := rowsText(t, c, fmt.Sprintf(cols, s)); strings.Join(got, ",") != "driver_id bigint,ts timestamp with time zone,score double precision,label text" {
				t.Errorf("information_schema.columns of scores: %v", got)
			}
			mustExec(t, c, "CREATE TEMP TABLE o (driver_id int8, ts timestamptz)")
			mustExec(t, c, "INSERT INTO o VALUES (1001, '2030-01-01 00:00:00+00'), (1002, '2030-01-02 00:00:00+00')")
			runSteps(t, ctx, c, []struct{ sql, want string }{
				{"CREATE TABLE " + s + ".from_temp AS SELECT * FROM o", "SELECT 2"},
				{"INSERT INTO " + s + ".scores (driver_id, ts) SELECT * FROM o", "INSERT 0 2"},
				{"TRUNCATE " + s + ".scores", "TRUNCATE TABLE"},
				{"SELECT * FROM " + s + ".scores", "SELECT 0"},
				{"DROP TABLE " + s + ".training", "DROP TABLE"},
				{"SELECT * FROM " + s + ".training", "42P01"},
				{"DROP TABLE " + s + ".training", "42P01"},
				{"DROP TABLE IF EXISTS " + s + ".training", "DROP TABLE"},
			})
			checkListed(t, c, s, "from_temp:r,scores:r")
		})
	}
}

func checkListed(t *testing.T, c *pgx.Conn, schema, want string) {
	t.Helper()
	const listed = `SELECT c.relname || ':' || c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '%s' ORDER BY 1`
	if got := rowsText(t, c, fmt.Sprintf(listed, schema)); strings.Join(got, ",") != want {
		t.Errorf("the catalog lists %v in %s, want %s", got, schema, want)
	}
}

// TestWarehouseWritesRefused: without warehouse.writable_schemas every
// write of a warehouse table is 42501 with a hint naming the key, as is a
// write to a schema not listed; UPDATE of a temporary table is 0A000.
func TestWarehouseWritesRefused(t *testing.T) {
	tw := tempWarehouses(t)[0]
	s := writeSchema(t, tw)
	if err := tw.wh.Exec(context.Background(), "CREATE TABLE "+s+".t (a int4)"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, writable := range [][]string{nil, {"pitgate_wtest_other"}} {
		c := writeGateway(t, tw, writable...)
		for _, sql := range []string{"CREATE TABLE " + s + ".x (a int4)", "CREATE TABLE " + s + ".x AS SELECT 1 AS a",
			"INSERT INTO " + s + ".t VALUES (1)", "UPDATE " + s + ".t SET a = 2", "DELETE FROM " + s + ".t WHERE a = 1",
			"TRUNCATE " + s + ".t", "DROP TABLE " + s + ".t"} {
			_, err := c.Exec(ctx, sql)
			var pe *pgconn.PgError
			if codeOf(err) != "42501" || !asPgError(err, &pe) || !strings.Contains(pe.Hint, "warehouse.writable_schemas") {
				t.Errorf("writable %v: %s: %v (hint %q), want 42501 naming warehouse.writable_schemas", writable, sql, err, hintOf(err))
			}
		}
	}
	c := writeGateway(t, tw, s)
	mustExec(t, c, "CREATE TEMP TABLE tt (a int4)")
	runSteps(t, ctx, c, []struct{ sql, want string }{
		{"UPDATE tt SET a = 1", "0A000"},
		{"DELETE FROM tt", "0A000"},
	})
}

// TestWarehouseWritesReadOnly: BEGIN READ ONLY and
// default_transaction_read_only refuse writes with 25006; BEGIN READ
// WRITE overrides the default, and the block's mode ends with it.
func TestWarehouseWritesReadOnly(t *testing.T) {
	tw := tempWarehouses(t)[0]
	s := writeSchema(t, tw)
	c := writeGateway(t, tw, s)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	runSteps(t, ctx, c, []struct{ sql, want string }{
		{"CREATE TABLE " + s + ".t (a int4)", "CREATE TABLE"},
		{"BEGIN READ ONLY", "BEGIN"},
		{"SELECT * FROM " + s + ".t", "SELECT 0"},
		{"INSERT INTO " + s + ".t VALUES (1)", "25006"},
		{"ROLLBACK", "ROLLBACK"},
		{"INSERT INTO " + s + ".t VALUES (1)", "INSERT 0 1"},
		{"SET default_transaction_read_only = on", "SET"},
		{"DELETE FROM " + s + ".t", "25006"},
		{"CREATE TABLE " + s + ".u AS SELECT 1 AS a", "25006"},
		{"BEGIN", "BEGIN"},
		{"DROP TABLE " + s + ".t", "25006"},
		{"ROLLBACK", "ROLLBACK"},
		{"START TRANSACTION READ WRITE", "START TRANSACTION"},
		{"UPDATE " + s + ".t SET a = 2", "UPDATE 1"},
		{"COMMIT", "COMMIT"},
		{"TRUNCATE " + s + ".t", "25006"},
		{"RESET default_transaction_read_only", "RESET"},
		{"TRUNCATE " + s + ".t", "TRUNCATE TABLE"},
	})
}

func asPgError(err error, pe **pgconn.PgError) bool {
	p, ok := err.(*pgconn.PgError)
	*pe = p
	return ok
}

func hintOf(err error) string {
	if p, ok := err.(*pgconn.PgError); ok {
		return p.Hint
	}
	return ""
}
