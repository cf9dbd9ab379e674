package wire

import (
	"testing"

	"github.com/jackc/pgx/v5/pgtype"
)

// TestNumericBinaryStripsLikePostgres: numeric_send writes a value's
// base-10000 digits without leading or trailing zero digits (3.0 is one
// digit 3 with display scale 1), where pgtype writes them; wire must send
// PostgreSQL's bytes, whether the value comes as text or as pgtype's
// Numeric.
func TestNumericBinaryStripsLikePostgres(t *testing.T) {
	pg := connectPG(t)
	for _, tc := range []valueCase{
		{"3.0::numeric", pgtype.NumericOID, "3.0"},
		{"3.0::numeric", pgtype.NumericOID, pgtype.Numeric{Int: bigInt(30), Exp: -1, Valid: true}},
		{"10000.00::numeric", pgtype.NumericOID, "10000.00"},
		{"10000.00::numeric", pgtype.NumericOID, pgtype.Numeric{Int: bigInt(1000000), Exp: -2, Valid: true}},
		{"-20000.0::numeric", pgtype.NumericOID, "-20000.0"},
		{"0.00010::numeric", pgtype.NumericOID, "0.00010"},
		{"100000000::numeric", pgtype.NumericOID, pgtype.Numeric{Int: bigInt(1), Exp: 8, Valid: true}},
		{"1.000000001::numeric", pgtype.NumericOID, "1.000000001"},
		{"0.000::numeric", pgtype.NumericOID, "0.000"},
		{"ARRAY[3.0, 10000.00]::numeric[]", pgtype.NumericArrayOID, []any{"3.0", "10000.00"}},
	} {
		t.Run(tc.pgExpr, func(t *testing.T) { compareBinary(t, pg, tc.pgExpr, tc.oid, tc.v) })
	}
}
