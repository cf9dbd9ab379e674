package sqlglotcorpus

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/warehouse/duckdb"
)

// duckFuncQueries use the DuckDB spellings the corpus made necessary
// (dialects/funcs_duckdb.go, the keyword values of dialects/duckdb.go).
var duckFuncQueries = []string{
	"SELECT div(-7, 2), div(7, -2), div(9, 3), div(7.5, 2), 1 / div(4, 2)",
	"SELECT lpad('data', 8), rpad('data', 8) || '|', lpad('data', 2), rpad('data', 2)",
	"SELECT CURRENT_DATE = CAST(now() AS date), LOCALTIMESTAMP <= now()::timestamp + interval '1 minute'",
}

// TestDuckDBFunctionsMatchPostgres: pitgate's DuckDB SQL of each query
// returns PostgreSQL's row for the query as written.
func TestDuckDBFunctionsMatchPostgres(t *testing.T) {
	ctx := context.Background()
	pg, err := pgx.Connect(ctx, testenv.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close(ctx)
	if _, err := pg.Exec(ctx, "SET TimeZone = 'UTC'"); err != nil {
		t.Fatal(err)
	}
	db, err := duckdb.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range duckFuncQueries {
		o := translate(ctx, pair{Postgres: q, Dialect: "duckdb"})
		if o.root == nil {
			t.Fatalf("%s: %s", q, o.got)
		}
		sql, err := dialects.Print(dialects.DuckDB{}, o.root)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		got, err := rowsOf(ctx, db.SQLDB(), sql, "")
		if err != nil {
			t.Errorf("%s\n%s\n%v", q, sql, err)
			continue
		}
		want := pgText(ctx, t, pg, q)
		if len(got) != 1 || got[0] != want {
			t.Errorf("%s\nduckdb SQL: %s\nduckdb:     %v\npostgresql: %s", q, sql, got, want)
		}
	}
}

// pgText is PostgreSQL's one row in text form, cells as cell prints them.
func pgText(ctx context.Context, t *testing.T, pg *pgx.Conn, q string) string {
	rows, err := pg.Query(ctx, q, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("%s: no row (%v)", q, rows.Err())
	}
	var cells []string
	for _, v := range rows.RawValues() {
		switch s := string(v); {
		case v == nil:
			cells = append(cells, "NULL")
		case s == "t" || s == "f":
			cells = append(cells, map[string]string{"t": "true", "f": "false"}[s])
		default:
			cells = append(cells, cell(s))
		}
	}
	return strings.Join(cells, "|")
}
