package gateway_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/internal/testenv"
)

// Parameters the client leaves untyped (OID 0), prepared side by side on
// PostgreSQL 15 and on pitgate: the same inferred types, or the same
// SQLSTATE where PostgreSQL cannot infer one (42P18 could not determine
// data type, 42725 operator or function is not unique).
var untypedCases = []string{
	"SELECT $1",
	"SELECT $1 IS NULL",
	"SELECT $1 IS NOT NULL",
	"SELECT $1 + $2",
	"SELECT $1 = $2",
	"SELECT -$1",
	"SELECT $1 + 1",
	"SELECT $1 || 'x'",
	"SELECT $1::int8",
	"SELECT NOT $1",
	"SELECT coalesce($1, 1)",
	"SELECT upper($1)",
	"SELECT abs($1)",
	"SELECT $1 IN ($2, 3)",
	"SELECT x FROM (VALUES (1)) AS t(x) WHERE $1 IS NULL",
	"SELECT x FROM (VALUES (1)) AS t(x) LIMIT $1",
	"SELECT x FROM (VALUES (1::int4)) AS t(x) WHERE x = $1",
	"SELECT floor($1)",
	"SELECT round($1)",
	"SELECT sqrt($1)",
	"SELECT coalesce(NULL, $1)",
	"SELECT nullif($1, 2)",
	"SELECT greatest($1, 2.5)",
	"SELECT $1 IS NULL, $1::int8",
	"SELECT $1::int8, $1 IS NULL",
	"SELECT $1 = 'a', $1 IS NULL",
	"SELECT CASE WHEN $1 THEN 1 END",
	"SELECT $1 AND true",
}

func TestUntypedParametersMatchPostgres(t *testing.T) {
	pg := connectPG(t, testenv.Postgres(t))
	gw := connectPG(t, "postgres://pitgate@"+serveDemo(t)+"/pitgate?sslmode=disable")
	for _, sql := range untypedCases {
		want, got := prepareAnswer(pg, sql), prepareAnswer(gw, sql)
		if got != want {
			t.Errorf("%q:\npitgate:    %s\npostgresql: %s", sql, got, want)
		}
	}
}

// prepareAnswer prepares sql without parameter types and describes the
// answer: the parameter OIDs, or the SQLSTATE and message.
func prepareAnswer(c *pgconn.PgConn, sql string) string {
	sd, err := c.Prepare(context.Background(), "", sql, nil)
	if err != nil {
		if pgErr, ok := err.(*pgconn.PgError); ok {
			return pgErr.Code + " " + pgErr.Message + " " + pgErr.Hint
		}
		return err.Error()
	}
	return fmt.Sprint(sd.ParamOIDs)
}
