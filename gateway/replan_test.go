package gateway_test

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
)

// Prepared statements over a table whose schema changes between
// executions, side by side with PostgreSQL 15: pitgate over DuckDB and
// PostgreSQL itself get the same ALTER TABLEs, and each execution of each
// statement must answer the same (rows, or 0A000 "cached plan must not
// change result type", or the binding error).
func TestReplanOnSchemaChangeMatchesPostgres(t *testing.T) {
	pgDSN := testenv.Postgres(t)
	pg := connectPG(t, pgDSN)
	cfg := testenv.SmallDemo()
	cfg.Orders = 10
	wh := testenv.Warehouse(t, cfg)
	gw, addr := serveGateway(t, gateway.Config{Repo: testenv.Repo(t), Warehouse: wh,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	pit := connectPG(t, "postgres://pitgate@"+addr+"/pitgate?sslmode=disable")
	ctx := context.Background()
	ddl := func(sql string) {
		t.Helper()
		if err := pg.Exec(ctx, sql).Close(); err != nil {
			t.Fatalf("PostgreSQL %s: %v", sql, err)
		}
		if err := wh.Exec(ctx, sql); err != nil {
			t.Fatalf("DuckDB %s: %v", sql, err)
		}
		gateway.ForgetSchemas(gw) // as if the 5 s schema cache had expired
	}
	ddl("CREATE TABLE replan_t (a int4, b text)")
	ddl("INSERT INTO replan_t VALUES (1, 'x'), (2, 'y')")
	statements := map[string]string{
		"star":    "SELECT * FROM replan_t ORDER BY a",
		"a":       "SELECT a FROM replan_t ORDER BY a",
		"b":       "SELECT b FROM replan_t ORDER BY b",
		"where b": "SELECT a FROM replan_t WHERE b = $1",
	}
	for name, sql := range statements {
		for _, c := range []*pgconn.PgConn{pg, pit} {
			if _, err := c.Prepare(ctx, name, sql, nil); err != nil {
				t.Fatalf("prepare %s: %v", name, err)
			}
		}
	}
	steps := []string{
		"", // as prepared
		"ALTER TABLE replan_t ADD COLUMN c int4",
		"ALTER TABLE replan_t ALTER COLUMN a TYPE int8",
		"ALTER TABLE replan_t ALTER COLUMN a TYPE int4",
		"ALTER TABLE replan_t DROP COLUMN c",
		"ALTER TABLE replan_t DROP COLUMN b",
	}
	for _, step := range steps {
		if step != "" {
			ddl(step)
		}
		for _, name := range []string{"star", "a", "b", "where b"} {
			var params [][]byte
			if name == "where b" {
				params = [][]byte{[]byte("x")}
			}
			want := answer(pg.ExecPrepared(ctx, name, params, nil, nil).Read())
			got := answer(pit.ExecPrepared(ctx, name, params, nil, nil).Read())
			t.Logf("after %q, %s: %s", step, name, want)
			if got != want {
				t.Errorf("after %q, %s:\npitgate:    %s\npostgresql: %s", step, name, got, want)
			}
		}
	}
}

func answer(r *pgconn.Result) string {
	if r.Err != nil {
		return "ERROR " + codeOf(r.Err) + " " + r.Err.(*pgconn.PgError).Message
	}
	out := ""
	for _, f := range r.FieldDescriptions {
		out += f.Name + ":" + strconv.Itoa(int(f.DataTypeOID)) + " "
	}
	for _, row := range r.Rows {
		for _, v := range row {
			out += string(v) + ","
		}
		out += " "
	}
	return out + r.CommandTag.String()
}
