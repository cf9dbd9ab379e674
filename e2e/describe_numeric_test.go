package e2e

import (
	"testing"

	"github.com/jackc/pgx/v5/pgtype"
)

// TestNumericParameterArithmetic: a prepared statement doing arithmetic on
// a numeric parameter is described as numeric, so its value is not cut to
// an integer (the describe probe's NULL used to be folded by DuckDB into
// an INTEGER column: 12.345 * 2 came back as 24).
func TestNumericParameterArithmetic(t *testing.T) {
	d := startDemo(t, testConfig())
	pc := connect(t, d).PgConn()
	ctx := withTimeout(t)
	for sql, want := range map[string]string{
		"SELECT $1::numeric * 2":   "24.690",
		"SELECT 2 * $1::numeric":   "24.690",
		"SELECT $1::numeric + 0.5": "12.845",
	} {
		sd, err := pc.Prepare(ctx, "", sql, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := sd.Fields[0].DataTypeOID; got != pgtype.NumericOID {
			t.Errorf("%s is described as type OID %d, want numeric", sql, got)
		}
		res := pc.ExecPrepared(ctx, "", [][]byte{[]byte("12.345")}, nil, nil).Read()
		if res.Err != nil {
			t.Fatalf("%s: %v", sql, res.Err)
		}
		if got := string(res.Rows[0][0]); got != want {
			t.Errorf("%s = %s, want %s (PostgreSQL's answer)", sql, got, want)
		}
	}
}
