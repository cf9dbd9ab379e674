package gateway_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pitgate/pitgate/internal/testenv"
)

// A numeric parameter keeps its own scale, as in PostgreSQL: 12.5 comes
// back 12.5, not DuckDB's DECIMAL(38,10) 12.5000000000. Compared with
// PostgreSQL 15's text output, for values sent as text and in binary.
func TestNumericParametersKeepTheirScale(t *testing.T) {
	pg := connectPG(t, testenv.Postgres(t))
	gw := connectPG(t, "postgres://pitgate@"+serveDemo(t)+"/pitgate?sslmode=disable")
	types := pgtype.NewMap()
	queries := []string{"SELECT $1", "SELECT $1::numeric", "SELECT $1 + 1", "SELECT $1 * 2"}
	values := []string{"12.5", "12.50", "-0.05", "100", "0", "123456789012345678.123456789"}
	for _, q := range queries {
		for _, v := range values {
			for _, format := range []int16{pgtype.TextFormatCode, pgtype.BinaryFormatCode} {
				raw := []byte(v)
				if format == pgtype.BinaryFormatCode {
					var n pgtype.Numeric
					if err := n.Scan(v); err != nil {
						t.Fatal(err)
					}
					var err error
					if raw, err = types.Encode(pgtype.NumericOID, format, n, nil); err != nil {
						t.Fatal(err)
					}
				}
				run := func(c *pgconn.PgConn) string {
					r := c.ExecParams(context.Background(), q, [][]byte{raw}, []uint32{pgtype.NumericOID}, []int16{format}, nil).Read()
					if r.Err != nil {
						return "ERROR " + r.Err.Error()
					}
					return string(r.Rows[0][0])
				}
				if want, got := run(pg), run(gw); got != want {
					t.Errorf("%s with %s (format %d): pitgate %s, PostgreSQL %s", q, v, format, got, want)
				}
			}
		}
	}
}
